/* The frame's script, joined to the series' one: Material's navigation drawer and its
   sections open through <label>s tied to hidden checkboxes, which a keyboard cannot
   reach without Material's own script (not loaded here): each such label becomes a
   button with its state; the drawer takes the focus when it opens and gives it back
   when it closes (Escape too); the header's search button opens the field in place. */
(function () {
  "use strict";

  function toggleOf(label) {
    var box = document.getElementById(label.htmlFor);
    return box && box.type === "checkbox" && box.classList.contains("md-toggle") ? box : null;
  }

  function flip(box, checked) {
    box.checked = checked;
    box.dispatchEvent(new Event("change"));
  }

  // Each label that opens something (the menu, a section, the drawer's titles that close
  // it or go back a level, the contents on a phone) becomes a <button> in its place: a
  // label can be neither focused as a button nor given that role. The button keeps the
  // label's attributes (its `for` included, which Material's stylesheet selects on).
  // The table of contents' own title, beside the page on wide screens, opens nothing.
  function labelButtons() {
    var labels = document.querySelectorAll(
      ".rf-btn--menu, .md-sidebar--primary label.md-nav__link, .md-sidebar--primary label.md-nav__title"
    );
    Array.prototype.forEach.call(labels, function (label) {
      var box = toggleOf(label);
      if (!box) return;
      var button = document.createElement("button");
      button.type = "button";
      Array.prototype.forEach.call(label.attributes, function (attribute) {
        if (attribute.name !== "tabindex") button.setAttribute(attribute.name, attribute.value);
      });
      while (label.firstChild) button.appendChild(label.firstChild);
      // The drawer's title closes it: its name says so after its visible text.
      if (box.id === "__drawer" && button.classList.contains("md-nav__title")) {
        button.setAttribute("aria-label", button.textContent.trim() + " : fermer le menu");
      }
      // A section's arrow has no text: it is named after its section's link.
      if (!button.textContent.trim()) {
        var link = label.parentNode.querySelector("a");
        if (!link) return;
        button.setAttribute("aria-label", link.textContent.trim());
      }
      label.parentNode.replaceChild(button, label);
      function sync() {
        button.setAttribute("aria-expanded", box.checked ? "true" : "false");
      }
      box.addEventListener("change", sync);
      sync();
      button.addEventListener("click", function () {
        flip(box, !box.checked);
      });
    });
  }

  function drawer() {
    var box = document.getElementById("__drawer");
    var menu = document.querySelector(".rf-btn--menu");
    var sidebar = document.querySelector(".md-sidebar--primary");
    if (!box || !menu || !sidebar) return;
    box.addEventListener("change", function () {
      if (box.checked) {
        // The first control the visitor can see: the drawer's title (close) or the
        // opened section's (back) once the drawer's slide has made them visible.
        window.setTimeout(function () {
          var first = Array.prototype.slice
            .call(sidebar.querySelectorAll("button, a[href]"))
            .filter(function (element) {
              return element.getClientRects().length && getComputedStyle(element).visibility === "visible";
            })[0];
          if (first) first.focus();
        }, 0);
      } else if (sidebar.contains(document.activeElement)) {
        menu.focus();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && box.checked) flip(box, false);
    });
  }

  function searchButton() {
    var button = document.querySelector(".rf-btn--search");
    var form = document.getElementById("rf-search");
    if (!button || !form) return;
    button.setAttribute("role", "button");
    function sync() {
      button.setAttribute("aria-expanded", form.classList.contains("rf-search--open") ? "true" : "false");
    }
    sync();
    button.addEventListener("keydown", function (event) {
      if (event.key === " ") {
        event.preventDefault();
        button.click();
      }
    });
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var open = form.classList.toggle("rf-search--open");
      sync();
      if (open) form.querySelector("input").focus();
    });
  }

  // Its own task, apart from the series' parts: the buttons replace the labels first.
  function init() {
    setTimeout(function () {
      labelButtons();
      drawer();
      searchButton();
    }, 0);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
