/*
 * epci-map.js: the EPCIs of a département coloured by the status of their CTG, with Leaflet
 * and no tile layer. Markup: <div id="epci-map" data-geojson-url="..."></div>; the legend
 * swatches `.status-swatch-<status>` are filled with the same colours.
 */
(function () {
  "use strict";
  var COLOURS = {
    sans_ctg: "#e0e0e0",
    en_preparation: "#e69f00",
    signee: "#56b4e9",
    en_cours: "#0072b2",
    en_evaluation: "#009e73",
    terminee: "#7f7f7f"
  };
  document.querySelectorAll(".status-swatch-sans_ctg, [class*='status-swatch-']").forEach(function (el) {
    var m = el.className.match(/status-swatch-([a-z_]+)/);
    if (m) { el.style.background = COLOURS[m[1]] || "#ccc"; }
  });
  var box = document.getElementById("epci-map");
  if (!box || !window.L) { return; }
  var map = L.map(box, { attributionControl: false, zoomSnap: 0.25 });
  fetch(box.getAttribute("data-geojson-url"), { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        style: function (f) {
          return { color: "#555", weight: 0.5, fillOpacity: 0.85, fillColor: COLOURS[f.properties.status] || "#ccc" };
        },
        onEachFeature: function (f, l) {
          var p = f.properties;
          // Names are data, never HTML: Leaflet gets an element holding text.
          var tip = document.createElement("span");
          tip.textContent = p.name + " — " + p.status_label + (p.ctg ? " (" + p.ctg + ")" : "");
          l.bindTooltip(tip);
        }
      }).addTo(map);
      if (layer.getBounds().isValid()) { map.fitBounds(layer.getBounds()); }
      box.setAttribute("data-loaded", String(data.features.length));
    });
})();
