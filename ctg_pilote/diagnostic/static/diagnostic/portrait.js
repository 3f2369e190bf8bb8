/*
 * portrait.js: the diagnostic's age chart (Chart.js) and choropleth map (Leaflet, no tiles).
 *
 * Markup:
 *   <canvas id="age-chart"></canvas> + <script type="application/json" id="age-data">
 *     {"labels": [...], "values": [...], "unit": "%"}
 *   <div class="choropleth-map" data-geojson-url="…/carte.geojson?indicateur=CODE"></div>
 *     The GeoJSON features carry the properties of territories/geojson.py (code, name,
 *     population) plus valeur (number or null) and denominateur_nul; the collection
 *     carries "indicateur" {libelle, unite, annee, source}.
 *     Optional "points" [{lat, lon, nom, type}] are drawn as markers (équipements).
 *   <button data-png-chart="age-chart" data-png-name="file.png"> downloads the chart as PNG.
 * Communes are coloured in five quantile classes (sequential blues); no value is grey.
 * Approach taken from core/static/js/commune-map.js.
 */
(function (window, document) {
  "use strict";

  var CLASS_COLOURS = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"];
  var NO_VALUE = "#d9d9d9";

  function fr(value, decimals) {
    return Number(value).toLocaleString("fr-FR", {
      minimumFractionDigits: decimals, maximumFractionDigits: decimals
    });
  }

  function ageChart() {
    var canvas = document.getElementById("age-chart");
    var data = document.getElementById("age-data");
    if (!canvas || !data || !window.Chart) {
      return;
    }
    var age = JSON.parse(data.textContent);
    var primary = window.getComputedStyle(document.documentElement)
      .getPropertyValue("--ctg-primary").trim() || "#1f4e8c";
    canvas._chart = new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: age.labels,
        datasets: [{ label: age.unit, data: age.values, backgroundColor: primary }]
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: function (item) {
                return fr(item.raw, age.unit === "%" ? 1 : 0) + " " + age.unit;
              }
            }
          }
        },
        scales: { y: { beginAtZero: true } }
      },
      plugins: [{
        id: "white-background",
        beforeDraw: function (chart) {
          var ctx = chart.ctx;
          ctx.save();
          ctx.fillStyle = "#ffffff";
          ctx.fillRect(0, 0, chart.width, chart.height);
          ctx.restore();
        }
      }]
    });
  }

  function pngButtons() {
    document.querySelectorAll("[data-png-chart]").forEach(function (button) {
      button.addEventListener("click", function () {
        var canvas = document.getElementById(button.getAttribute("data-png-chart"));
        if (!canvas || !canvas._chart) {
          return;
        }
        var link = document.createElement("a");
        link.href = canvas._chart.toBase64Image("image/png", 1);
        link.download = button.getAttribute("data-png-name") || "graphique.png";
        document.body.appendChild(link);
        link.click();
        link.remove();
      });
    });
  }

  function quantileBreaks(values) {
    var sorted = values.slice().sort(function (a, b) { return a - b; });
    var breaks = [];
    for (var i = 1; i < CLASS_COLOURS.length; i++) {
      breaks.push(sorted[Math.floor(i * sorted.length / CLASS_COLOURS.length)]);
    }
    return breaks;
  }

  function classOf(value, breaks) {
    var index = 0;
    while (index < breaks.length && value > breaks[index]) {
      index++;
    }
    return index;
  }

  /* Names are data, never HTML: Leaflet is given an element holding text, not a string. */
  function textTooltip(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }

  function drawMap(element, data) {
    var L = window.L;
    var info = data.indicateur || {};
    var decimals = info.unite === "nombre" ? 0 : 1;
    var unit = info.unite === "nombre" ? "" : " " + info.unite;
    var features = (data.features || []).filter(function (f) { return f.geometry; });
    var values = features.map(function (f) { return f.properties.valeur; })
      .filter(function (v) { return v !== null && v !== undefined; });
    var breaks = quantileBreaks(values);
    element.textContent = "";
    var map = L.map(element, {
      attributionControl: false, scrollWheelZoom: false, zoomSnap: 0.25,
      dragging: !L.Browser.mobile, renderer: L.svg({ padding: 0.5 })
    });
    var layer = L.geoJSON({ type: "FeatureCollection", features: features }, {
      style: function (feature) {
        var v = feature.properties.valeur;
        return {
          color: "#333333", weight: 1, fillOpacity: 0.85,
          fillColor: v === null || v === undefined ? NO_VALUE : CLASS_COLOURS[classOf(v, breaks)]
        };
      },
      onEachFeature: function (feature, featureLayer) {
        var p = feature.properties;
        var text = p.name + " — " + (p.valeur === null || p.valeur === undefined
          ? (p.denominateur_nul ? "dénominateur nul" : "non disponible")
          : fr(p.valeur, decimals) + unit);
        featureLayer.bindTooltip(textTooltip(text), { sticky: true });
        featureLayer.on("add", function () {
          var el = featureLayer.getElement();
          if (el) {
            el.setAttribute("role", "img");
            el.setAttribute("aria-label", text);
            el.setAttribute("data-code", p.code);
          }
        });
      }
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [8, 8] });
    (data.points || []).forEach(function (point) {
      L.circleMarker([point.lat, point.lon], {
        radius: 6, color: "#000000", weight: 1, fillColor: "#e69f00", fillOpacity: 1
      }).bindTooltip(textTooltip(point.nom + " (" + point.type + ")")).addTo(map);
    });

    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      var box = L.DomUtil.create("div", "commune-map-legend choropleth-legend");
      var title = L.DomUtil.create("p", "mb-1 fw-bold", box);
      title.textContent = info.libelle || "";
      var list = L.DomUtil.create("ul", "list-unstyled mb-0", box);
      /* Each class shows the values its communes really have: "0" alone when they all have 0,
         never "0 – 0"; a class no commune falls in is left out. */
      CLASS_COLOURS.forEach(function (colour, i) {
        var members = values.filter(function (v) { return classOf(v, breaks) === i; });
        if (!members.length) {
          return;
        }
        var low = Math.min.apply(null, members);
        var high = Math.max.apply(null, members);
        var item = L.DomUtil.create("li", "", list);
        var swatch = L.DomUtil.create("span", "commune-map-swatch", item);
        swatch.style.backgroundColor = colour;
        item.appendChild(document.createTextNode(" " + fr(low, decimals) +
          (high > low ? " – " + fr(high, decimals) : "") + unit));
      });
      var none = L.DomUtil.create("li", "", list);
      var noneSwatch = L.DomUtil.create("span", "commune-map-swatch", none);
      noneSwatch.style.backgroundColor = NO_VALUE;
      none.appendChild(document.createTextNode(" non disponible"));
      return box;
    };
    legend.addTo(map);
    var source = document.getElementById("choropleth-source");
    if (source && info.source) {
      source.textContent = "Source : " + info.source + (info.annee ? ", " + info.annee : "");
    }
    element.setAttribute("data-ready", "true");
  }

  function choropleth() {
    var element = document.querySelector(".choropleth-map");
    if (!element || !window.L || !window.fetch) {
      return;
    }
    element.setAttribute("role", "group");
    element.setAttribute("aria-label", element.getAttribute("data-label") || "Carte");
    element.textContent = "Chargement de la carte…";
    window.fetch(element.getAttribute("data-geojson-url"), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (data) { drawMap(element, data); })
      .catch(function () {
        element.textContent = "La carte n’a pas pu être chargée ; les valeurs restent dans le tableau de comparaison.";
      });
  }

  function init() {
    ageChart();
    pngButtons();
    choropleth();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})(window, document);
