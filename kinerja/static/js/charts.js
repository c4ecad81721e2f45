/* Draws every dashboard chart from its data (a json_script element named by the canvas's
   data-chart attribute) and saves a chart as PNG. No inline scripts: the pages only carry data. */
(function () {
  "use strict";
  var COLOURS = ["#0b5394", "#adb5bd", "#146c43", "#20c997", "#ffc107", "#fd7e14", "#dc3545", "#6f42c1"];
  var PREDIKAT = ["#146c43", "#20c997", "#ffc107", "#fd7e14", "#dc3545"];

  // Long unit names are shortened on the axis (the table beside the chart has them in full).
  function shortLabel(value) {
    var label = this.getLabelForValue ? this.getLabelForValue(value) : value;
    label = String(label);
    return label.length > 28 ? label.slice(0, 27) + "…" : label;
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source || typeof Chart === "undefined") { return; }
    var spec = JSON.parse(source.textContent);
    var stacked = spec.type === "stacked";
    var palette = stacked ? PREDIKAT : COLOURS;
    var datasets = spec.datasets.map(function (d, i) {
      var colour = palette[i % palette.length];
      return {
        label: d.label, data: d.data, backgroundColor: colour, borderColor: colour,
        spanGaps: true, tension: 0.2, pointRadius: 3
      };
    });
    var box = canvas.parentElement;
    if (box && spec.labels.length > 6 && spec.type !== "line") {
      box.style.height = Math.max(260, spec.labels.length * 26 + 80) + "px";
    }
    var suffix = spec.unit || "";
    new Chart(canvas, {
      type: spec.type === "line" ? "line" : "bar",
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        indexAxis: spec.type === "line" ? "x" : (spec.labels.length > 6 ? "y" : "x"),
        scales: {
          x: { stacked: stacked, ticks: { autoSkip: true, callback: shortLabel } },
          y: { stacked: stacked, beginAtZero: true, ticks: { autoSkip: false, callback: shortLabel } }
        },
        plugins: {
          legend: { position: "bottom" },
          tooltip: { callbacks: { label: function (ctx) {
            var v = ctx.raw === null ? "—" : ctx.raw;
            return ctx.dataset.label + ": " + v + suffix;
          } } }
        }
      }
    });
  }

  function savePng(button) {
    var canvas = document.getElementById(button.getAttribute("data-png-for"));
    if (!canvas) { return; }
    var link = document.createElement("a");
    link.href = canvas.toDataURL("image/png");
    link.download = button.getAttribute("data-png-name") || "grafik.png";
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  function init() {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
    document.querySelectorAll("[data-png-for]").forEach(function (button) {
      button.addEventListener("click", function () { savePng(button); });
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
