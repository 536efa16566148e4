/* The series' only script: click-to-load facades, chapters and transcript that seek and
   follow the video, the quality choice, the captions and « Écouter seulement » toggles,
   and a search that downloads nothing until the search field is focused. No framework;
   every page works without it. */
(function () {
  "use strict";

  function $(selector, root) {
    return (root || document).querySelector(selector);
  }
  function $$(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }
  function stored(key, value) {
    try {
      if (value === undefined) return localStorage.getItem(key);
      localStorage.setItem(key, value);
    } catch (error) {
      return null; // storage refused: the choice lasts for this page only
    }
  }

  /* -- Player ---------------------------------------------------------------------- */

  // #t=135 (chapters, shared links) or ?t=135 (search engines' key moments).
  function startFrom(place) {
    var match = /^#t=(\d+)$/.exec(place.hash || "") || /[?&]t=(\d+)(?:&|$)/.exec(place.search || "");
    return match ? parseInt(match[1], 10) : null;
  }

  // Third-party player: created only now that the visitor asked for it. The click was
  // the request to play, so the player starts (autoplay=1, understood by Dailymotion,
  // YouTube and PeerTube) instead of waiting for a second click.
  function loadFacade(facade, start) {
    var url = facade.getAttribute("data-ep-embed");
    url += (url.indexOf("?") < 0 ? "?" : "&") + "autoplay=1";
    if (start) url += "&start=" + start;
    var frame = document.createElement("iframe");
    frame.src = url;
    frame.title = facade.getAttribute("data-ep-title");
    frame.className = "ep-facade__frame";
    frame.setAttribute("allow", "autoplay; fullscreen; picture-in-picture");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    facade.replaceChildren(frame);
    frame.focus();
  }

  function seek(start) {
    var video = $("#ep-video");
    var facade = $(".ep-facade");
    var listening = $('[data-ep-listen][aria-pressed="true"]');
    if (listening) {
      // Listening only: the moment is played by the sound, the video stays paused.
      seekMedia($("#ep-audio"), start);
      $("#ep-audio").play();
    } else if (video) {
      seekMedia(video, start);
      video.play();
      video.scrollIntoView({ block: "nearest" });
    } else if (facade) {
      loadFacade(facade, start);
      facade.scrollIntoView({ block: "nearest" });
    }
  }

  // « Qualité : sobre / standard », remembered; sobre by default on small screens.
  function quality(video) {
    var form = $(".ep-quality");
    if (!form) return;
    function apply(choice, keepPlaying) {
      var input = $('input[value="' + choice + '"]', form);
      if (!input) return;
      input.checked = true;
      var url = input.getAttribute("data-src");
      if (video.getAttribute("src") === url) return;
      var time = video.currentTime;
      var playing = !video.paused;
      video.setAttribute("src", url);
      if (keepPlaying && (time || playing)) {
        seekMedia(video, time);
        if (playing) video.play();
      }
    }
    var small = window.matchMedia("(max-width: 48em)").matches;
    apply(stored("ep-quality") || (small ? "sobre" : "standard"), false);
    form.hidden = false;
    form.addEventListener("change", function (event) {
      stored("ep-quality", event.target.value);
      apply(event.target.value, true);
    });
  }

  // The transcript paragraph being spoken, for sighted and assistive readers alike.
  function follow(video) {
    var paragraphs = $$("p[data-start]");
    if (!paragraphs.length) return;
    var current = null;
    video.addEventListener("timeupdate", function () {
      var now = null;
      paragraphs.forEach(function (p) {
        if (parseFloat(p.getAttribute("data-start")) <= video.currentTime) now = p;
      });
      if (now === current) return;
      if (current) current.removeAttribute("aria-current");
      if (now) now.setAttribute("aria-current", "time");
      current = now;
    });
  }

  // Setting a position before the metadata has loaded (preload="none") would be lost.
  function seekMedia(media, time) {
    if (media.readyState >= 1) {
      media.currentTime = time;
    } else {
      media.addEventListener("loadedmetadata", function () { media.currentTime = time; }, { once: true });
    }
  }

  // « Sous-titres »: the first captions track shown or hidden, the choice remembered.
  function captionsButton(video) {
    var button = $("[data-ep-captions]");
    var track = video.textTracks[0];
    if (!button || !track) return;
    function show(on) {
      track.mode = on ? "showing" : "hidden";
      button.setAttribute("aria-pressed", on ? "true" : "false");
    }
    show(stored("ep-captions") !== "off");
    button.addEventListener("click", function () {
      var on = button.getAttribute("aria-pressed") !== "true";
      stored("ep-captions", on ? "on" : "off");
      show(on);
    });
    // The browser's own captions menu changes the same track: the button follows it.
    video.textTracks.addEventListener("change", function () {
      button.setAttribute("aria-pressed", track.mode === "showing" ? "true" : "false");
    });
  }

  // « Écouter seulement »: the video pauses and the sound alone goes on from the same
  // moment; pressed again, the video takes over where the sound was. Whichever of the two
  // is started, the other stops: never both at once.
  function listenOnly(video) {
    var button = $("[data-ep-listen]");
    var audio = $("#ep-audio");
    if (!button || !audio) return;
    function handOver(from, to, play) {
      var time = from.currentTime;
      var playing = play || !from.paused;
      from.pause();
      seekMedia(to, time);
      if (playing) to.play();
    }
    button.addEventListener("click", function () {
      var listening = button.getAttribute("aria-pressed") !== "true";
      button.setAttribute("aria-pressed", listening ? "true" : "false");
      if (listening) handOver(video, audio, true);
      else handOver(audio, video, false);
    });
    audio.addEventListener("play", function () {
      if (!video.paused) handOver(video, audio, true);
      button.setAttribute("aria-pressed", "true");
    });
    video.addEventListener("play", function () {
      if (!audio.paused) handOver(audio, video, true);
      button.setAttribute("aria-pressed", "false");
    });
  }

  function player() {
    var facade = $(".ep-facade");
    var video = $("#ep-video");
    var pending = startFrom(window.location);
    if (facade) {
      $("button", facade).addEventListener("click", function () { loadFacade(facade, pending); });
    }
    if (video) {
      quality(video);
      follow(video);
      captionsButton(video);
      listenOnly(video);
      var controls = $("[data-ep-controls]");
      if (controls) controls.hidden = false;
      // « Lien vers un moment précis » follows playback.
      var moment = $("[data-ep-moment]");
      if (moment) {
        video.addEventListener("timeupdate", function () {
          moment.value = moment.getAttribute("data-ep-moment") + "#t=" + Math.floor(video.currentTime);
        });
      }
      // A shared link to a moment (#t=135) starts there, but only once play is pressed.
      if (pending) {
        video.addEventListener("play", function () {
          if (video.currentTime < 1) seekMedia(video, pending);
        }, { once: true });
      }
    }
    // Chapters and transcript times are links to a moment: #t=135.
    $$('a[href^="#t="]').forEach(function (link) {
      link.addEventListener("click", function () {
        seek(parseInt(link.getAttribute("href").slice(3), 10));
      });
    });
  }

  /* -- Search ---------------------------------------------------------------------- */

  function search() {
    var form = $("form[data-ep-search]");
    if (!form) return;
    var input = $("input[type=search]", form);
    var status = $("#ep-search-status");
    var list = $("#ep-search-page") || $("#ep-search-results");
    var bundle = new URL(form.getAttribute("data-ep-search"), document.baseURI).href;
    var engine = null;
    var timer = null;

    // Pagefind's runtime and index are fetched on focus, never with the page.
    function load() {
      if (!engine) {
        engine = import(bundle + "pagefind.js").then(function (pagefind) {
          pagefind.options({ baseUrl: new URL(bundle + "../").pathname, excerptLength: 20 });
          return pagefind;
        });
      }
      return engine;
    }

    // Excerpts come as HTML with <mark>; keep their text and marks only.
    function excerpt(html) {
      var template = document.createElement("template");
      template.innerHTML = html;
      var p = document.createElement("p");
      template.content.childNodes.forEach(function (node) {
        var part = node.nodeName === "MARK" ? document.createElement("mark") : document.createTextNode("");
        part.textContent = node.textContent;
        p.appendChild(part);
      });
      return p;
    }

    function link(url, text) {
      var a = document.createElement("a");
      a.href = url;
      a.textContent = text;
      return a;
    }

    function show(query, results) {
      list.replaceChildren();
      results.forEach(function (data) {
        var item = document.createElement("li");
        item.appendChild(link(data.url, data.meta.title || data.url));
        item.appendChild(excerpt(data.excerpt));
        var chapters = (data.sub_results || []).filter(function (sub) {
          return sub.url.indexOf("#chapitre-") > 0;
        });
        if (chapters.length) {
          var where = document.createElement("p");
          where.appendChild(document.createTextNode("Dans le chapitre : "));
          where.appendChild(link(chapters[0].url, chapters[0].title));
          item.appendChild(where);
        }
        list.appendChild(item);
      });
      list.hidden = !results.length;
      status.textContent = results.length
        ? results.length + (results.length > 1 ? " résultats" : " résultat") + " pour « " + query + " »"
        : "Aucun résultat pour « " + query + " »";
    }

    function run() {
      var query = input.value.trim();
      if (query.length < 2) {
        list.hidden = true;
        status.textContent = "";
        return;
      }
      load().then(function (pagefind) { return pagefind.search(query); }).then(function (found) {
        // Five results: each one costs a fragment download.
        return Promise.all(found.results.slice(0, 5).map(function (r) { return r.data(); }));
      }).then(function (results) {
        if (input.value.trim() === query) show(query, results);
      }).catch(function () {
        status.textContent = "La recherche n'a pas pu se charger.";
      });
    }

    input.addEventListener("focus", load, { once: true });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 250);
    });
    form.addEventListener("submit", function (event) {
      if ($("#ep-search-page")) {
        event.preventDefault();
        run();
      }
    });
    var asked = new URLSearchParams(window.location.search).get("q");
    if (asked && $("#ep-search-page")) {
      input.value = asked;
      run();
    }
  }

  /* -- Heading links: a click also copies the section's address ------------------- */

  function headingLinks() {
    var status = $("#ep-copy-status");
    if (!status || !navigator.clipboard) return;
    $$(".md-typeset .headerlink").forEach(function (link) {
      link.addEventListener("click", function () {
        var url = new URL(link.getAttribute("href"), window.location.href).href;
        navigator.clipboard.writeText(url).then(function () {
          status.textContent = "Lien de la section copié : " + url;
        }, function () {
          status.textContent = "";
        });
      });
    });
  }

  /* -- Resources: filter by theme and type (sections and anchors work without it) -- */

  function resourceFilter() {
    var form = $(".ep-resource-filter");
    if (!form) return;
    var status = $("#ep-filter-status");
    function apply() {
      var theme = form.elements.theme.value;
      var type = form.elements.type.value;
      var shown = 0;
      $$(".ep-resource").forEach(function (item) {
        var match = (!theme || item.getAttribute("data-themes").split(" ").indexOf(theme) >= 0) &&
          (!type || item.getAttribute("data-type") === type);
        item.hidden = !match;
        if (match) shown += 1;
      });
      $$(".ep-resource-section").forEach(function (section) {
        section.hidden = !$(".ep-resource:not([hidden])", section);
      });
      status.textContent = shown + (shown > 1 ? " ressources affichées" : " ressource affichée");
    }
    form.hidden = false;
    form.addEventListener("change", apply);
  }

  /* -- Copy buttons (the feed's address): shown only if the clipboard can be written */

  function copyButtons() {
    if (!navigator.clipboard) return;
    $$("[data-ep-copy]").forEach(function (button) {
      var field = document.getElementById(button.getAttribute("data-ep-copy"));
      var status = button.nextElementSibling;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(field.value).then(function () {
          status.textContent = "Adresse copiée.";
        }, function () {
          field.select();
          status.textContent = "Copie refusée : l'adresse est sélectionnée.";
        });
      });
    });
  }

  // Each part in a task of its own: on a slow phone, no single task keeps the page from
  // answering a tap for long (total blocking time). The resources' filter and the copy
  // buttons run at once: they show controls the HTML keeps hidden above content that a
  // later reveal would push down (a layout shift). The player's controls sit below the
  // video, whose box is already sized.
  function init() {
    copyButtons();
    resourceFilter();
    [player, search, headingLinks].forEach(function (part) {
      setTimeout(part, 0);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
