/* A table wider than the screen scrolls inside its .table-responsive box; keyboard users
   need to focus that box to scroll it (WCAG 2.1.1), so it gets a tab stop and a name. */
(function () {
  "use strict";
  function markScrollableTables() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        if (!box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
        if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
          var table = box.querySelector("table");
          var caption = table && table.querySelector("caption");
          var name = (caption && caption.textContent.trim()) || (table && table.getAttribute("aria-label"));
          if (name) {
            box.setAttribute("role", "region");
            box.setAttribute("aria-label", name);
          }
        }
      }
    });
  }
  document.addEventListener("DOMContentLoaded", markScrollableTables);
  document.addEventListener("htmx:afterSettle", markScrollableTables);
  window.addEventListener("resize", markScrollableTables);
})();
