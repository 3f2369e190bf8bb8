/*
 * commune-map.js: maps of commune contours with Leaflet, WITHOUT any tile layer.
 *
 * Markup (Leaflet's CSS and JS must be on the page before this script):
 *
 *   <div class="commune-map"
 *        data-geojson-url="/ctg/<slug>/communes.geojson"
 *        data-label="Carte des 12 communes de la CTG"></div>
 *
 * The URL returns a GeoJSON FeatureCollection (WGS 84) whose features have the properties
 * code, name, population (number or null) and optionally zone (a name, or null). Communes are
 * coloured by zone when at least one has a zone (with a legend), else in the brand colour.
 * Hovering or focusing a commune shows "Nom — 12 345 habitants". Keyboard: Tab reaches the
 * map's first commune, arrow keys move to the next/previous commune (sorted by name), Home/End
 * to the first/last. The page must also show the communes in a table: that is the text
 * alternative of the map.
 *
 * Every .commune-map is set up when the page loads and when htmx inserts content;
 * window.ctgCommuneMap(element) sets one up by hand and returns a Promise of the L.Map (null
 * when the map could not be drawn). Nothing is requested but the GeoJSON URL.
 */
(function (window, document) {
  "use strict";

  var MESSAGES = {
    defaultLabel: "Carte des communes",
    roleDescription: "carte",
    loading: "Chargement de la carte…",
    error: "La carte n’a pas pu être chargée. La liste des communes reste disponible dans le tableau de la page.",
    noLeaflet: "La carte ne peut pas s’afficher\u00a0: la bibliothèque cartographique n’est pas chargée.",
    empty: "Aucun contour de commune à afficher.",
    inhabitant: "habitant",
    inhabitants: "habitants",
    unknownPopulation: "population non renseignée",
    zone: "Zone",
    noZone: "Hors zone",
    legendTitle: "Zones",
    keyboardHelp: "Utilisez les flèches du clavier pour passer d’une commune à l’autre.",
    zoomIn: "Zoom avant",
    zoomOut: "Zoom arrière"
  };

  /* Colour-blind-safe fills (Okabe–Ito), used in this order for the zones. */
  var ZONE_COLOURS = [
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#7f7f7f"
  ];
  var NO_ZONE_COLOUR = "#d9d9d9";
  var STROKE = "#333333";
  var FOCUS_STROKE = "#0b0c0c";
  var DEFAULT_PRIMARY = "#1f4e8c";

  function formatNumber(value) {
    return Number(value).toLocaleString("fr-FR");
  }

  function zoneName(properties) {
    var zone = properties && properties.zone;
    if (zone && typeof zone === "object") {
      zone = zone.name || zone.label || null;
    }
    return zone === undefined || zone === null || zone === "" ? null : String(zone);
  }

  function communeName(properties) {
    return String((properties && (properties.name || properties.code)) || "");
  }

  /* "Nom — 12 345 habitants" (the text of the tooltip and of the commune's accessible name). */
  function describe(properties) {
    var name = communeName(properties);
    var population = properties ? properties.population : null;
    if (population === null || population === undefined || population === "" ||
        !isFinite(Number(population))) {
      return name + " — " + MESSAGES.unknownPopulation;
    }
    var count = Number(population);
    return name + " — " + formatNumber(count) + " " +
      (Math.abs(count) < 2 ? MESSAGES.inhabitant : MESSAGES.inhabitants);
  }

  function cssVariable(element, name, fallback) {
    var value = window.getComputedStyle(element).getPropertyValue(name);
    return value && value.trim() ? value.trim() : fallback;
  }

  function showMessage(element, text, isError) {
    element.textContent = "";
    var message = document.createElement("p");
    message.className = "commune-map-message" + (isError ? " is-error" : "");
    message.textContent = text;
    element.appendChild(message);
  }

  function zoneColours(features) {
    var names = [];
    var hasUnzoned = false;
    features.forEach(function (feature) {
      var name = zoneName(feature.properties);
      if (name === null) {
        hasUnzoned = true;
      } else if (names.indexOf(name) === -1) {
        names.push(name);
      }
    });
    names.sort(function (a, b) { return a.localeCompare(b, "fr"); });
    var colours = {};
    names.forEach(function (name, index) {
      colours[name] = ZONE_COLOURS[index % ZONE_COLOURS.length];
    });
    return { names: names, colours: colours, hasUnzoned: hasUnzoned };
  }

  function addLegend(L, map, zones) {
    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      var box = L.DomUtil.create("div", "commune-map-legend");
      var title = L.DomUtil.create("p", "commune-map-legend-title mb-1", box);
      title.textContent = MESSAGES.legendTitle;
      var list = L.DomUtil.create("ul", "", box);
      var entries = zones.names.map(function (name) {
        return { name: name, colour: zones.colours[name] };
      });
      if (zones.hasUnzoned) {
        entries.push({ name: MESSAGES.noZone, colour: NO_ZONE_COLOUR });
      }
      entries.forEach(function (entry) {
        var item = L.DomUtil.create("li", "", list);
        var swatch = L.DomUtil.create("span", "commune-map-swatch", item);
        swatch.style.backgroundColor = entry.colour;
        swatch.setAttribute("aria-hidden", "true");
        var label = document.createElement("span");
        label.textContent = entry.name;
        item.appendChild(label);
      });
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    legend.addTo(map);
    return legend;
  }

  /* One tab stop for the whole map; arrows move between communes (roving tabindex). */
  function enableKeyboard(element, layers) {
    var elements = layers.map(function (layer) { return layer.getElement(); })
      .filter(function (el) { return !!el; });
    if (!elements.length) {
      return;
    }
    var hint = document.createElement("span");
    hint.className = "visually-hidden";
    hint.id = (element.id || "commune-map-" + Math.random().toString(36).slice(2)) + "-aide";
    hint.textContent = MESSAGES.keyboardHelp;
    element.appendChild(hint);
    elements.forEach(function (el, index) {
      el.setAttribute("tabindex", index === 0 ? "0" : "-1");
      el.setAttribute("aria-describedby", hint.id);
    });
    element.addEventListener("keydown", function (event) {
      var current = elements.indexOf(document.activeElement);
      if (current === -1) {
        return;
      }
      var next = null;
      switch (event.key) {
        case "ArrowRight":
        case "ArrowDown":
          next = (current + 1) % elements.length;
          break;
        case "ArrowLeft":
        case "ArrowUp":
          next = (current - 1 + elements.length) % elements.length;
          break;
        case "Home":
          next = 0;
          break;
        case "End":
          next = elements.length - 1;
          break;
        default:
          return;
      }
      event.preventDefault();
      event.stopPropagation();
      elements[current].setAttribute("tabindex", "-1");
      elements[next].setAttribute("tabindex", "0");
      elements[next].focus();
    });
  }

  function draw(element, data) {
    var L = window.L;
    var features = (data && data.features ? data.features : []).filter(function (feature) {
      return feature && feature.geometry;
    });
    if (!features.length) {
      showMessage(element, MESSAGES.empty, false);
      return null;
    }
    features.sort(function (a, b) {
      return communeName(a.properties).localeCompare(communeName(b.properties), "fr");
    });

    var zones = zoneColours(features);
    var byZone = zones.names.length > 0;
    var primary = cssVariable(element, "--ctg-primary", DEFAULT_PRIMARY);
    var primaryDark = cssVariable(element, "--ctg-primary-dark", primary);

    function baseStyle(feature) {
      if (byZone) {
        var name = zoneName(feature.properties);
        return {
          color: STROKE,
          weight: 1,
          fillColor: name === null ? NO_ZONE_COLOUR : zones.colours[name],
          fillOpacity: 0.7
        };
      }
      return { color: primaryDark, weight: 1.5, fillColor: primary, fillOpacity: 0.3 };
    }

    element.textContent = "";
    var map = L.map(element, {
      attributionControl: false,
      zoomControl: false,
      scrollWheelZoom: false,
      keyboard: false,
      dragging: !L.Browser.mobile,
      tap: false,
      zoomSnap: 0.25,
      renderer: L.svg({ padding: 0.5 })
    });
    L.control.zoom({ zoomInTitle: MESSAGES.zoomIn, zoomOutTitle: MESSAGES.zoomOut }).addTo(map);

    var layers = [];
    var geojson = L.geoJSON({ type: "FeatureCollection", features: features }, {
      style: baseStyle,
      onEachFeature: function (feature, layer) {
        var text = describe(feature.properties);
        var zone = byZone ? zoneName(feature.properties) : null;
        var content = document.createElement("span");
        content.textContent = text;
        if (byZone) {
          content.appendChild(document.createElement("br"));
          content.appendChild(document.createTextNode(
            MESSAGES.zone + "\u00a0: " + (zone === null ? MESSAGES.noZone : zone)
          ));
        }
        layer.bindTooltip(content, { sticky: true, direction: "top", opacity: 1 });
        layer.on({
          add: function () {
            var el = layer.getElement();
            if (el) {
              el.setAttribute("role", "img");
              el.setAttribute("aria-label", !byZone ? text : text + ", " +
                (zone === null ? MESSAGES.noZone.toLowerCase() : MESSAGES.zone.toLowerCase() + " " + zone));
              if (feature.properties && feature.properties.code) {
                el.setAttribute("data-code", feature.properties.code);
              }
              /* The focused path must not move in the DOM (bringToFront would blur it): the
                 focus outline is a separate, non-interactive copy drawn above the others. */
              var outline = null;
              el.addEventListener("focus", function () {
                if (!outline) {
                  outline = L.geoJSON(feature, {
                    interactive: false,
                    style: { color: FOCUS_STROKE, weight: 4, fillColor: FOCUS_STROKE, fillOpacity: 0.2 }
                  });
                }
                outline.addTo(map);
              });
              el.addEventListener("blur", function () {
                if (outline) {
                  outline.remove();
                }
              });
            }
          },
          mouseover: function () {
            layer.setStyle({ weight: 3 });
            layer.bringToFront();
          },
          mouseout: function () {
            layer.setStyle(baseStyle(feature));
          }
        });
        layers.push(layer);
      }
    }).addTo(map);

    var bounds = geojson.getBounds();
    if (!bounds.isValid()) {
      map.remove();
      showMessage(element, MESSAGES.empty, false);
      return null;
    }
    var legend = byZone ? addLegend(L, map, zones) : null;
    var fitOptions = { padding: [12, 12] };
    if (legend && element.clientWidth >= 576) {
      /* Wide maps: keep the communes clear of the legend (bottom right). */
      fitOptions = {
        paddingTopLeft: [12, 12],
        paddingBottomRight: [legend.getContainer().offsetWidth + 24, 12]
      };
    }
    map.fitBounds(bounds, fitOptions);
    enableKeyboard(element, layers);

    if (typeof window.ResizeObserver === "function") {
      new window.ResizeObserver(function () {
        map.invalidateSize();
      }).observe(element);
    }
    return map;
  }

  function ctgCommuneMap(element) {
    if (!element) {
      return Promise.resolve(null);
    }
    if (element._ctgCommuneMap) {
      return element._ctgCommuneMap;
    }
    element.setAttribute("role", "group");
    element.setAttribute("aria-roledescription", MESSAGES.roleDescription);
    element.setAttribute("aria-label", element.getAttribute("data-label") || MESSAGES.defaultLabel);

    var url = element.getAttribute("data-geojson-url");
    var promise;
    if (!window.L) {
      showMessage(element, MESSAGES.noLeaflet, true);
      promise = Promise.resolve(null);
    } else if (!url || typeof window.fetch !== "function") {
      showMessage(element, MESSAGES.error, true);
      promise = Promise.resolve(null);
    } else {
      showMessage(element, MESSAGES.loading, false);
      element.setAttribute("aria-busy", "true");
      promise = window.fetch(url, {
        credentials: "same-origin",
        headers: { Accept: "application/geo+json, application/json" }
      }).then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      }).then(function (data) {
        element.removeAttribute("aria-busy");
        return draw(element, data);
      }).catch(function (error) {
        element.removeAttribute("aria-busy");
        if (window.console) {
          window.console.error("commune-map:", url, error);
        }
        showMessage(element, MESSAGES.error, true);
        return null;
      });
    }
    element._ctgCommuneMap = promise;
    return promise;
  }

  function initAll(root) {
    var scope = root && root.querySelectorAll ? root : document;
    var elements = [];
    if (scope.classList && scope.classList.contains("commune-map")) {
      elements.push(scope);
    }
    Array.prototype.push.apply(elements, scope.querySelectorAll(".commune-map"));
    elements.forEach(function (element) {
      ctgCommuneMap(element);
    });
  }

  window.ctgCommuneMap = ctgCommuneMap;
  window.ctgCommuneMap.describe = describe;

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { initAll(document); });
  } else {
    initAll(document);
  }
  document.addEventListener("htmx:load", function (event) {
    initAll(event.detail && event.detail.elt);
  });
})(window, document);
