/* Results pages: year selector, sortable tables, Chart.js charts (radar and rank history). */
(function () {
  "use strict";

  document.querySelectorAll("select[data-navigate]").forEach(function (select) {
    select.addEventListener("change", function () { window.location.href = select.value; });
  });

  // Sortable tables: a click on a header button sorts by the cells' data-value.
  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    table.querySelectorAll("thead .sort-btn").forEach(function (button) {
      button.addEventListener("click", function () {
        var th = button.closest("th");
        var index = Array.prototype.indexOf.call(th.parentNode.children, th);
        var numeric = button.dataset.type === "number";
        var asc = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        // The "⋯ hạng 6–16" lines of a partial table mean something only in rank order: a
        // sort hides them (the page's notice still explains the holes).
        rows = rows.filter(function (row) {
          if (row.hasAttribute("data-gap")) { row.hidden = true; return false; }
          return true;
        });
        var key = function (row) {
          var cell = row.cells[index];
          return cell.hasAttribute("data-value") ? cell.dataset.value : cell.textContent;
        };
        rows.sort(function (a, b) {
          var x = key(a);
          var y = key(b);
          // An empty data-value is a figure not published: last whichever the direction.
          if (numeric && (x === "" || y === "")) { return (x === "") - (y === ""); }
          var cmp = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, "vi");
          return asc ? cmp : -cmp;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });

  // A table wider than its box scrolls sideways; the hint above it says so, only while it does.
  document.querySelectorAll("[data-scroll-hint]").forEach(function (hint) {
    var box = document.getElementById(hint.dataset.scrollHint);
    if (!box) { return; }
    function update() { hint.hidden = box.scrollWidth <= box.clientWidth; }
    update();
    window.addEventListener("resize", update);
  });

  if (typeof Chart === "undefined") { return; }
  // Axis ticks and tooltips in the page's language (0,8 in Vietnamese, 0.8 in English), not
  // the browser's: the numbers on the page around the chart come from core.formatting.
  Chart.defaults.locale = document.documentElement.lang || "vi";
  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  var radar = data("radar-data");
  var radarCanvas = document.getElementById("radar-chart");
  if (radar && radarCanvas) {
    var datasets = [
      { label: radar.unit_name, data: radar.unit, borderColor: "#0d6efd", backgroundColor: "rgba(13,110,253,0.2)" },
      { label: radarCanvas.dataset.avgLabel || "Trung bình", data: radar.average, borderColor: "#6c757d", backgroundColor: "rgba(108,117,125,0.1)" }
    ];
    if (radar.best.length) {
      datasets.push({ label: radar.best_name, data: radar.best, borderColor: "#198754", backgroundColor: "rgba(25,135,84,0.1)" });
    }
    // A radar needs three axes; with fewer main indices the same data is drawn as bars.
    var isRadar = radar.labels.length >= 3;
    radarCanvas.chart = new Chart(radarCanvas, {
      type: isRadar ? "radar" : "bar",
      data: { labels: radar.labels, datasets: datasets },
      options: {
        animation: false,
        scales: isRadar ? { r: { min: 0, max: 1, ticks: { stepSize: 0.2 } } } : { y: { min: 0, max: 1 } }
      }
    });
  }

  // Rank (left axis, 1 on top) and DTI (right axis) by year. Years re-expressed on the merged
  // units (mean of the predecessors; often without a rank) are hollow, reached by a dashed line.
  var history = data("history-data");
  var historyCanvas = document.getElementById("history-chart");
  if (history && historyCanvas) {
    var years = history.filter(function (h) { return h.rank !== null || h.dti !== null; });
    var hollow = function (color) { return years.map(function (h) { return h.reexpressed ? "#ffffff" : color; }); };
    var dashed = { borderDash: function (ctx) { return years[ctx.p1DataIndex].reexpressed ? [5, 4] : undefined; } };
    historyCanvas.chart = new Chart(historyCanvas, {
      type: "line",
      data: {
        labels: years.map(function (h) { return String(h.year); }),
        datasets: [
          { label: historyCanvas.dataset.rankLabel || "Hạng", yAxisID: "y", spanGaps: true, tension: 0.2, borderColor: "#0d6efd",
            data: years.map(function (h) { return h.rank; }), pointBackgroundColor: hollow("#0d6efd"), segment: dashed },
          { label: "DTI", yAxisID: "y1", spanGaps: true, tension: 0.2, borderColor: "#198754",
            data: years.map(function (h) { return h.dti === null ? null : parseFloat(h.dti); }), pointBackgroundColor: hollow("#198754"), segment: dashed }
        ]
      },
      options: {
        animation: false,
        scales: {
          y: { reverse: true, ticks: { precision: 0 }, title: { display: true, text: historyCanvas.dataset.rankLabel || "Hạng" } },
          y1: { position: "right", min: 0, max: 1, grid: { drawOnChartArea: false }, title: { display: true, text: "DTI" } }
        }
      }
    });
  }
})();
