// The outlet map: numbered points matching the list, clustered when many. Works with no tiles.
(function () {
  "use strict";
  var locate = document.getElementById("locate");
  if (locate && navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      var status = document.getElementById("locate-status");
      status.textContent = locate.dataset.waiting || "…";
      navigator.geolocation.getCurrentPosition(function (pos) {
        document.getElementById("lat").value = pos.coords.latitude.toFixed(6);
        document.getElementById("lng").value = pos.coords.longitude.toFixed(6);
        document.getElementById("place").value = "";
        document.getElementById("finder").submit();
      }, function () { status.textContent = locate.dataset.denied || "×"; }, { timeout: 10000 });
    });
  }
  // A typed place replaces coordinates from an earlier search.
  var place = document.getElementById("place");
  if (place) place.addEventListener("input", function () {
    document.getElementById("lat").value = ""; document.getElementById("lng").value = "";
  });
  var el = document.getElementById("outlet-map");
  var data = document.getElementById("outlet-points");
  if (!el || !data || typeof L === "undefined") return;
  var points = JSON.parse(data.textContent);
  var corners = points.map(function (p) { return [p.lat, p.lng]; });
  var outlines = !el.dataset.tiles && el.dataset.outlines;
  if (!points.length && !outlines) return;
  var map = L.map(el, { zoomControl: true, attributionControl: false, maxZoom: 18 });
  if (el.dataset.tiles) L.tileLayer(el.dataset.tiles, { maxZoom: 18 }).addTo(map);
  // A manager's region is seen whole (data-fit="outlines"); a citizen's search stays on its results.
  if (outlines) drawOutlines(map, outlines, !points.length || el.dataset.fit === "outlines");
  if (!points.length) return;
  var group = L.markerClusterGroup ? L.markerClusterGroup({ maxClusterRadius: 40, disableClusteringAtZoom: 15 }) : L.featureGroup();
  points.forEach(function (p) {
    var icon = L.divIcon({ className: "num-marker", html: String(p.n), iconSize: [30, 30] });
    group.addLayer(L.marker([p.lat, p.lng], { icon: icon, title: p.n + ". " + p.name, alt: p.name }));
  });
  map.addLayer(group);
  var origin = el.dataset.originLat ? [parseFloat(el.dataset.originLat), parseFloat(el.dataset.originLng)] : null;
  if (origin) {  // where the search started, so a map without tiles still shows which way to go
    L.marker(origin, { icon: L.divIcon({ className: "origin-marker", iconSize: [16, 16] }),
      title: el.dataset.originLabel || "", alt: el.dataset.originLabel || "", keyboard: false }).addTo(map);
    corners.push(origin);
  }
  if (corners.length === 1) map.setView(corners[0], 15);
  else map.fitBounds(L.latLngBounds(corners).pad(0.2));

  // Without a tile server the official district outlines are the map (network/boundaries.py).
  function drawOutlines(map, url, fit) {
    fetch(url, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : null; }).then(function (shapes) {
      if (!shapes || !shapes.features.length) return;
      var layer = L.geoJSON(shapes, { interactive: false, className: "district-outline",
        style: { color: "#5b6b7f", weight: 1.5, fillColor: "#eef2f6", fillOpacity: 0.7 } }).addTo(map);
      layer.bringToBack();
      var bounds = layer.getBounds();
      if (corners.length) bounds.extend(L.latLngBounds(corners));
      if (fit) map.fitBounds(bounds);
      el.dataset.outlinesDrawn = String(shapes.features.length);
    });
  }
})();
