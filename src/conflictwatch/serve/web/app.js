/* conflictwatch dashboard: map, weekly timeline, filters, table, event page and review.
 *
 * Plain JS, no framework and nothing from a CDN. All API paths are relative, so the page works
 * wherever `conflictwatch serve` mounts it. Text from articles and records only ever reaches the
 * page through textContent / createTextNode (never innerHTML), so markup in an article is shown as
 * text. The view lives in the hash: `#/?country=Syria&since=2021-01-01` or `#/event/ID?...`.
 */
'use strict';

(() => {
  // ------------------------------------------------------------------ constants

  const TYPES = ['Battles', 'Explosions/Remote violence', 'Violence against civilians', 'Protests', 'Riots',
    'Strategic developments'];
  const COLORS = {
    'Battles': '#d62728',
    'Explosions/Remote violence': '#ff7f0e',
    'Violence against civilians': '#9467bd',
    'Protests': '#2ca02c',
    'Riots': '#8c564b',
    'Strategic developments': '#1f77b4',
  };
  const SUB_TYPES = {
    'Battles': ['Armed clash', 'Government regains territory', 'Non-state actor overtakes territory'],
    'Explosions/Remote violence': ['Chemical weapon', 'Air/drone strike', 'Suicide bomb',
      'Shelling/artillery/missile attack', 'Remote explosive/landmine/IED', 'Grenade'],
    'Violence against civilians': ['Sexual violence', 'Attack', 'Abduction/forced disappearance'],
    'Protests': ['Peaceful protest', 'Protest with intervention', 'Excessive force against protesters'],
    'Riots': ['Violent demonstration', 'Mob violence'],
    'Strategic developments': ['Agreement', 'Arrests', 'Change to group/activity', 'Disrupted weapons use',
      'Headquarters or base established', 'Looting/property destruction', 'Non-violent transfer of territory',
      'Other'],
  };
  const SUB_TO_TYPE = Object.fromEntries(Object.entries(SUB_TYPES).flatMap(([t, subs]) => subs.map((s) => [s, t])));
  const FIELDS = ['event_id', 'event_date', 'time_precision', 'event_type', 'sub_event_type', 'actor1',
    'assoc_actor_1', 'actor2', 'assoc_actor_2', 'inter1', 'inter2', 'country', 'iso3', 'admin1', 'admin2',
    'location', 'latitude', 'longitude', 'geo_precision', 'fatalities', 'fatalities_low', 'fatalities_high',
    'wounded', 'sources', 'notes', 'article_ids'];
  const NOT_EDITABLE = new Set(['event_id', 'article_ids', 'claims', 'evidence']);
  const INT_FIELDS = new Set(['time_precision', 'inter1', 'inter2', 'geo_precision', 'fatalities',
    'fatalities_low', 'fatalities_high', 'wounded']);
  const FLOAT_FIELDS = new Set(['latitude', 'longitude']);
  const NULLABLE = new Set(['assoc_actor_1', 'actor2', 'assoc_actor_2', 'inter1', 'inter2', 'country', 'iso3',
    'admin1', 'admin2', 'location', 'latitude', 'longitude', 'geo_precision', 'wounded']);
  // An incident the text places nowhere has country, iso3 and geo_precision null: it is listed, says so,
  // and stays off the map. UNPLACED is the API's `country` filter value for those events.
  const PLACE_UNKNOWN = 'place unknown';
  const UNPLACED = 'unknown';
  const INTER = {1: 'State forces', 2: 'Rebel groups', 3: 'Political militias', 4: 'Identity militias',
    5: 'Rioters', 6: 'Protesters', 7: 'Civilians', 8: 'External/other forces'};
  const FILTER_KEYS = ['since', 'until', 'country', 'admin1', 'actor', 'event_type', 'sub_event_type',
    'min_fatalities', 'reviewed', 'q'];
  const TOKEN_KEY = 'conflictwatch.token';
  const MAX_EVENTS = 5000;
  const PAGE_ROWS = 100;
  const DAY_MS = 86400000;

  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

  // ------------------------------------------------------------------ DOM helpers (text only)

  function build(node, attrs, children) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'text') node.textContent = String(v);
      else if (k === 'class') node.setAttribute('class', v);
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else if (k === 'dataset') Object.assign(node.dataset, v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      node.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
    }
    return node;
  }
  const el = (tag, attrs, ...children) => build(document.createElement(tag), attrs, children);
  const sv = (tag, attrs, ...children) =>
    build(document.createElementNS('http://www.w3.org/2000/svg', tag), attrs, children);
  const clear = (node) => { while (node.firstChild) node.removeChild(node.firstChild); return node; };

  /* The most precise place an event names, for labels. */
  const placeOf = (e) => e.location || e.admin1 || e.country || PLACE_UNKNOWN;

  function show(value) {
    if (value === null || value === undefined || value === '') return '—';
    if (Array.isArray(value)) return value.length ? value.map(show).join('; ') : '—';
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
  }

  function say(text, kind = 'error') {
    const box = $('#messages');
    const item = el('div', {class: `message ${kind}`}, el('span', {text}),
      el('button', {type: 'button', class: 'link', 'aria-label': 'Dismiss', onclick: () => item.remove()}, '×'));
    box.appendChild(item);
    if (kind !== 'error') setTimeout(() => item.remove(), 6000);
  }

  // ------------------------------------------------------------------ API

  const token = {
    get: () => { try { return localStorage.getItem(TOKEN_KEY) || ''; } catch (e) { return ''; } },
    set: (v) => { try { v ? localStorage.setItem(TOKEN_KEY, v) : localStorage.removeItem(TOKEN_KEY); } catch (e) { /* private mode */ } },
  };

  class ApiError extends Error {
    constructor(status, detail) {
      super(status === 401 ? `Not signed in (401): ${detail}. Save an API token at the top of the page.`
        : status === 403 ? `Refused (403): ${detail}. Check the API token.`
          : `Error ${status}: ${detail}`);
      this.status = status;
    }
  }

  async function api(path, {method = 'GET', body} = {}) {
    const headers = {Accept: 'application/json'};
    const t = token.get();
    if (t) headers.Authorization = `Bearer ${t}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res;
    try {
      res = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
    } catch (e) {
      throw new ApiError(0, 'the server cannot be reached');
    }
    const type = res.headers.get('content-type') || '';
    const data = type.includes('json') ? await res.json().catch(() => null) : await res.text();
    if (!res.ok) {
      let detail = data && data.detail !== undefined ? data.detail : (data || res.statusText);
      if (Array.isArray(detail)) detail = detail.map((d) => `${(d.loc || []).slice(1).join('.')}: ${d.msg}`).join('; ');
      throw new ApiError(res.status, typeof detail === 'string' ? detail : JSON.stringify(detail));
    }
    return data;
  }

  const enc = encodeURIComponent;

  function query(filters, extra = {}) {
    const p = new URLSearchParams();
    for (const k of FILTER_KEYS) if (filters[k] !== undefined && filters[k] !== '') p.set(k, filters[k]);
    for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== null && v !== '') p.set(k, v);
    const s = p.toString();
    return s ? `?${s}` : '';
  }

  // ------------------------------------------------------------------ routing and state

  const state = {
    filters: {},
    loadedKey: null,
    items: [],
    truncated: false,
    weekly: [],
    facets: null,
    sort: {key: 'event_date', dir: 'desc'},
    rows: PAGE_ROWS,
    measure: 'events',
    selected: new Set(),
    event: null,
    articleTab: null,
  };

  function parseHash() {
    const raw = location.hash.replace(/^#/, '') || '/';
    const [path, qs] = raw.split('?');
    const params = new URLSearchParams(qs || '');
    const filters = {};
    for (const k of FILTER_KEYS) if (params.get(k)) filters[k] = params.get(k);
    const m = path.match(/^\/event\/(.+)$/);
    return m ? {route: 'event', id: decodeURIComponent(m[1]), filters} : {route: 'list', filters};
  }

  const listHref = (filters) => `#/${query(filters)}`;
  const eventHref = (id, filters = state.filters) => `#/event/${enc(id)}${query(filters)}`;

  function setFilters(filters) {
    const clean = {};
    for (const k of FILTER_KEYS) if (filters[k] !== undefined && filters[k] !== null && filters[k] !== '') clean[k] = String(filters[k]);
    location.hash = listHref(clean);
  }

  async function route() {
    const r = parseHash();
    state.filters = r.filters;
    $('#messages').replaceChildren();
    if (r.route === 'event') {
      $('#view-list').hidden = true;
      $('#view-event').hidden = false;
      await showEvent(r.id);
    } else {
      $('#view-event').hidden = true;
      $('#view-list').hidden = false;
      document.title = 'conflictwatch';
      await showList();
    }
  }

  // ------------------------------------------------------------------ list view

  async function loadFacets() {
    if (state.facets) return state.facets;
    try {
      state.facets = await api('facets');
    } catch (e) {
      state.facets = {countries: [], admin1: {}, event_types: TYPES, actors: []};
      say(e.message);
    }
    return state.facets;
  }

  function fillSelect(select, values, current) {
    const first = select.options[0];
    select.replaceChildren(first);
    const vals = Array.from(new Set(values.filter(Boolean)));
    if (current && !vals.includes(current)) vals.push(current);
    for (const v of vals) select.appendChild(el('option', {value: v, text: v}));
    select.value = current || '';
  }

  function syncForm() {
    const form = $('#filters');
    const f = state.filters;
    const facets = state.facets || {};
    fillSelect(form.country, facets.countries || [], f.country === UNPLACED ? '' : f.country);
    if (facets.unplaced_events || f.country === UNPLACED) {
      const n = facets.unplaced_events ? ` (${facets.unplaced_events})` : '';
      form.country.options[0].after(el('option', {value: UNPLACED, text: `Place unknown${n}`}));
      if (f.country === UNPLACED) form.country.value = UNPLACED;
    }
    let admin1 = facets.admin1 || {};
    if (!Array.isArray(admin1)) {
      admin1 = f.country ? (admin1[f.country] || []) : Object.values(admin1).flat().sort();
    }
    fillSelect(form.admin1, admin1, f.admin1);
    fillSelect(form.event_type, (facets.event_types && facets.event_types.length) ? facets.event_types : TYPES, f.event_type);
    const actors = $('#actor-list');
    actors.replaceChildren(...(facets.actors || []).slice(0, 500).map((a) => el('option', {value: typeof a === 'string' ? a : a.name})));
    for (const k of ['since', 'until', 'actor', 'min_fatalities', 'q', 'reviewed']) form[k].value = f[k] || '';
  }

  async function fetchEvents(filters) {
    const items = [];
    let cursor = null;
    let truncated = false;
    do {
      const page = await api(`events${query(filters, {limit: 1000, cursor, sort: 'event_date', order: 'desc'})}`);
      items.push(...page.items);
      cursor = page.next_cursor;
      if (items.length >= MAX_EVENTS && cursor) { truncated = true; break; }
    } while (cursor);
    return {items, truncated};
  }

  async function fetchWeekly(filters) {
    const noDates = {...filters};
    delete noDates.since;
    delete noDates.until;
    try {
      return await api(`stats/weekly${query(noDates)}`);
    } catch (e) {
      say(e.message);
      return [];
    }
  }

  async function showList() {
    await loadFacets();
    syncForm();
    updateExports();
    const key = JSON.stringify(state.filters);
    if (key !== state.loadedKey) {
      document.body.classList.add('loading');
      try {
        const [events, weekly] = await Promise.all([fetchEvents(state.filters), fetchWeekly(state.filters)]);
        if (JSON.stringify(state.filters) !== key) return; // a newer view superseded this one
        state.items = events.items;
        state.truncated = events.truncated;
        state.weekly = weekly;
        state.loadedKey = key;
        state.rows = PAGE_ROWS;
        state.selected.clear();
        mapView.fitted = false;
        mapView.sig = null;
      } catch (e) {
        say(e.message);
      } finally {
        document.body.classList.remove('loading');
      }
    }
    drawMap();
    drawTimeline();
    drawTable();
  }

  function updateExports() {
    const q = query(state.filters);
    $('#export-csv').setAttribute('href', `events.csv${q}`);
    $('#export-geojson').setAttribute('href', `events.geojson${q}`);
  }

  // ------------------------------------------------------------------ map

  const mapView = {cx: 20, cy: 20, k: 3, w: 0, h: 0, fitted: false, outlines: null, land: null, drag: null};
  const MIN_K = 1;
  const MAX_K = 400;
  // First-level (admin1) borders: geo/admin1/index.json lists the countries (name, bbox); each
  // country's borders are a file of their own, fetched the first time the map is filtered on that
  // country or zoomed in (ADMIN1_K px per degree or more) over it, at most ADMIN1_MAX at a time.
  const ADMIN1_K = 20;
  const ADMIN1_MAX = 12;
  const admin1 = {index: null, files: new Map()}; // files: iso3 -> 'loading' | 'failed' | <g>

  const located = () => state.items.filter((e) => Number.isFinite(e.latitude) && Number.isFinite(e.longitude));
  const project = (lon, lat) => [mapView.w / 2 + (lon - mapView.cx) * mapView.k, mapView.h / 2 - (lat - mapView.cy) * mapView.k];

  async function loadOutlines() {
    try {
      const res = await fetch('geo/countries.json');
      if (!res.ok) throw new Error(`outlines: ${res.status}`);
      mapView.outlines = await res.json();
    } catch (e) {
      mapView.outlines = {countries: []};
      say('The country outlines could not be loaded; the map shows the events only.', 'info');
    }
    mapView.land = null;
    if (!$('#view-list').hidden) drawMap();
    try {
      const res = await fetch('geo/admin1/index.json');
      if (!res.ok) throw new Error(`admin1: ${res.status}`);
      admin1.index = (await res.json()).countries || {};
    } catch (e) {
      admin1.index = {}; // the map works without them
    }
    if (!$('#view-list').hidden) drawMap();
  }

  /* ISO3 codes whose admin1 borders the current view shows: the filtered country, and when zoomed
   * in, the countries whose box meets the view, nearest the centre first. */
  function admin1Wanted() {
    const index = admin1.index || {};
    const want = [];
    const country = state.filters.country;
    if (country) {
      const ev = state.items.find((e) => e.country === country && e.iso3);
      const iso3 = ev && index[ev.iso3] ? ev.iso3 : Object.keys(index).find((k) => index[k].name === country);
      if (iso3) want.push(iso3);
    }
    if (mapView.k >= ADMIN1_K) {
      const hw = mapView.w / 2 / mapView.k;
      const hh = mapView.h / 2 / mapView.k;
      const [w, e, s, n] = [mapView.cx - hw, mapView.cx + hw, mapView.cy - hh, mapView.cy + hh];
      const away = ([bw, bs, be, bn]) => Math.hypot(Math.max(bw - mapView.cx, 0, mapView.cx - be),
        Math.max(bs - mapView.cy, 0, mapView.cy - bn));
      const near = Object.entries(index)
        .filter(([, c]) => c.bbox[0] <= e && c.bbox[2] >= w && c.bbox[1] <= n && c.bbox[3] >= s)
        .map(([iso3, c]) => [iso3, away(c.bbox), (c.bbox[2] - c.bbox[0]) * (c.bbox[3] - c.bbox[1])])
        .sort((a, b) => a[1] - b[1] || a[2] - b[2]);
      for (const [iso3] of near) if (!want.includes(iso3)) want.push(iso3);
    }
    return want.slice(0, ADMIN1_MAX);
  }

  async function loadAdmin1(iso3) {
    admin1.files.set(iso3, 'loading');
    try {
      const res = await fetch(`geo/admin1/${enc(iso3)}.json`);
      if (!res.ok) throw new Error(`admin1 ${iso3}: ${res.status}`);
      const data = await res.json();
      admin1.files.set(iso3, sv('g', {class: 'admin1', dataset: {iso3, units: (data.units || []).length}},
        sv('path', {d: data.d || ''})));
    } catch (e) {
      admin1.files.set(iso3, 'failed');
      return;
    }
    if (!$('#view-list').hidden) drawMap();
  }

  function drawAdmin1(layer) {
    const want = admin1Wanted();
    for (const g of Array.from(layer.children)) if (!want.includes(g.dataset.iso3)) g.remove();
    for (const iso3 of want) {
      const file = admin1.files.get(iso3);
      if (file === undefined) loadAdmin1(iso3);
      else if (typeof file === 'object' && file.parentNode !== layer) layer.appendChild(file);
    }
  }

  function fitMap() {
    const pts = located();
    let [w, s, e, n] = [-170, -58, 180, 80];
    if (pts.length) {
      w = Math.min(...pts.map((p) => p.longitude));
      e = Math.max(...pts.map((p) => p.longitude));
      s = Math.min(...pts.map((p) => p.latitude));
      n = Math.max(...pts.map((p) => p.latitude));
      const pad = Math.max(2, (e - w) * 0.15, (n - s) * 0.15);
      [w, s, e, n] = [w - pad, s - pad, e + pad, n + pad];
    }
    mapView.cx = (w + e) / 2;
    mapView.cy = (s + n) / 2;
    mapView.k = clampK(Math.min(mapView.w / (e - w), mapView.h / (n - s)));
    mapView.fitted = true;
  }

  const clampK = (k) => Math.max(Math.min(k, MAX_K), Math.max(MIN_K, mapView.w / 400));

  function drawMap() {
    const svg = $('#map');
    const box = svg.getBoundingClientRect();
    if (!box.width) return;
    mapView.w = box.width;
    mapView.h = box.height;
    svg.setAttribute('viewBox', `0 0 ${mapView.w} ${mapView.h}`);
    if (!mapView.fitted) fitMap();
    if (!svg.firstChild) {
      svg.appendChild(sv('rect', {class: 'sea', x: 0, y: 0, width: '100%', height: '100%'}));
      svg.appendChild(sv('g', {id: 'land'}));
      svg.appendChild(sv('g', {id: 'admin1', 'aria-hidden': 'true'}));
      svg.appendChild(sv('g', {id: 'points'}));
    }
    const land = $('#land', svg);
    if (mapView.outlines && !mapView.land) {
      clear(land);
      for (const c of mapView.outlines.countries || []) {
        land.appendChild(sv('path', {d: c.d, class: 'country'}, sv('title', {text: c.name})));
      }
      mapView.land = land;
    }
    const tx = mapView.w / 2 - mapView.cx * mapView.k;
    const ty = mapView.h / 2 + mapView.cy * mapView.k;
    const transform = `translate(${tx.toFixed(2)} ${ty.toFixed(2)}) scale(${mapView.k.toFixed(4)})`;
    land.setAttribute('transform', transform);
    const borders = $('#admin1', svg);
    borders.setAttribute('transform', transform);
    drawAdmin1(borders);
    // redraw the points only when the view or the data changed (keeps focus and hover stable)
    const sig = [mapView.w, mapView.h, mapView.cx, mapView.cy, mapView.k, state.loadedKey, state.items.length].join('|');
    if (sig !== mapView.sig || !$('#points', svg).firstChild) {
      mapView.sig = sig;
      drawPoints($('#points', svg));
    }
  }

  const radius = (fatalities) => Math.min(26, 4 + 2.2 * Math.sqrt(Math.max(0, fatalities || 0)));

  function drawPoints(layer) {
    clear(layer);
    $('#map-popup').hidden = true;
    const cell = 34;
    const groups = new Map();
    for (const e of located()) {
      const [x, y] = project(e.longitude, e.latitude);
      const key = `${Math.floor(x / cell)}:${Math.floor(y / cell)}`;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push({e, x, y});
    }
    const singles = [];
    for (const members of groups.values()) {
      if (members.length === 1) { singles.push(members[0]); continue; }
      const x = members.reduce((a, m) => a + m.x, 0) / members.length;
      const y = members.reduce((a, m) => a + m.y, 0) / members.length;
      const deaths = members.reduce((a, m) => a + (m.e.fatalities || 0), 0);
      const byType = {};
      for (const m of members) byType[m.e.event_type] = (byType[m.e.event_type] || 0) + 1;
      const top = Object.entries(byType).sort((a, b) => b[1] - a[1])[0][0];
      const r = Math.min(30, 11 + 3 * Math.log2(members.length) + Math.sqrt(deaths) / 3);
      const label = `${members.length} events, ${deaths} fatalities: select to zoom in`;
      const g = sv('g', {
        class: 'cluster', tabindex: 0, role: 'button', 'aria-label': label,
        dataset: {count: members.length}, transform: `translate(${x.toFixed(1)} ${y.toFixed(1)})`,
      }, sv('title', {text: label}), sv('circle', {r: r.toFixed(1), stroke: COLORS[top] || '#555'}),
      sv('text', {'text-anchor': 'middle', dy: '0.35em', text: members.length}));
      const open = (ev) => { ev.preventDefault(); openCluster(members, x, y); };
      g.addEventListener('click', open);
      g.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') open(ev); });
      layer.appendChild(g);
    }
    // big circles first so small ones stay clickable on top
    singles.sort((a, b) => (b.e.fatalities || 0) - (a.e.fatalities || 0));
    for (const {e, x, y} of singles) {
      const label = `${e.event_date} ${e.event_type}: ${placeOf(e)}, ${e.fatalities || 0} fatalities`;
      layer.appendChild(sv('a', {class: 'marker', href: eventHref(e.event_id), 'aria-label': label, dataset: {id: e.event_id}},
        sv('title', {text: label}),
        sv('circle', {cx: x.toFixed(1), cy: y.toFixed(1), r: radius(e.fatalities).toFixed(1), fill: COLORS[e.event_type] || '#666'})));
    }
    drawLegend();
  }

  function openCluster(members, x, y) {
    const same = members.every((m) => Math.abs(m.x - members[0].x) < 2 && Math.abs(m.y - members[0].y) < 2);
    if (!same && mapView.k < MAX_K) {
      const lons = members.map((m) => m.e.longitude);
      const lats = members.map((m) => m.e.latitude);
      const span = Math.max(Math.max(...lons) - Math.min(...lons), Math.max(...lats) - Math.min(...lats), 1e-6);
      mapView.cx = (Math.max(...lons) + Math.min(...lons)) / 2;
      mapView.cy = (Math.max(...lats) + Math.min(...lats)) / 2;
      mapView.k = clampK(Math.max(mapView.k * 2, Math.min(mapView.w, mapView.h) / (span * 1.6)));
      drawMap();
      return;
    }
    const pop = $('#map-popup');
    const list = el('ul', {}, members.map(({e}) => el('li', {},
      el('span', {class: 'swatch', style: `background:${COLORS[e.event_type] || '#666'}`}),
      el('a', {href: eventHref(e.event_id)}, `${e.event_date} · ${e.sub_event_type} · ${placeOf(e)} (${e.fatalities || 0})`))));
    pop.replaceChildren(el('div', {class: 'popup-head'}, el('strong', {text: `${members.length} events here`}),
      el('button', {type: 'button', class: 'link', 'aria-label': 'Close', onclick: () => { pop.hidden = true; }}, '×')), list);
    pop.style.left = `${Math.min(Math.max(0, x - 20), Math.max(0, mapView.w - 280))}px`;
    pop.style.top = `${Math.min(y + 12, Math.max(0, mapView.h - 120))}px`;
    pop.hidden = false;
    const first = $('a', pop);
    if (first) first.focus();
  }

  function drawLegend() {
    const unmapped = state.items.length - located().length;
    const counts = {};
    for (const e of state.items) counts[e.event_type] = (counts[e.event_type] || 0) + 1;
    $('#legend').replaceChildren(...TYPES.filter((t) => counts[t]).map((t) => el('li', {},
      el('span', {class: 'swatch', style: `background:${COLORS[t]}`}), `${t} (${counts[t]})`)),
    el('li', {class: 'muted'}, 'size: fatalities'),
    ...(unmapped ? [el('li', {class: 'muted', id: 'unmapped'}, `${unmapped} not on the map (no coordinates)`)] : []));
  }

  function zoomMap(factor, px = mapView.w / 2, py = mapView.h / 2) {
    const lon = mapView.cx + (px - mapView.w / 2) / mapView.k;
    const lat = mapView.cy - (py - mapView.h / 2) / mapView.k;
    const k = clampK(mapView.k * factor);
    mapView.cx = lon - (px - mapView.w / 2) / k;
    mapView.cy = lat + (py - mapView.h / 2) / k;
    mapView.k = k;
    drawMap();
  }

  function panMap(dx, dy) {
    mapView.cx -= dx / mapView.k;
    mapView.cy = Math.max(-85, Math.min(85, mapView.cy + dy / mapView.k));
    drawMap();
  }

  function setupMap() {
    const svg = $('#map');
    svg.addEventListener('wheel', (ev) => {
      ev.preventDefault();
      const box = svg.getBoundingClientRect();
      zoomMap(ev.deltaY < 0 ? 1.25 : 0.8, ev.clientX - box.left, ev.clientY - box.top);
    }, {passive: false});
    svg.addEventListener('pointerdown', (ev) => {
      if (ev.button !== 0 || ev.target.closest('.marker, .cluster')) return;
      mapView.drag = {x: ev.clientX, y: ev.clientY, moved: false};
      svg.setPointerCapture(ev.pointerId);
    });
    svg.addEventListener('pointermove', (ev) => {
      const d = mapView.drag;
      if (!d) return;
      const dx = ev.clientX - d.x;
      const dy = ev.clientY - d.y;
      if (!d.moved && Math.hypot(dx, dy) < 3) return;
      d.moved = true;
      d.x = ev.clientX;
      d.y = ev.clientY;
      panMap(dx, dy);
    });
    const end = () => { mapView.drag = null; };
    svg.addEventListener('pointerup', end);
    svg.addEventListener('pointercancel', end);
    svg.addEventListener('keydown', (ev) => {
      if (ev.target !== svg) return;
      const step = 60;
      const keys = {ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step]};
      if (keys[ev.key]) { ev.preventDefault(); panMap(...keys[ev.key]); }
      else if (ev.key === '+' || ev.key === '=') { ev.preventDefault(); zoomMap(1.5); }
      else if (ev.key === '-') { ev.preventDefault(); zoomMap(1 / 1.5); }
    });
    for (const b of $$('[data-zoom]')) {
      b.addEventListener('click', () => {
        if (b.dataset.zoom === 'fit') { mapView.fitted = false; drawMap(); }
        else zoomMap(b.dataset.zoom === 'in' ? 1.6 : 1 / 1.6);
      });
    }
    let pending = null;
    new ResizeObserver(() => {
      cancelAnimationFrame(pending);
      pending = requestAnimationFrame(() => { if (!$('#view-list').hidden) { drawMap(); drawTimeline(); } });
    }).observe($('.content'));
  }

  // ------------------------------------------------------------------ timeline

  const toDay = (s) => Date.parse(`${s}T00:00:00Z`);
  const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
  const monday = (ms) => ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY_MS;
  const tl = {weeks: [], x0: 0, bw: 0, brush: null};

  function drawTimeline() {
    const svg = $('#timeline');
    const box = svg.getBoundingClientRect();
    if (!box.width) return;
    const W = box.width;
    const H = box.height || 180;
    svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    clear(svg);
    const m = {l: 40, r: 10, t: 10, b: 24};
    const byWeek = new Map();
    for (const s of state.weekly || []) {
      const wk = monday(toDay(s.week));
      if (!byWeek.has(wk)) byWeek.set(wk, {});
      const row = byWeek.get(wk);
      row[s.event_type] = (row[s.event_type] || 0) + (s[state.measure] || 0);
    }
    const f = state.filters;
    const known = [...byWeek.keys()];
    if (f.since) known.push(monday(toDay(f.since)));
    if (f.until) known.push(monday(toDay(f.until)));
    if (!byWeek.size) {
      svg.appendChild(sv('text', {x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'empty', text: 'No events for these filters'}));
      tl.weeks = [];
      return;
    }
    const first = Math.min(...known);
    const last = Math.max(...known);
    const weeks = [];
    for (let w = first; w <= last; w += 7 * DAY_MS) weeks.push(w);
    const totals = weeks.map((w) => Object.values(byWeek.get(w) || {}).reduce((a, b) => a + b, 0));
    const max = Math.max(1, ...totals);
    const pw = W - m.l - m.r;
    const ph = H - m.t - m.b;
    const bw = pw / weeks.length;
    Object.assign(tl, {weeks, x0: m.l, bw, top: m.t, ph});
    const y = (v) => m.t + ph - (v / max) * ph;

    // axes
    const axis = sv('g', {class: 'axis'});
    for (const v of [0, Math.round(max / 2), max].filter((v, i, a) => a.indexOf(v) === i)) {
      axis.appendChild(sv('line', {x1: m.l, x2: W - m.r, y1: y(v), y2: y(v), class: 'grid'}));
      axis.appendChild(sv('text', {x: m.l - 6, y: y(v), dy: '0.32em', 'text-anchor': 'end', text: v}));
    }
    const every = Math.max(1, Math.ceil(weeks.length / Math.max(1, Math.floor(pw / 70))));
    weeks.forEach((w, i) => {
      if (i % every) return;
      const d = new Date(w);
      const label = `${d.getUTCDate()} ${d.toLocaleString('en', {month: 'short', timeZone: 'UTC'})}${i === 0 || d.getUTCMonth() === 0 ? ` ${d.getUTCFullYear()}` : ''}`;
      axis.appendChild(sv('text', {x: m.l + i * bw + bw / 2, y: H - 6, 'text-anchor': 'middle', text: label}));
    });
    svg.appendChild(axis);

    // stacked bars
    const bars = sv('g', {class: 'bars'});
    weeks.forEach((w, i) => {
      const row = byWeek.get(w) || {};
      let acc = 0;
      for (const t of TYPES.concat(Object.keys(row).filter((k) => !TYPES.includes(k)))) {
        const v = row[t] || 0;
        if (!v) continue;
        const yTop = y(acc + v);
        bars.appendChild(sv('rect', {
          x: (m.l + i * bw + Math.min(1, bw * 0.1)).toFixed(2), width: Math.max(1, bw - Math.min(2, bw * 0.2)).toFixed(2),
          y: yTop.toFixed(2), height: Math.max(0.5, y(acc) - yTop).toFixed(2), fill: COLORS[t] || '#777',
          class: 'bar', dataset: {week: isoDay(w), type: t, value: v},
        }, sv('title', {text: `week of ${isoDay(w)} · ${t}: ${v} ${state.measure === 'events' ? 'incidents' : 'fatalities'}`})));
        acc += v;
      }
    });
    svg.appendChild(bars);

    // current date selection and the brush overlay
    const sel = sv('rect', {class: 'brush', y: m.t, height: ph, x: 0, width: 0, visibility: 'hidden'});
    svg.appendChild(sel);
    tl.sel = sel;
    if (f.since || f.until) {
      const a = f.since ? toDay(f.since) : first;
      const b = f.until ? toDay(f.until) + DAY_MS : last + 7 * DAY_MS;
      const xa = m.l + ((a - first) / (7 * DAY_MS)) * bw;
      const xb = m.l + ((b - first) / (7 * DAY_MS)) * bw;
      showBrush(Math.max(m.l, xa), Math.min(W - m.r, xb));
    }
    svg.appendChild(sv('rect', {class: 'overlay', x: m.l, y: m.t, width: pw, height: ph}));
    $('#brush-clear').hidden = !(f.since || f.until);
  }

  function showBrush(xa, xb) {
    const a = Math.min(xa, xb);
    const b = Math.max(xa, xb);
    tl.sel.setAttribute('x', a.toFixed(1));
    tl.sel.setAttribute('width', Math.max(1, b - a).toFixed(1));
    tl.sel.setAttribute('visibility', 'visible');
  }

  function setupTimeline() {
    const svg = $('#timeline');
    const localX = (ev) => ev.clientX - svg.getBoundingClientRect().left;
    const weekAt = (x) => Math.max(0, Math.min(tl.weeks.length - 1, Math.floor((x - tl.x0) / tl.bw)));
    svg.addEventListener('pointerdown', (ev) => {
      if (!tl.weeks.length || ev.button !== 0) return;
      tl.brush = {x: localX(ev)};
      svg.setPointerCapture(ev.pointerId);
      showBrush(tl.brush.x, tl.brush.x + 1);
    });
    svg.addEventListener('pointermove', (ev) => {
      if (tl.brush) showBrush(tl.brush.x, localX(ev));
    });
    svg.addEventListener('pointerup', (ev) => {
      if (!tl.brush) return;
      const a = weekAt(Math.min(tl.brush.x, localX(ev)));
      const b = weekAt(Math.max(tl.brush.x, localX(ev)));
      tl.brush = null;
      setFilters({...state.filters, since: isoDay(tl.weeks[a]), until: isoDay(tl.weeks[b] + 6 * DAY_MS)});
    });
    svg.addEventListener('pointercancel', () => { tl.brush = null; drawTimeline(); });
    $('#brush-clear').addEventListener('click', () => {
      const f = {...state.filters};
      delete f.since;
      delete f.until;
      setFilters(f);
    });
    for (const b of $$('[data-measure]')) {
      b.addEventListener('click', () => {
        state.measure = b.dataset.measure;
        for (const o of $$('[data-measure]')) o.setAttribute('aria-pressed', String(o === b));
        $('#timeline-title').textContent = state.measure === 'events' ? 'Incidents per week' : 'Fatalities per week';
        drawTimeline();
      });
    }
  }

  // ------------------------------------------------------------------ table

  const COLUMNS = [
    ['event_date', 'Date'], ['event_type', 'Type'], ['sub_event_type', 'Sub-type'], ['actor1', 'Actor 1'],
    ['actor2', 'Actor 2'], ['country', 'Country'], ['admin1', 'Admin1'], ['location', 'Location'],
    ['fatalities', 'Fatalities'], ['reviewed', 'Reviewed'],
  ];

  function sortedItems() {
    const {key, dir} = state.sort;
    const sign = dir === 'asc' ? 1 : -1;
    return [...state.items].sort((a, b) => {
      const va = a[key];
      const vb = b[key];
      let c;
      if (va === vb) c = 0;
      else if (va === null || va === undefined) c = 1;
      else if (vb === null || vb === undefined) c = -1;
      else if (typeof va === 'number' || typeof va === 'boolean') c = sign * (Number(va) - Number(vb));
      else c = sign * String(va).localeCompare(String(vb));
      return c || String(a.event_id).localeCompare(String(b.event_id));
    });
  }

  function drawTable() {
    const head = $('#events-table thead tr');
    head.replaceChildren(el('th', {scope: 'col'}, el('span', {class: 'sr-only', text: 'Select'})),
      ...COLUMNS.map(([key, label]) => {
        const active = state.sort.key === key;
        const ariaSort = active ? (state.sort.dir === 'asc' ? 'ascending' : 'descending') : 'none';
        return el('th', {scope: 'col', 'aria-sort': ariaSort, class: key === 'fatalities' ? 'num' : null},
          el('button', {type: 'button', class: 'sort', dataset: {key}, onclick: () => {
            state.sort = {key, dir: active && state.sort.dir === 'desc' ? 'asc' : (active ? 'desc' : (key === 'fatalities' || key === 'event_date' ? 'desc' : 'asc'))};
            drawTable();
          }}, label, el('span', {class: 'arrow', 'aria-hidden': 'true', text: active ? (state.sort.dir === 'asc' ? ' ▲' : ' ▼') : ''})));
      }));
    const rows = sortedItems().slice(0, state.rows);
    $('#events-table tbody').replaceChildren(...rows.map((e) => el('tr', {dataset: {id: e.event_id}},
      el('td', {}, el('input', {type: 'checkbox', 'aria-label': `Select ${e.event_id} for merging`,
        checked: state.selected.has(e.event_id), onchange: (ev) => {
          if (ev.target.checked) state.selected.add(e.event_id); else state.selected.delete(e.event_id);
          updateMergeForm();
        }})),
      el('td', {}, el('a', {href: eventHref(e.event_id)}, e.event_date)),
      el('td', {}, el('span', {class: 'swatch', style: `background:${COLORS[e.event_type] || '#666'}`}), e.event_type),
      el('td', {text: show(e.sub_event_type)}), el('td', {text: show(e.actor1)}), el('td', {text: show(e.actor2)}),
      e.country ? el('td', {text: e.country}) : el('td', {class: 'unplaced', text: PLACE_UNKNOWN}),
      el('td', {text: show(e.admin1)}), el('td', {text: show(e.location)}),
      el('td', {class: 'num', text: e.fatalities ?? 0}), el('td', {text: e.reviewed ? 'yes' : 'no'}))));
    if (!state.items.length) {
      $('#events-table tbody').appendChild(el('tr', {}, el('td', {colspan: COLUMNS.length + 1, class: 'muted', text: 'No events match these filters.'})));
    }
    const n = state.items.length;
    $('#event-count').textContent = `(${n}${state.truncated ? '+, first ' + n + ' shown' : ''})`;
    $('#more-rows').hidden = state.rows >= n;
    updateMergeForm();
  }

  function updateMergeForm() {
    const form = $('#merge-form');
    const n = state.selected.size;
    form.hidden = n < 2;
    $('#merge-label').textContent = `${n} events selected`;
  }

  async function mergeEvents(ids, reason) {
    const res = await api('events/merge', {method: 'POST', body: {ids, reason}});
    return (res && (res.event_id || res.id)) || ids[0];
  }

  // ------------------------------------------------------------------ event page

  async function showEvent(id) {
    const view = $('#view-event');
    if (!state.event || state.event.event_id !== id) {
      view.replaceChildren(el('p', {class: 'muted', text: 'Loading…'}));
      state.articleTab = null;
    }
    let ev;
    let history;
    try {
      [ev, history] = await Promise.all([api(`events/${enc(id)}`), api(`events/${enc(id)}/history`).catch((e) => { say(e.message); return []; })]);
    } catch (e) {
      view.replaceChildren(el('p', {}, el('a', {href: listHref(state.filters)}, '← All events')),
        el('p', {class: 'error', role: 'alert', text: e.status === 404 ? `No event ${id}.` : e.message}));
      return;
    }
    state.event = ev;
    renderEvent(view, ev, history || []);
  }

  function articlesOf(ev) {
    const list = (ev.articles && ev.articles.length) ? ev.articles : (ev.article_ids || []).map((a) => ({id: a}));
    const seen = new Set();
    return list.filter((a) => !seen.has(a.id) && seen.add(a.id));
  }

  /* The evidence spans that point into one article: its report's, or the record's own for its first article. */
  function evidenceFor(ev, articleId) {
    const report = (ev.reports || []).find((r) => (r.article_ids || []).includes(articleId));
    const src = report || ((ev.article_ids || [])[0] === articleId ? ev : null);
    const out = {};
    if (!src) return out;
    for (const [field, spans] of Object.entries(src.evidence || {})) out[field] = spans || [];
    (src.claims || []).forEach((c, i) => { if (c.evidence && c.evidence.length) out[`claim-${i}`] = c.evidence; });
    return out;
  }

  function renderEvent(view, ev, history) {
    const title = ev.notes || `${ev.sub_event_type}, ${placeOf(ev)}`;
    document.title = `${ev.event_date} ${ev.event_type} · conflictwatch`;
    const articles = articlesOf(ev);
    if (!state.articleTab || !articles.some((a) => a.id === state.articleTab)) state.articleTab = articles.length ? articles[0].id : null;
    const locked = new Set(ev.locked_fields || []);

    const header = el('div', {class: 'event-head'},
      el('p', {}, el('a', {href: listHref(state.filters), class: 'back'}, '← All events')),
      el('h2', {id: 'event-title', tabindex: '-1'}, el('span', {class: 'swatch', style: `background:${COLORS[ev.event_type] || '#666'}`}), title),
      el('p', {class: 'meta'},
        el('span', {class: ev.reviewed ? 'badge ok' : 'badge', id: 'reviewed-badge', text: ev.reviewed ? 'Reviewed' : 'Not reviewed'}),
        ` ${ev.event_id} · ${ev.event_date} · ${ev.event_type} / ${ev.sub_event_type} · ${ev.fatalities ?? 0} fatalities`),
      reviewBar(ev));

    // fields
    const evidence = state.articleTab ? evidenceFor(ev, state.articleTab) : {};
    const fields = el('table', {class: 'fields', id: 'fields'}, el('caption', {text: 'Fields (hover or focus one to see its evidence)'}),
      el('tbody', {}, FIELDS.map((f) => fieldRow(ev, f, evidence, locked))));

    const articleBox = el('section', {class: 'panel article', id: 'article', 'aria-label': 'Article'});
    const body = el('div', {class: 'event-grid'}, el('section', {class: 'panel'}, fields), articleBox);

    view.replaceChildren(header, body, claimsSection(ev), reportsSection(ev), historySection(history));
    renderArticles(articleBox, ev, articles);
  }

  function fieldRow(ev, f, evidence, locked) {
    const value = ev[f];
    const spans = evidence[f] || [];
    let text = show(value);
    if ((f === 'inter1' || f === 'inter2') && INTER[value]) text = `${value} (${INTER[value]})`;
    if (f === 'country' && !value) text = `${PLACE_UNKNOWN}: edit to set it`;
    const row = el('tr', {dataset: {field: f}, class: spans.length ? 'has-evidence' : null},
      el('th', {scope: 'row'}, f, locked.has(f) ? el('span', {class: 'lock', title: 'set by an analyst; kept through re-merging', text: ' 🔒'}) : null),
      el('td', {class: 'value'}, el('span', {class: 'v', text}),
        spans.length ? el('span', {class: 'ev-count muted', text: ` ${spans.length} span${spans.length > 1 ? 's' : ''}`}) : null),
      el('td', {class: 'actions'}, NOT_EDITABLE.has(f) ? null
        : el('button', {type: 'button', class: 'edit', 'aria-label': `Edit ${f}`, onclick: () => openEditor(row, ev, f)}, 'Edit')));
    const on = () => highlight(f, true);
    const off = () => highlight(f, false);
    row.addEventListener('mouseenter', on);
    row.addEventListener('mouseleave', off);
    row.addEventListener('focusin', on);
    row.addEventListener('focusout', off);
    if (spans.length) row.setAttribute('tabindex', '0');
    return row;
  }

  function highlight(field, on) {
    let firstMark = null;
    for (const m of $$('#article-text mark')) {
      if ((m.dataset.fields || '').split(' ').includes(field)) {
        m.classList.toggle('hl', on);
        if (on && !firstMark) firstMark = m;
      }
    }
    for (const r of $$(`#fields tr[data-field="${field}"], .claim[data-field="${field}"]`)) r.classList.toggle('active', on);
    if (firstMark) {
      const box = $('#article-text');
      const top = firstMark.offsetTop - box.offsetTop;
      if (top < box.scrollTop || top > box.scrollTop + box.clientHeight - 20) box.scrollTop = Math.max(0, top - 40);
    }
  }

  function reviewBar(ev) {
    const err = el('p', {class: 'error', role: 'alert', id: 'review-error'});
    const approve = el('button', {type: 'button', id: 'approve', onclick: async () => {
      err.textContent = '';
      try {
        await api(`events/${enc(ev.event_id)}/approve`, {method: 'POST', body: {}});
        say('Approved.', 'info');
        state.loadedKey = null;
        await showEvent(ev.event_id);
      } catch (e) { err.textContent = e.message; }
    }}, ev.reviewed ? 'Approve again' : 'Approve');
    const mergeForm = el('form', {class: 'inline', id: 'merge-event-form', onsubmit: async (e) => {
      e.preventDefault();
      err.textContent = '';
      const other = mergeForm.other.value.trim();
      try {
        const target = await mergeEvents([ev.event_id, other], mergeForm.reason.value.trim());
        say(`Merged into ${target}.`, 'info');
        state.loadedKey = null;
        state.event = null;
        location.hash = eventHref(target);
        if (target === ev.event_id) await showEvent(target);
      } catch (e2) { err.textContent = e2.message; }
    }},
    el('label', {}, 'Merge with event ', el('input', {name: 'other', required: true, placeholder: 'event id', list: 'merge-candidates', size: 18})),
    el('datalist', {id: 'merge-candidates'}, state.items.filter((x) => x.event_id !== ev.event_id).slice(0, 200)
      .map((x) => el('option', {value: x.event_id, label: `${x.event_date} ${placeOf(x)}`}))),
    el('label', {}, 'Reason ', el('input', {name: 'reason', required: true, placeholder: 'why'})),
    el('button', {type: 'submit'}, 'Merge'));
    return el('div', {class: 'review-bar panel', 'aria-label': 'Review'}, approve, mergeForm, err);
  }

  function editorControl(f, value) {
    if (f === 'event_type' || f === 'sub_event_type') {
      // one choice sets both: a sub-event type belongs to exactly one event type
      const current = f === 'sub_event_type' ? value : null;
      return el('select', {name: 'value'}, Object.entries(SUB_TYPES).map(([t, subs]) =>
        el('optgroup', {label: t}, subs.map((s) => el('option', {value: s, text: `${t} / ${s}`,
          selected: current ? s === current : (t === value && s === (state.event || {}).sub_event_type)})))));
    }
    if (f === 'event_date') return el('input', {name: 'value', type: 'date', value: value || '', required: true});
    if (f === 'notes') return el('textarea', {name: 'value', rows: 3}, value || '');
    if (INT_FIELDS.has(f)) return el('input', {name: 'value', type: 'number', step: 1, value: value ?? ''});
    if (FLOAT_FIELDS.has(f)) return el('input', {name: 'value', type: 'number', step: 'any', value: value ?? ''});
    if (f === 'sources') return el('input', {name: 'value', value: (value || []).join('; ')});
    return el('input', {name: 'value', value: value ?? ''});
  }

  function parseValue(f, raw) {
    const s = raw.trim();
    if (s === '' && NULLABLE.has(f)) return null;
    if (INT_FIELDS.has(f)) {
      if (!/^-?\d+$/.test(s)) throw new Error(`${f} must be a whole number`);
      return parseInt(s, 10);
    }
    if (FLOAT_FIELDS.has(f)) {
      const v = Number(s);
      if (s === '' || !Number.isFinite(v)) throw new Error(`${f} must be a number`);
      return v;
    }
    if (f === 'sources') return s.split(/\s*[;,]\s*/).filter(Boolean);
    return s;
  }

  function openEditor(row, ev, f) {
    const existing = $('.editor-row');
    if (existing) existing.remove();
    const err = el('p', {class: 'error', role: 'alert'});
    const control = editorControl(f, ev[f]);
    control.setAttribute('aria-label', `New value of ${f}`);
    const form = el('form', {class: 'editor', dataset: {field: f}},
      el('label', {}, f === 'event_type' || f === 'sub_event_type' ? 'New event type / sub-event type ' : `New ${f} `, control),
      el('label', {}, 'Reason ', el('input', {name: 'reason', required: true, placeholder: 'why this change', maxlength: 2000})),
      el('div', {class: 'row'}, el('button', {type: 'submit'}, 'Save'),
        el('button', {type: 'button', onclick: () => { editorRow.remove(); row.querySelector('button.edit').focus(); }}, 'Cancel')),
      err);
    const editorRow = el('tr', {class: 'editor-row'}, el('td', {colspan: 3}, form));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      err.textContent = '';
      let value;
      try { value = parseValue(f, control.value); } catch (e2) { err.textContent = e2.message; return; }
      const button = $('button[type=submit]', form);
      button.disabled = true;
      try {
        const changes = (f === 'event_type' || f === 'sub_event_type')
          ? {event_type: SUB_TO_TYPE[value], sub_event_type: value} : {[f]: value};
        await api(`events/${enc(ev.event_id)}`, {method: 'PATCH', body: {changes, reason: form.reason.value.trim()}});
        state.loadedKey = null;
        say(`Saved ${f}.`, 'info');
        await showEvent(ev.event_id);
        const again = $(`#fields tr[data-field="${f}"] button.edit`);
        if (again) again.focus();
      } catch (e2) {
        err.textContent = e2.message;
        button.disabled = false;
      }
    });
    row.after(editorRow);
    control.focus();
  }

  function claimsSection(ev) {
    const claims = ev.claims || [];
    const fat = el('p', {class: 'muted', text: `Best ${ev.fatalities ?? 0} · low ${ev.fatalities_low ?? 0} · high ${ev.fatalities_high ?? 0} · wounded ${show(ev.wounded)}`});
    const cards = claims.map((c, i) => {
      const card = el('article', {class: 'claim', tabindex: c.evidence && c.evidence.length ? 0 : null, dataset: {field: `claim-${i}`}},
        el('h4', {text: c.source || 'unattributed'}),
        el('dl', {}, el('dt', {text: 'Fatalities'}), el('dd', {text: show(c.fatalities)}),
          el('dt', {text: 'Wounded'}), el('dd', {text: show(c.wounded)}),
          el('dt', {text: 'Qualifier'}), el('dd', {text: show(c.qualifier)})));
      const on = () => highlight(`claim-${i}`, true);
      const off = () => highlight(`claim-${i}`, false);
      card.addEventListener('mouseenter', on);
      card.addEventListener('mouseleave', off);
      card.addEventListener('focusin', on);
      card.addEventListener('focusout', off);
      return card;
    });
    return el('section', {class: 'panel', id: 'claims', 'aria-labelledby': 'claims-title'},
      el('h3', {id: 'claims-title', text: `Claims (${claims.length})`}), fat,
      claims.length ? el('div', {class: 'claims'}, cards) : el('p', {class: 'muted', text: 'No figures reported.'}));
  }

  function renderArticles(box, ev, articles) {
    const tabs = el('div', {class: 'tabs', role: 'tablist', 'aria-label': 'Articles merged into this event'},
      articles.map((a, i) => el('button', {type: 'button', role: 'tab', 'aria-selected': String(a.id === state.articleTab),
        class: a.id === state.articleTab ? 'tab active' : 'tab', onclick: async () => {
          state.articleTab = a.id;
          renderEvent($('#view-event'), ev, state.lastHistory || []);
        }}, `${i === 0 ? 'Article' : 'Also'}: ${a.outlet || a.title || a.id}`)));
    const meta = el('div', {class: 'article-meta'});
    const text = el('div', {class: 'article-text', id: 'article-text', tabindex: 0, 'aria-label': 'Article text'}, el('p', {class: 'muted', text: 'Loading article…'}));
    box.replaceChildren(...[el('h3', {text: `Articles (${articles.length})`}), articles.length > 1 ? tabs : null, meta, text].filter(Boolean));
    if (!state.articleTab) { text.replaceChildren(el('p', {class: 'muted', text: 'No article is linked to this event.'})); return; }
    const id = state.articleTab;
    api(`articles/${enc(id)}`).then((a) => {
      if (state.articleTab !== id || !text.isConnected) return;
      const safeUrl = /^https?:\/\//i.test(a.url || '') ? a.url : null;
      meta.replaceChildren(el('h4', {text: a.title || a.id}),
        el('p', {class: 'muted'}, [a.outlet, a.published].filter(Boolean).join(' · '),
          safeUrl ? ' · ' : null, safeUrl ? el('a', {href: safeUrl, rel: 'noopener noreferrer', target: '_blank'}, 'original') : null));
      renderText(text, a.text || '', evidenceFor(ev, id));
    }).catch((e) => { text.replaceChildren(el('p', {class: 'error', text: e.message})); });
  }

  /* The article text as text nodes, cut at every span boundary; each piece inside spans is a <mark>
   * that lists its fields in data-fields. No HTML parsing ever touches the article. */
  function renderText(node, text, evidence) {
    const cuts = new Set([0, text.length]);
    const spans = [];
    for (const [field, list] of Object.entries(evidence)) {
      for (const sp of list || []) {
        const a = Math.max(0, Math.min(text.length, sp[0] | 0));
        const b = Math.max(0, Math.min(text.length, sp[1] | 0));
        if (b > a) { spans.push([a, b, field]); cuts.add(a); cuts.add(b); }
      }
    }
    const points = [...cuts].sort((x, y) => x - y);
    const frag = document.createDocumentFragment();
    for (let i = 0; i < points.length - 1; i++) {
      const a = points[i];
      const b = points[i + 1];
      const piece = text.slice(a, b);
      const fields = spans.filter(([s, e]) => s <= a && e >= b).map(([, , f]) => f);
      if (!fields.length) { frag.appendChild(document.createTextNode(piece)); continue; }
      const mark = document.createElement('mark');
      mark.dataset.fields = [...new Set(fields)].join(' ');
      mark.title = `evidence for ${mark.dataset.fields.replace(/claim-(\d+)/g, 'claim $1')}`;
      mark.appendChild(document.createTextNode(piece));
      mark.addEventListener('mouseenter', () => fields.forEach((f) => $$(`#fields tr[data-field="${f}"], .claim[data-field="${f}"]`).forEach((r) => r.classList.add('active'))));
      mark.addEventListener('mouseleave', () => $$('#fields tr.active, .claim.active').forEach((r) => r.classList.remove('active')));
      frag.appendChild(mark);
    }
    node.replaceChildren(frag);
  }

  function reportsSection(ev) {
    const reports = ev.reports || [];
    const err = el('p', {class: 'error', role: 'alert'});
    const form = el('form', {class: 'split', id: 'split-form'},
      el('ul', {class: 'reports'}, reports.map((r) => {
        const rid = r.report_id || r.event_id || r.id;
        return el('li', {}, el('label', {},
          reports.length > 1 ? el('input', {type: 'checkbox', name: 'report', value: rid}) : null,
          ` ${rid} · ${(r.article_ids || []).join(', ')} · ${r.event_date} · ${r.sub_event_type} · ${placeOf(r)} · ${r.fatalities ?? 0} fatalities`));
      })),
      reports.length > 1 ? el('div', {class: 'row'},
        el('label', {}, 'Reason ', el('input', {name: 'reason', required: true, placeholder: 'why these are separate incidents'})),
        el('button', {type: 'submit'}, 'Split selected into a new event')) : el('p', {class: 'muted', text: 'One report: nothing to split.'}),
      err);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      err.textContent = '';
      const ids = $$('input[name=report]:checked', form).map((i) => i.value);
      if (!ids.length || ids.length === reports.length) { err.textContent = 'Choose some, but not all, of the reports.'; return; }
      try {
        const res = await api(`events/${enc(ev.event_id)}/split`, {method: 'POST', body: {report_ids: ids, reason: form.reason.value.trim()}});
        const created = res && (res.new_event_id || res.event_id || res.id);
        const kept = (res && res.new_event_id && res.event_id) || ev.event_id;
        const other = created === ev.event_id ? kept : created;
        say(other && other !== ev.event_id ? `Split: the other reports are now event ${other}.` : 'Split.', 'info');
        state.loadedKey = null;
        // stay on this id while it still names one of the two events; else follow the reports kept
        if (created !== ev.event_id && kept !== ev.event_id) location.hash = eventHref(kept);
        else await showEvent(ev.event_id);
      } catch (e2) { err.textContent = e2.message; }
    });
    return el('section', {class: 'panel', id: 'reports', 'aria-labelledby': 'reports-title'},
      el('h3', {id: 'reports-title', text: `Reports merged into this event (${reports.length})`}), form);
  }

  function historySection(history) {
    state.lastHistory = history;
    const rows = history.map((h) => el('tr', {},
      el('td', {text: show(h.when || h.at)}), el('td', {text: show(h.who)}), el('td', {text: show(h.action)}),
      el('td', {text: show(h.field)}), el('td', {text: show(h.before)}), el('td', {text: show(h.after)}),
      el('td', {text: show(h.reason)})));
    return el('section', {class: 'panel', id: 'history', 'aria-labelledby': 'history-title'},
      el('h3', {id: 'history-title', text: `History (${history.length})`}),
      history.length ? el('div', {class: 'table-wrap'}, el('table', {class: 'history'},
        el('thead', {}, el('tr', {}, ['When', 'Who', 'Action', 'Field', 'Before', 'After', 'Reason'].map((h) => el('th', {scope: 'col', text: h})))),
        el('tbody', {}, rows))) : el('p', {class: 'muted', text: 'No changes yet.'}));
  }

  // ------------------------------------------------------------------ wiring

  function setupForms() {
    const form = $('#filters');
    const read = () => {
      const f = {};
      for (const k of ['since', 'until', 'country', 'admin1', 'actor', 'event_type', 'min_fatalities', 'reviewed', 'q']) {
        const v = form[k].value.trim();
        if (v) f[k] = v;
      }
      if (state.filters.sub_event_type) f.sub_event_type = state.filters.sub_event_type;
      return f;
    };
    form.addEventListener('submit', (e) => { e.preventDefault(); setFilters(read()); });
    for (const name of ['country', 'admin1', 'event_type', 'reviewed', 'since', 'until']) {
      form[name].addEventListener('change', () => {
        const f = read();
        if (name === 'country') delete f.admin1;
        setFilters(f);
      });
    }
    $('#filters-reset').addEventListener('click', () => setFilters({}));
    $('#more-rows').addEventListener('click', () => { state.rows += PAGE_ROWS; drawTable(); });
    $('#merge-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      const ids = [...state.selected];
      try {
        const target = await mergeEvents(ids, e.target.reason.value.trim());
        say(`Merged ${ids.length} events into ${target}.`, 'info');
        state.loadedKey = null;
        e.target.reason.value = '';
        location.hash = eventHref(target);
      } catch (e2) { say(e2.message); }
    });

    const tform = $('#token-form');
    const input = $('#token-input');
    const showState = () => { $('#token-state').textContent = token.get() ? 'token saved' : 'no token: read only'; };
    input.value = token.get();
    showState();
    tform.addEventListener('submit', (e) => { e.preventDefault(); token.set(input.value.trim()); showState(); say('Token saved in this browser.', 'info'); });
    $('#token-clear').addEventListener('click', () => { input.value = ''; token.set(''); showState(); });
  }

  document.addEventListener('DOMContentLoaded', () => {
    setupForms();
    setupMap();
    setupTimeline();
    loadOutlines();
    window.addEventListener('hashchange', () => { route(); });
    route();
  });
})();
