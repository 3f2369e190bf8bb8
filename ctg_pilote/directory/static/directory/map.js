/*
 * map.js: the services of the directory's results on the map, and the list/map switch on phones.
 *
 * Each result card with coordinates (li.directory-card[data-lat][data-lon]) becomes a marker,
 * grouped into clusters (Leaflet.markercluster) over the commune contours drawn by
 * commune-map.js. Choosing a marker highlights its card and brings it into view (on a phone,
 * the list comes back); the card's title link takes the focus. Names are data, never HTML:
 * tooltips are given text nodes. Set up when the page loads and when htmx swaps the results.
 */
(function (window, document) {
  "use strict";

  function textNode(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }

  function show(root, which) {
    var list = root.querySelector(".directory-list");
    var map = root.querySelector(".directory-map-column");
    if (!list || !map) {
      return;
    }
    list.classList.toggle("directory-hidden", which === "carte");
    map.classList.toggle("directory-hidden", which !== "carte");
    root.querySelectorAll(".directory-views [data-show]").forEach(function (button) {
      button.setAttribute("aria-pressed", button.getAttribute("data-show") === which ? "true" : "false");
    });
    if (which === "carte" && root._directoryFit) {
      root._directoryFit();  /* a map drawn while hidden has no size: fit it now */
    }
  }

  function select(root, card) {
    root.querySelectorAll(".directory-card.is-selected").forEach(function (other) {
      other.classList.remove("is-selected");
    });
    card.classList.add("is-selected");
    show(root, "liste");
    card.scrollIntoView({ block: "center" });
    var link = card.querySelector("h3 a");
    if (link) {
      link.focus({ preventScroll: true });
    }
  }

  function addMarkers(root, element) {
    var L = window.L;
    if (!L || !L.markerClusterGroup || !window.ctgCommuneMap) {
      return;
    }
    var cards = Array.prototype.slice.call(root.querySelectorAll(".directory-card[data-lat][data-lon]"));
    window.ctgCommuneMap(element).then(function (map) {
      if (!map) {
        return;
      }
      if (map.getMaxZoom() === Infinity) {
        map.setMaxZoom(18);  /* clusters need a last zoom level; the map has no tiles to say it */
      }
      var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 });
      var bounds = [];
      cards.forEach(function (card) {
        var position = [parseFloat(card.getAttribute("data-lat")), parseFloat(card.getAttribute("data-lon"))];
        if (isNaN(position[0]) || isNaN(position[1])) {
          return;
        }
        var name = card.getAttribute("data-name") || "";
        var marker = L.marker(position, { title: name, alt: name, keyboard: true });
        marker.bindTooltip(textNode(name));
        marker.on("click", function () { select(root, card); });
        cluster.addLayer(marker);
        bounds.push(position);
      });
      map.addLayer(cluster);
      var all = bounds.length ? L.latLngBounds(bounds) : null;
      map.eachLayer(function (layer) {
        if (layer.getBounds && layer !== cluster && layer.getBounds().isValid()) {
          all = all ? all.extend(layer.getBounds()) : L.latLngBounds(layer.getBounds());
        }
      });
      root._directoryFit = function () {
        map.invalidateSize();
        if (all) {
          map.fitBounds(all, { padding: [16, 16] });
        }
      };
      root._directoryFit();
    });
  }

  function setUp(root) {
    var results = root.querySelector ? root.querySelector(".directory-layout") : null;
    var scope = root.closest ? (root.closest("#resultats") || root) : root;
    if (!results) {
      return;
    }
    var views = scope.querySelector(".directory-views");
    if (views) {
      views.hidden = false;
      views.querySelectorAll("[data-show]").forEach(function (button) {
        button.addEventListener("click", function () { show(scope, button.getAttribute("data-show")); });
      });
      show(scope, "liste");
    }
    var element = scope.querySelector(".directory-map");
    if (element) {
      addMarkers(scope, element);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  } else {
    setUp(document);
  }
  document.addEventListener("htmx:load", function (event) {
    var elt = event.detail && event.detail.elt;
    if (elt && elt.querySelector && elt.querySelector(".directory-layout")) {
      setUp(elt);
    }
  });
})(window, document);
