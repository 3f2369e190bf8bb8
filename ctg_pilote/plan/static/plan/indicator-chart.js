/*
 * indicator-chart.js: draws the indicator page's chart from the JSON of
 * <script id="indicator-chart-data"> (json_script): the trajectory (baseline, then targets)
 * as a dashed line and the measured values as a solid one; null is "not known", not 0.
 * The table under the chart holds the same data.
 */
(function () {
  "use strict";
  var canvas = document.getElementById("indicator-chart");
  var source = document.getElementById("indicator-chart-data");
  if (!canvas || !source || !window.Chart) { return; }
  var data = JSON.parse(source.textContent);
  var box = document.createElement("div");
  box.style.position = "relative";
  box.style.height = (canvas.getAttribute("height") || 260) + "px";
  canvas.parentNode.insertBefore(box, canvas);
  box.appendChild(canvas);
  new window.Chart(canvas, {
    type: "line",
    data: {
      labels: data.years,
      datasets: [
        {
          label: data.labels.trajectory,
          data: data.trajectory,
          borderColor: "#e69f00",
          backgroundColor: "#e69f00",
          borderDash: [6, 4],
          pointStyle: "rectRot",
          pointRadius: 5,
          spanGaps: true
        },
        {
          label: data.labels.measured,
          data: data.measured,
          borderColor: "#0072b2",
          backgroundColor: "#0072b2",
          pointRadius: 5,
          spanGaps: true
        }
      ]
    },
    options: {
      locale: document.documentElement.lang || "fr",
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { y: { title: { display: !!data.labels.unit, text: data.labels.unit } } }
    }
  });
})();
