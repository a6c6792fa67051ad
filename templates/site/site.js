// attu website: sort and filter the table of states. Hand-written, no framework; without it the
// table is a plain table (the filter form stays hidden).
"use strict";
(function () {
  function valueOf(cell) {
    var value = cell.getAttribute("data-value");
    return value !== null ? value : cell.textContent.trim();
  }

  function makeSortable(table) {
    var headers = table.tHead.rows[0].cells;
    var body = table.tBodies[0];
    Array.prototype.forEach.call(headers, function (header, column) {
      var button = document.createElement("button");
      button.type = "button";
      while (header.firstChild) button.appendChild(header.firstChild);
      header.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = valueOf(a.cells[column]), y = valueOf(b.cells[column]);
          if (x === y) return valueOf(a.cells[0]) < valueOf(b.cells[0]) ? -1 : 1;
          if (x === "") return 1;  // empty dates last, whichever the direction
          if (y === "") return -1;
          var order = x.localeCompare(y, document.documentElement.lang);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function makeFilter(form) {
    var table = document.getElementById(form.getAttribute("data-table"));
    var text = form.querySelector("input");
    var status = form.querySelector("select");
    var count = form.querySelector("output");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    function apply() {
      var wanted = fold(text.value.trim());
      var shown = 0;
      rows.forEach(function (row) {
        var visible = (!wanted || fold(row.getAttribute("data-search")).indexOf(wanted) !== -1) &&
          (!status.value || row.getAttribute("data-status") === status.value);
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      count.textContent = count.getAttribute("data-template")
        .replace("{shown}", shown.toLocaleString(document.documentElement.lang))
        .replace("{total}", rows.length.toLocaleString(document.documentElement.lang));
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    text.addEventListener("input", apply);
    status.addEventListener("change", apply);
    form.hidden = false;
    apply();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), makeSortable);
    Array.prototype.forEach.call(document.querySelectorAll("form.table-filter"), makeFilter);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
