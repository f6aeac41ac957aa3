// Sluice dashboard: small progressive enhancements. Every page reads without this file.
(function () {
  "use strict";

  // Selects marked data-autosubmit submit their form on change (the project switcher, filters).
  document.addEventListener("change", function (e) {
    var t = e.target;
    if (t && t.matches && t.matches("select[data-autosubmit]") && t.form) {
      t.form.submit();
    }
  });

  // Copy buttons: data-copy holds the id of the element whose text is copied.
  document.addEventListener("click", function (e) {
    var b = e.target && e.target.closest ? e.target.closest("button[data-copy]") : null;
    if (!b) { return; }
    var src = document.getElementById(b.getAttribute("data-copy"));
    if (!src || !navigator.clipboard) { return; }
    navigator.clipboard.writeText(src.textContent.trim()).then(function () {
      b.textContent = "Copied";
      setTimeout(function () { b.textContent = "Copy"; }, 1500);
    }, function () { b.textContent = "Select and copy"; });
  });

  // Charts: <figure class="chart" data-chart="ID"> with <script type="application/json" id="ID">
  // {"labels": [...series names], "x": [epoch seconds], "y": [[...], ...], "kind": "line"|"bars"}.
  function drawCharts(root) {
    if (typeof uPlot === "undefined") { return; }
    var figs = (root || document).querySelectorAll("figure.chart[data-chart]:not([data-drawn])");
    var palette = ["#2f6fb0", "#c4572a", "#3f8f5a", "#8a5cb8", "#b08a2f", "#4a9aa6", "#b0486f", "#6b6b6b"];
    figs.forEach(function (fig) {
      var dataEl = document.getElementById(fig.getAttribute("data-chart"));
      if (!dataEl) { return; }
      var d = JSON.parse(dataEl.textContent);
      var series = [{}];
      d.labels.forEach(function (label, i) {
        var s = { label: label, stroke: palette[i % palette.length], width: 1.5 };
        if (d.kind === "bars") {
          s.fill = palette[i % palette.length] + "99";
          s.paths = uPlot.paths.bars({ size: [0.7, 40] });
        }
        series.push(s);
      });
      var host = fig.querySelector(".plot") || fig;
      var width = Math.max(280, host.clientWidth || 600);
      var plot = new uPlot({
        width: width, height: d.height || 220, series: series,
        scales: { x: { time: d.time !== false } },
        axes: [{ stroke: "#555", grid: { stroke: "#eee" } }, { stroke: "#555", grid: { stroke: "#eee" } }],
        legend: { show: d.labels.length > 1 || d.legend === true }
      }, [d.x].concat(d.y), host);
      fig.setAttribute("data-drawn", "true");
      window.addEventListener("resize", function () {
        plot.setSize({ width: Math.max(280, host.clientWidth || 600), height: d.height || 220 });
      });
    });
  }

  // "Select all" checkboxes: data-check-all holds the id of the element whose row checkboxes it toggles.
  document.addEventListener("change", function (e) {
    var t = e.target;
    if (!t || !t.matches || !t.matches("input[data-check-all]")) { return; }
    var rows = document.getElementById(t.getAttribute("data-check-all"));
    if (!rows) { return; }
    rows.querySelectorAll("input[type=checkbox]").forEach(function (c) { c.checked = t.checked; });
  });

  // A live list is not replaced while someone has rows ticked for a bulk action or is typing in it.
  document.addEventListener("htmx:beforeRequest", function (e) {
    var el = e.detail && e.detail.elt;
    if (el && el.hasAttribute && el.hasAttribute("data-mark") && el.querySelector("input:checked")) {
      e.preventDefault();
    }
  });

  document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });
  document.addEventListener("htmx:afterSettle", function (e) { drawCharts(e.target); });
})();
