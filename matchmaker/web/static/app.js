// Matchmaker staff pages: the little that CSS cannot do alone. No framework, nothing inline.
(function () {
  "use strict";

  // On a phone a table is read as cards: each cell carries its column's name (see app.css).
  function labelCells(root) {
    root.querySelectorAll("table").forEach(function (table) {
      var names = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      if (!names.length) return;
      table.classList.add("cards");
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, i) {
          if (names[i] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", names[i]);
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    labelCells(document);
    document.querySelectorAll(".print-button").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
    // A form reached from a link that already chose for it (申请接续 from 寻找下一站) opens at once.
    document.querySelectorAll("[popover][data-open-on-load]").forEach(function (el) { el.showPopover(); });
    var toggle = document.querySelector(".menu-toggle");
    if (toggle) {
      toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") !== "true";
        toggle.setAttribute("aria-expanded", String(open));
        document.querySelector(".top").classList.toggle("open", open);
      });
    }
  });
  // Rows that htmx swaps in (filters, pages of results) get their labels too.
  document.addEventListener("htmx:afterSwap", function (event) { labelCells(event.target.closest("table") || event.target); });
})();
