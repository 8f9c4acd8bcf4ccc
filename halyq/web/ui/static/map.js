/* Halyq's maps: /map (#cases-map) and the case page (#case-map), drawn with the vendored
   Leaflet. Every value from the server goes in as textContent, never as HTML. */
(function () {
  "use strict";

  var URGENCY_COLOURS = { high: "#b42318", medium: "#b54708", low: "#0b6bcb" };
  var ZOOM_BY_PRECISION = { address: 17, street: 15, area: 14, settlement: 13 };
  var BACKGROUND_STYLES = {
    street: { color: "#98a2b3", weight: 1.5, opacity: 0.9 },
    boundary: { color: "#667085", weight: 1.5, dashArray: "6 4", fill: false }
  };

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(url + ": HTTP " + response.status); }
        return response.json();
      });
  }

  function textElement(tag, text, className) {
    var element = document.createElement(tag);
    element.textContent = text;
    if (className) { element.className = className; }
    return element;
  }

  /* A map over the configured tiles, or over the profile's own geometry when there are none. */
  function baseMap(element) {
    var map = L.map(element, { zoomControl: true });
    var tiles = element.dataset.tiles;
    if (tiles) {
      // Leaflet shows attributions as HTML: pass the setting through a text node first.
      var credit = textElement("span", element.dataset.attribution || "").innerHTML;
      L.tileLayer(tiles, { attribution: credit, maxZoom: 19 }).addTo(map);
      return Promise.resolve({ map: map, bounds: null });
    }
    element.classList.add("no-tiles");
    if (!element.dataset.background) { return Promise.resolve({ map: map, bounds: null }); }
    return getJSON(element.dataset.background).then(function (collection) {
      var layer = L.geoJSON(collection, {
        style: function (feature) { return BACKGROUND_STYLES[feature.properties.kind] || {}; },
        pointToLayer: function (feature, latlng) {
          return L.circleMarker(latlng, {
            radius: 3, color: "#475467", weight: 1, fillOpacity: 1, interactive: false
          })
            .bindTooltip(textElement("span", feature.properties.name || ""), {
              permanent: true, direction: "right", className: "map-label"
            });
        },
        interactive: false
      }).addTo(map);
      var bounds = layer.getBounds();
      return { map: map, bounds: bounds.isValid() ? bounds : null };
    }).catch(function () { return { map: map, bounds: null }; });
  }

  function markerFor(feature) {
    var p = feature.properties;
    var coordinates = feature.geometry.coordinates; // GeoJSON: [lon, lat]
    var radius = Math.min(6 + 4 * Math.sqrt(Math.max(p.post_count - 1, 0)), 24);
    return L.circleMarker([coordinates[1], coordinates[0]], {
      radius: radius,
      color: p.due === "overdue" ? "#1d2330" : "#ffffff",
      weight: p.due === "overdue" ? 3 : 1.5,
      fillColor: URGENCY_COLOURS[p.urgency] || "#667085",
      fillOpacity: 0.85
    }).bindPopup(function () { return popupFor(p); });
  }

  function popupFor(p) {
    var template = document.getElementById("map-popup");
    if (!template) { return textElement("span", "№" + p.id); }
    var popup = template.content.firstElementChild.cloneNode(true);
    var values = {
      id: String(p.id),
      category: p.category_label.kk,
      category_ru: p.category_label.ru,
      status: p.status_label.kk + " / " + p.status_label.ru,
      urgency: p.urgency_label.kk + " / " + p.urgency_label.ru,
      place: (p.place || "—") + (p.district ? " (" + p.district + ")" : ""),
      precision: p.precision_label.kk + " / " + p.precision_label.ru,
      post_count: String(p.post_count) + " · " + String(p.residents)
    };
    Object.keys(values).forEach(function (slot) {
      var target = popup.querySelector('[data-slot="' + slot + '"]');
      if (target) { target.textContent = values[slot]; }
    });
    var link = popup.querySelector('[data-slot="link"]');
    if (link && /^\/cases\/\d+$/.test(p.url)) { link.setAttribute("href", p.url); }
    return popup;
  }

  function showFailure(element) {
    var status = document.getElementById("map-status");
    var message = document.getElementById("map-failed");
    if (status && message) {
      status.replaceChildren(message.content.cloneNode(true));
      status.hidden = false;
    }
    element.classList.add("map-failed");
  }

  function centreOf(element) {
    var parts = (element.dataset.centre || "").split(",").map(Number);
    return parts.length === 2 && !isNaN(parts[0]) && !isNaN(parts[1]) ? parts : null;
  }

  function drawCases(element) {
    baseMap(element).then(function (base) {
      return getJSON(element.dataset.cases).then(function (collection) {
        // The most urgent drawn last, so they sit on top.
        var order = { low: 0, medium: 1, high: 2 };
        var features = collection.features.slice().sort(function (a, b) {
          return (order[a.properties.urgency] || 0) - (order[b.properties.urgency] || 0);
        });
        var group = L.featureGroup(features.map(markerFor)).addTo(base.map);
        var centre = centreOf(element);
        if (features.length) {
          base.map.fitBounds(group.getBounds().pad(0.15), { maxZoom: 16 });
        } else if (base.bounds) {
          base.map.fitBounds(base.bounds);
        } else if (centre) {
          base.map.setView(centre, 12);
        } else {
          base.map.setView([0, 0], 2);
        }
      });
    }).catch(function () { showFailure(element); });
  }

  function drawOneCase(element) {
    baseMap(element).then(function (base) {
      return getJSON(element.dataset.feature).then(function (feature) {
        var coordinates = feature.geometry.coordinates;
        var zoom = ZOOM_BY_PRECISION[feature.properties.precision] || 13;
        // The view first: a path added before it would queue its renderer behind the background.
        base.map.setView([coordinates[1], coordinates[0]], zoom);
        markerFor(feature).addTo(base.map);
      });
    }).catch(function () { showFailure(element); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof L === "undefined") { return; }
    var cases = document.getElementById("cases-map");
    if (cases) { drawCases(cases); }
    var one = document.getElementById("case-map");
    if (one) { drawOneCase(one); }
  });
})();
