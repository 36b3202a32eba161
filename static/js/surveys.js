// Survey results charts. Data comes from json_script elements; the tables beside the charts
// carry the same numbers for screen readers and for anyone without JavaScript.
(function () {
  "use strict";
  if (typeof Chart === "undefined") {
    return;
  }
  var palette = ["#0b5394", "#3d85c6", "#9fc5e8", "#cfe2f3", "#e69138", "#6aa84f", "#999999"];
  document.querySelectorAll("canvas[data-survey-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.surveyChart);
    if (!source) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var stacked = data.type === "stacked";
    var datasets = data.series.map(function (series, index) {
      return {
        label: series.label,
        data: series.values,
        backgroundColor: stacked ? palette[index % palette.length] : palette[1],
      };
    });
    new Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: datasets },
      options: {
        indexAxis: stacked ? "y" : "x",
        maintainAspectRatio: false,
        responsive: true,
        plugins: { legend: { display: stacked } },
        scales: {
          x: { stacked: stacked, beginAtZero: true },
          y: { stacked: stacked, beginAtZero: true, ticks: { precision: 0 } },
        },
      },
    });
  });
})();
