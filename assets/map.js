// geomention HTML map. Reads the places from the JSON data element
// (id geomention-data, type application/json) and draws them with Leaflet. Every string that comes from the text or the gazetteer goes into
// the DOM through textContent, never innerHTML.
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('geomention-data').textContent);
  var places = data.places;
  var ramp = data.ramp;
  var showDemonyms = !!data.demonyms;

  var map = L.map('map', { zoomSnap: 0.25, worldCopyJump: true });
  if (data.tiles) {
    L.tileLayer(data.tiles.url, {
      attribution: data.tiles.attribution || '',
      maxZoom: 19
    }).addTo(map);
  }
  L.control.scale().addTo(map);

  var group = L.featureGroup().addTo(map);
  var layers = {};
  var list = document.getElementById('gm-list');
  var summary = document.getElementById('gm-summary');
  var toggle = document.getElementById('gm-demonyms');
  toggle.checked = showDemonyms;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = String(text); }
    return e;
  }

  var BIG = { continent: true, region: true, country: true };

  function weight(p) {
    return p.count + (showDemonyms ? p.demonym_count : 0);
  }

  function colour(w, max) {
    var c = Math.ceil(w * ramp.length / Math.max(max, 1));
    return ramp[Math.min(Math.max(c, 1), ramp.length) - 1];
  }

  function radius(w) {
    return Math.min(5 + 3 * Math.sqrt(w), 30);
  }

  // Draw order: polygons (largest first), then lines, then points, so that
  // small shapes stay clickable above large ones.
  function rank(p) {
    var t = p.geometry.type;
    if (t === 'Polygon' || t === 'MultiPolygon') { return 0; }
    if (t === 'LineString' || t === 'MultiLineString') { return 1; }
    return 2;
  }

  // A place on both sides of the antimeridian has a bbox with west > east
  // (RFC 7946 section 5.2). Its positions on the far side from its point are
  // drawn 360 degrees over, so that the shape is one piece (Russia's eastern
  // tip east of 180, the Aleutians west of -180) and zooming to it works.
  function shiftOf(p) {
    var b = p.bbox;
    if (b[0] <= b[2]) { return function (lon) { return lon; }; }
    if (p.point[0] >= b[0]) {
      return function (lon) { return lon <= b[2] ? lon + 360 : lon; };
    }
    return function (lon) { return lon >= b[0] ? lon - 360 : lon; };
  }

  function bounds(p) {
    var b = p.bbox;
    var shift = shiftOf(p);
    var w = shift(b[0]);
    var e = shift(b[2]);
    return L.latLngBounds([[b[1], Math.min(w, e)], [b[3], Math.max(w, e)]]);
  }

  function area(p) {
    var b = bounds(p);
    return (b.getEast() - b.getWest()) * (b.getNorth() - b.getSouth());
  }

  function popup(p) {
    var d = el('div', 'gm-popup');
    d.appendChild(el('h3', null, p.name));
    var where = [p.kind];
    if (p.admin1) { where.push(p.admin1); }
    if (p.country) { where.push(p.country); }
    d.appendChild(el('p', 'gm-meta', where.join(' · ')));
    var counts = 'Mentions: ' + p.count;
    if (showDemonyms) { counts += ' · demonyms: ' + p.demonym_count; }
    counts += ' · documents: ' + p.docs;
    d.appendChild(el('p', 'gm-counts', counts));
    // With the demonym toggle off, only what toponym mentions said.
    var forms = showDemonyms ? p.forms : p.toponym_forms;
    var contexts = showDemonyms ? p.contexts : p.toponym_contexts;
    if (forms.length) {
      d.appendChild(el('p', 'gm-forms', 'As: ' + forms.join(', ')));
    }
    var ul = el('ul', 'gm-contexts');
    contexts.forEach(function (c) { ul.appendChild(el('li', null, c)); });
    d.appendChild(ul);
    d.appendChild(el('p', 'gm-id', p.place_id));
    return d;
  }

  function focus(p) {
    var layer = layers[p.id];
    if (!layer) { return; }
    var at = L.latLng(p.point[1], shiftOf(p)(p.point[0]));
    if (layer.getBounds) {
      map.fitBounds(bounds(p), { maxZoom: 10, padding: [30, 30] });
    } else {
      map.setView(at, Math.max(map.getZoom(), 9));
    }
    layer.openPopup(at);
  }

  function draw(p, max) {
    var c = colour(weight(p), max);
    var cls = 'gm-place gm-place-' + p.id;
    var layer;
    var shift = shiftOf(p);
    var ll = function (pos) { return L.latLng(pos[1], shift(pos[0])); };
    var g = p.geometry;
    switch (g.type) {
      case 'Point':
        layer = L.circleMarker(ll(g.coordinates), {
          radius: radius(weight(p)), color: '#333', weight: 1,
          fillColor: c, fillOpacity: 0.85, className: cls
        });
        break;
      case 'MultiPoint':
        // One shape per place: the member nearest the representative point.
        layer = L.circleMarker(ll(p.point), {
          radius: radius(weight(p)), color: '#333', weight: 1,
          fillColor: c, fillOpacity: 0.85, className: cls
        });
        break;
      case 'LineString':
      case 'MultiLineString':
        layer = L.polyline(L.GeoJSON.coordsToLatLngs(g.coordinates,
          g.type === 'LineString' ? 0 : 1, ll), {
          color: c, weight: 5, opacity: 0.9, className: cls
        });
        break;
      default:
        // Countries, regions and continents are backdrops: a light fill, so
        // that the smaller places on them stay readable.
        layer = L.polygon(L.GeoJSON.coordsToLatLngs(g.coordinates,
          g.type === 'Polygon' ? 1 : 2, ll), {
          color: c, weight: BIG[p.kind] ? 1 : 1.5, fillColor: c,
          fillOpacity: BIG[p.kind] ? 0.12 : 0.4, className: cls
        });
    }
    layer.bindPopup(function () { return popup(p); }, { maxWidth: 360 });
    layers[p.id] = layer;
    group.addLayer(layer);
  }

  function render() {
    group.clearLayers();
    layers = {};
    list.textContent = '';
    var shown = places.filter(function (p) { return weight(p) > 0; });
    shown.sort(function (a, b) {
      return weight(b) - weight(a) || a.name.localeCompare(b.name);
    });
    var max = 0;
    shown.forEach(function (p) { max = Math.max(max, weight(p)); });
    shown.slice().sort(function (a, b) {
      return rank(a) - rank(b) || area(b) - area(a);
    }).forEach(function (p) { draw(p, max); });

    shown.forEach(function (p) {
      var li = el('li', 'gm-item');
      var b = el('button', null);
      b.type = 'button';
      var swatch = el('span', 'gm-swatch');
      swatch.style.background = colour(weight(p), max);
      b.appendChild(swatch);
      b.appendChild(el('span', 'gm-name', p.name));
      b.appendChild(el('span', 'gm-kind', p.kind + (p.country ? ', ' + p.country : '')));
      var n = String(p.count);
      if (showDemonyms && p.demonym_count) { n += ' + ' + p.demonym_count; }
      b.appendChild(el('span', 'gm-n', n));
      b.addEventListener('click', function () { focus(p); });
      li.appendChild(b);
      list.appendChild(li);
    });

    var mentions = 0;
    shown.forEach(function (p) { mentions += weight(p); });
    summary.textContent = shown.length + ' places, ' + mentions + ' mentions in ' +
      data.documents + (data.documents === 1 ? ' document' : ' documents');
    document.body.setAttribute('data-places', String(shown.length));
    return shown;
  }

  function fit(shown) {
    // Frame the places that are not whole countries or regions when there
    // are any: they are what the text is about; the big shapes still show.
    var local = shown.filter(function (p) { return !BIG[p.kind]; });
    var pick = local.length ? local : shown;
    if (!pick.length) {
      map.setView([20, 0], 2);
      return;
    }
    var b = L.latLngBounds([]);
    pick.forEach(function (p) {
      b.extend(bounds(p));
    });
    map.fitBounds(b, { padding: [30, 30], maxZoom: 10 });
  }

  toggle.addEventListener('change', function () {
    showDemonyms = toggle.checked;
    map.closePopup();
    render();
  });

  // The view, for tests and scripts that drive the page.
  map.on('moveend', function () {
    var c = map.getCenter();
    document.body.setAttribute('data-view', JSON.stringify({ zoom: map.getZoom(), lat: c.lat, lon: c.lng }));
  });

  fit(render());
  document.body.setAttribute('data-ready', '1');
}());
