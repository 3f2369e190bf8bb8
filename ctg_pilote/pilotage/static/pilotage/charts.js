/*
 * charts.js: draws each <canvas class="pilotage-chart" data-chart="doughnut|bar|stacked"
 * data-table="ID"> from the table it names (the table stays on the page: it is the text
 * alternative). Row headers are the labels; cells with data-value are the series.
 */
(function () {
  "use strict";
  var COLOURS = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#7f7f7f"];

  function read(table) {
    var headers = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    }).slice(1);
    var labels = [];
    var series = [];
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      var th = tr.querySelector("th");
      var cells = tr.querySelectorAll("td[data-value]");
      if (!th || !cells.length) { return; }
      labels.push(th.textContent.trim().slice(0, 40));
      cells.forEach(function (td, i) {
        series[i] = series[i] || [];
        series[i].push(Number(td.getAttribute("data-value")) || 0);
      });
    });
    return { headers: headers, labels: labels, series: series };
  }

  function draw(canvas) {
    if (!window.Chart) { return; }
    var table = document.getElementById(canvas.getAttribute("data-table"));
    if (!table) { return; }
    var data = read(table);
    var kind = canvas.getAttribute("data-chart");
    var datasets = data.series.map(function (values, i) {
      return {
        label: data.headers[i],
        data: values,
        backgroundColor: kind === "doughnut" ? COLOURS : COLOURS[i % COLOURS.length]
      };
    });
    new window.Chart(canvas, {
      type: kind === "doughnut" ? "doughnut" : "bar",
      data: { labels: data.labels, datasets: kind === "doughnut" ? datasets.slice(0, 1) : datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: kind === "doughnut" ? {} : { x: { stacked: kind === "stacked" }, y: { stacked: kind === "stacked", beginAtZero: true } }
      }
    });
  }

  document.querySelectorAll("canvas.pilotage-chart").forEach(function (canvas) {
    var box = document.createElement("div");
    box.style.position = "relative";
    box.style.height = (canvas.getAttribute("height") || 220) + "px";
    canvas.parentNode.insertBefore(box, canvas);
    box.appendChild(canvas);
    draw(canvas);
  });
})();
