/* The frame's script, joined to the series' one: Material's navigation drawer and its
   sections open through <label>s tied to hidden checkboxes, which a keyboard cannot
   reach without Material's own script (not loaded here): each such label becomes a
   button with its state; the drawer takes the focus when it opens and gives it back
   when it closes (Escape too); the header's search button opens the field in place. */
(function () {
  "use strict";

  // Material shows its navigation as a drawer below this width (its own breakpoint).
  var drawerMode = window.matchMedia("(max-width: 76.234375em)");

  function toggleOf(label) {
    var box = document.getElementById(label.htmlFor);
    return box && box.type === "checkbox" && box.classList.contains("md-toggle") ? box : null;
  }

  function flip(box, checked) {
    box.checked = checked;
    box.dispatchEvent(new Event("change"));
  }

  // A label's role as a button holds where it is shown as one: the drawer's titles
  // (close, back) only in drawer mode; the menu button and the sections' arrows always.
  function isButtonNow(label) {
    if (!label.classList.contains("md-nav__title")) return true;
    return drawerMode.matches && !!label.closest(".md-sidebar--primary");
  }

  function labelButtons() {
    var labels = Array.prototype.slice.call(document.querySelectorAll("label[for]"));
    var buttons = labels.filter(function (label) {
      return toggleOf(label) && !label.classList.contains("md-overlay");
    });
    buttons.forEach(function (label) {
      var box = toggleOf(label);
      // A section's arrow has no text: it is named after its section's link.
      if (!label.textContent.trim()) {
        var link = label.parentNode.querySelector("a");
        if (!link) return;
        label.setAttribute("aria-label", link.textContent.trim());
      }
      function sync() {
        label.setAttribute("aria-expanded", box.checked ? "true" : "false");
      }
      box.addEventListener("change", sync);
      sync();
      label.addEventListener("keydown", function (event) {
        if (event.key !== "Enter" && event.key !== " ") return;
        event.preventDefault();
        flip(box, !box.checked);
      });
    });
    function update() {
      buttons.forEach(function (label) {
        if (isButtonNow(label)) {
          label.setAttribute("role", "button");
          label.tabIndex = 0;
        } else {
          label.removeAttribute("role");
          label.removeAttribute("tabindex");
        }
      });
    }
    update();
    drawerMode.addEventListener("change", update);
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
            .call(sidebar.querySelectorAll("[tabindex='0'], a[href]"))
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

  function init() {
    labelButtons();
    drawer();
    searchButton();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
