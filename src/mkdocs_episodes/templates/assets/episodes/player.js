/* Episode page behaviour: the click-to-load facade of third-party players and chapter
   links that seek. No framework, no dependency; the page works without it. */
(function () {
  "use strict";

  function startFrom(hash) {
    var match = /^#t=(\d+)$/.exec(hash || "");
    return match ? parseInt(match[1], 10) : null;
  }

  // Third-party player: created only now that the visitor asked for it.
  function loadFacade(facade, start) {
    var url = facade.getAttribute("data-ep-embed");
    if (start) {
      url += (url.indexOf("?") < 0 ? "?" : "&") + "start=" + start;
    }
    var frame = document.createElement("iframe");
    frame.src = url;
    frame.title = facade.getAttribute("data-ep-title");
    frame.className = "ep-facade__frame";
    frame.setAttribute("allow", "fullscreen; picture-in-picture");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    facade.replaceChildren(frame);
    facade.classList.add("ep-facade--loaded");
    frame.focus();
  }

  // Before its metadata has loaded (preload="none"), a video ignores a new position:
  // set it once the browser knows the duration.
  function seekVideo(video, start) {
    if (video.readyState >= 1) {
      video.currentTime = start;
    } else {
      video.addEventListener(
        "loadedmetadata",
        function () {
          video.currentTime = start;
        },
        { once: true }
      );
    }
  }

  function seek(start) {
    var video = document.getElementById("ep-video");
    var facade = document.querySelector(".ep-facade");
    if (video) {
      seekVideo(video, start);
      video.play();
      video.scrollIntoView({ block: "nearest" });
    } else if (facade) {
      loadFacade(facade, start);
      facade.scrollIntoView({ block: "nearest" });
    }
  }

  function init() {
    var facade = document.querySelector(".ep-facade");
    var video = document.getElementById("ep-video");
    var pending = startFrom(window.location.hash);

    if (facade) {
      facade.querySelector("button").addEventListener("click", function () {
        loadFacade(facade, pending);
      });
    }
    // A shared link to a moment (#t=135) starts there, but only when play is pressed:
    // seeking now would download media before the visitor asks.
    if (video && pending) {
      video.addEventListener(
        "play",
        function () {
          if (video.currentTime < 1) {
            seekVideo(video, pending);
          }
        },
        { once: true }
      );
    }
    document.querySelectorAll("[data-ep-seek]").forEach(function (link) {
      link.addEventListener("click", function () {
        seek(parseInt(link.getAttribute("data-ep-seek"), 10));
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
