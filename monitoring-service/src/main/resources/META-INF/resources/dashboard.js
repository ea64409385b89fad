// The operators' dashboard: plain browser JavaScript, served as a static file by monitoring-service.
// It calls only this service's API, with the operator's token in the Authorization header. The live stream is read
// with fetch() streaming (EventSource cannot send headers), resumed with Last-Event-ID after a drop.
'use strict';

const TOKEN_KEY = 'aedpics.token';
const STREAM_URL = 'api/monitoring/events';
const STALL_MS = 45000; // three missed heartbeats: the connection is dead even if the socket says otherwise
const FEED_LENGTH = 30;

const state = {
  token: null,
  lastEventId: null,
  controller: null,
  retryMs: 1000,
  reconnectTimer: null,
  stallTimer: null,
  refreshTimer: null,
  alerts: new Map(), // fingerprint -> alert
  charts: {},
};

const counters = {
  events: 0, sessionsStarted: 0, sessionsCompleted: 0, sessionsCancelled: 0, schedules: 0, devices: 0, alerts: 0,
};

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------- sign-in

function signIn(token) {
  state.token = token.trim().replace(/^Bearer\s+/i, '');
  sessionStorage.setItem(TOKEN_KEY, state.token);
  $('sign-in').hidden = true;
  $('dashboard').hidden = false;
  $('sign-out').hidden = false;
  $('who').textContent = describeToken(state.token);
  loadPanels();
  connect();
}

function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  state.token = null;
  state.lastEventId = null;
  stopStream();
  setStreamState('signed-out', 'signed out');
  $('dashboard').hidden = true;
  $('sign-in').hidden = false;
  $('sign-out').hidden = true;
  $('who').textContent = '';
  $('sign-in-error').textContent = message || '';
}

/** Who the token says we are (display only; the server verifies it). */
function describeToken(token) {
  try {
    const payload = JSON.parse(new TextDecoder().decode(
      Uint8Array.from(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))));
    const roles = (payload.groups || []).join(', ');
    const area = [payload.sido, payload.gugun].filter(Boolean).join(' ');
    return `${payload.sub || payload.upn || '?'} · ${roles}${area ? ' · ' + area : ''}`;
  } catch (e) {
    return '';
  }
}

// ---------------------------------------------------------------- the live stream

function setStreamState(name, text) {
  const badge = $('stream-state');
  badge.className = `state state-${name}`;
  badge.textContent = text;
}

function stopStream() {
  clearTimeout(state.reconnectTimer);
  clearTimeout(state.stallTimer);
  if (state.controller) {
    state.controller.abort();
    state.controller = null;
  }
}

async function connect() {
  stopStream();
  if (!state.token) return;
  const controller = new AbortController();
  state.controller = controller;
  setStreamState(state.lastEventId ? 'reconnecting' : 'connecting',
    state.lastEventId ? 'reconnecting…' : 'connecting…');
  const headers = { Authorization: `Bearer ${state.token}`, Accept: 'text/event-stream' };
  if (state.lastEventId) headers['Last-Event-ID'] = state.lastEventId;
  try {
    const response = await fetch(STREAM_URL, { headers, signal: controller.signal, cache: 'no-store' });
    if (response.status === 401) {
      signOut('The token was refused (expired or not trusted). Sign in again.');
      return;
    }
    if (!response.ok) {
      throw new Error(await problemText(response));
    }
    setStreamState('live', 'live');
    state.retryMs = 1000;
    await readStream(response.body.getReader(), controller);
    throw new Error('the stream ended');
  } catch (error) {
    if (controller.signal.aborted && state.controller !== controller) return; // replaced or signed out
    scheduleReconnect(error);
  }
}

function scheduleReconnect(error) {
  if (!state.token) return;
  state.controller = null;
  setStreamState('reconnecting', `reconnecting… (${error.message || error})`);
  clearTimeout(state.reconnectTimer);
  state.reconnectTimer = setTimeout(connect, state.retryMs);
  state.retryMs = Math.min(state.retryMs * 2, 15000);
}

function watchForStall(controller) {
  clearTimeout(state.stallTimer);
  state.stallTimer = setTimeout(() => controller.abort(), STALL_MS);
}

/** Splits the byte stream into SSE frames (blank-line separated) and handles each. */
async function readStream(reader, controller) {
  const decoder = new TextDecoder();
  let buffer = '';
  watchForStall(controller);
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    watchForStall(controller);
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = parseFrame(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      if (frame) handleFrame(frame);
    }
  }
}

function parseFrame(text) {
  const frame = { id: null, event: 'message', data: [] };
  let hasField = false;
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith(':')) continue; // comments: hello and heartbeats
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    hasField = true;
    if (field === 'id') frame.id = value;
    else if (field === 'event') frame.event = value;
    else if (field === 'data') frame.data.push(value);
  }
  return hasField ? frame : null;
}

function handleFrame(frame) {
  if (frame.id !== null) state.lastEventId = frame.id;
  if (frame.event === 'reset') {
    // Our position is gone: what we counted may have gaps. Reload the panels and follow from here.
    addToFeed({ time: new Date().toISOString(), type: 'stream reset: reloaded', sido: '', gugun: '', subject: '' });
    loadPanels();
    return;
  }
  if (frame.data.length === 0) return;
  let event;
  try {
    event = JSON.parse(frame.data.join('\n'));
  } catch (e) {
    return;
  }
  count(event);
  addToFeed(event);
  react(event);
}

function count(event) {
  counters.events++;
  const type = event.type || '';
  if (type === 'pics.aed.session.started') counters.sessionsStarted++;
  else if (type === 'pics.aed.session.completed') counters.sessionsCompleted++;
  else if (type === 'pics.aed.session.cancelled') counters.sessionsCancelled++;
  else if (type.startsWith('pics.aed.schedule.')) counters.schedules++;
  else if (type === 'pics.aed.device.upserted') counters.devices++;
  else if (type.startsWith('pics.aed.alert.')) counters.alerts++;
  renderCounters();
  $('last-event').textContent = `last event ${formatTime(event.time)} · position ${state.lastEventId}`;
}

function renderCounters() {
  const shown = {
    'count-events': counters.events,
    'count-sessions-started': counters.sessionsStarted,
    'count-sessions-completed': counters.sessionsCompleted,
    'count-sessions-cancelled': counters.sessionsCancelled,
    'count-schedules': counters.schedules,
    'count-devices': counters.devices,
    'count-alerts': counters.alerts,
  };
  for (const [id, value] of Object.entries(shown)) {
    const element = $(id);
    if (element.textContent !== String(value)) {
      element.textContent = String(value);
      const card = element.parentElement;
      card.classList.remove('bump');
      void card.offsetWidth; // restart the animation
      card.classList.add('bump');
    }
  }
}

function addToFeed(event) {
  const item = document.createElement('li');
  const region = [event.sido, event.gugun].filter(Boolean).join(' ');
  item.append(
    span('time', formatTime(event.time)),
    span('type', event.type),
    span('region', region),
    span('subject muted', event.subject || ''));
  const feed = $('feed');
  feed.prepend(item);
  while (feed.children.length > FEED_LENGTH) feed.lastElementChild.remove();
}

/** Live events that change what the panels show: alerts at once, the rest in a debounced reload. */
function react(event) {
  const type = event.type || '';
  if (type.startsWith('pics.aed.alert.')) {
    const alert = Object.assign({}, event.data && event.data.alert ? event.data.alert : event.data);
    alert.fingerprint = alert.fingerprint || event.subject;
    if (type === 'pics.aed.alert.firing') state.alerts.set(alert.fingerprint, alert);
    else state.alerts.delete(alert.fingerprint);
    renderAlerts();
  }
  if (type.startsWith('pics.aed.sync-run.') || type.startsWith('pics.aed.session.')
      || type.startsWith('pics.aed.schedule.') || type.startsWith('pics.aed.inspection.')) {
    clearTimeout(state.refreshTimer);
    state.refreshTimer = setTimeout(loadPanels, 5000);
  }
}

// ---------------------------------------------------------------- panels (each degrades on its own)

async function api(path) {
  const response = await fetch(path, {
    headers: { Authorization: `Bearer ${state.token}`, Accept: 'application/json' }, cache: 'no-store',
  });
  if (response.status === 401) {
    signOut('The token was refused (expired or not trusted). Sign in again.');
    throw new Error('unauthenticated');
  }
  if (!response.ok) throw new Error(await problemText(response));
  return response.json();
}

async function problemText(response) {
  if (response.status === 404) return 'not available on this server yet';
  if (response.status === 403) return 'not visible to your role';
  try {
    const problem = await response.json();
    return problem.detail || problem.title || `HTTP ${response.status}`;
  } catch (e) {
    return `HTTP ${response.status}`;
  }
}

function loadPanels() {
  if (!state.token) return;
  $('compliance-month').textContent = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Seoul', year: 'numeric',
    month: '2-digit' }).format(new Date()); // yyyy-MM in Korea's month
  panel('alerts-note', () => api('api/monitoring/alerts?status=firing'), (body) => {
    state.alerts.clear();
    for (const alert of body.items || []) state.alerts.set(alert.fingerprint || alert.id, alert);
    renderAlerts();
  });
  panel('sync-note', () => api('api/monitoring/summary'), (summary) => {
    renderSync(summary);
    renderCompliance(summary.compliance);
  });
  panel('readiness-note', () => api('api/monitoring/readiness?groupBy=sido'), renderReadiness, 'compliance-note');
  panel('dup-sessions-note', () => api('api/monitoring/duplicate-sessions'),
    (body) => renderDuplicates('dup-sessions', body, 'sessionIds'));
  panel('dup-schedules-note', () => api('api/monitoring/duplicate-schedules'),
    (body) => renderDuplicates('dup-schedules', body, 'scheduleIds'));
}

/** Loads one panel; a failure shows in that panel's note and leaves the others alone. */
async function panel(noteId, load, render, otherNoteId) {
  const notes = [noteId, otherNoteId].filter(Boolean).map($);
  try {
    const body = await load();
    notes.forEach((note) => { note.textContent = `updated ${formatTime(new Date().toISOString())}`; });
    render(body);
  } catch (error) {
    notes.forEach((note) => { note.textContent = `Unavailable: ${error.message}`; });
  }
}

function renderAlerts() {
  const list = $('alerts');
  list.replaceChildren();
  for (const alert of state.alerts.values()) {
    const item = document.createElement('li');
    if (alert.severity === 'critical') item.classList.add('critical');
    const labels = alert.labels ? [alert.labels.sido, alert.labels.gugun].filter(Boolean).join(' ') : '';
    item.append(
      span('summary', alert.summary || alert.rule || 'alert'),
      document.createElement('br'),
      span('rule', `${alert.rule || ''}${labels ? ' · ' + labels : ''}${alert.startsAt ? ' · since '
        + formatTime(alert.startsAt) : ''}`));
    list.append(item);
  }
  const badge = $('alerts-count');
  badge.textContent = String(state.alerts.size);
  badge.classList.toggle('hot', state.alerts.size > 0);
}

function renderSync(summary) {
  const sync = summary.syncHealth || {};
  const last = sync.lastRun || {};
  const facts = [
    ['last succeeded', formatTime(sync.lastSucceededAt)],
    ['last failed', formatTime(sync.lastFailedAt)],
    ['consecutive failures', sync.consecutiveFailures ?? '–'],
    ['latest run', last.id ? `${last.mode || ''} ${last.status || ''} · ${formatTime(last.startedAt)}` : '–'],
  ];
  const list = $('sync');
  list.replaceChildren();
  for (const [name, value] of facts) {
    const dt = document.createElement('dt');
    dt.textContent = name;
    const dd = document.createElement('dd');
    dd.textContent = String(value);
    if (name === 'consecutive failures' && Number(value) > 0) dd.classList.add('bad');
    list.append(dt, dd);
  }
  const runs = (summary.latestSyncRuns || []).slice(0, 5).map((run) => Object.assign({}, run, {
    started: formatTime(run.startedAt),
  }));
  fillTable('sync-runs', runs, ['started', 'mode', 'status', 'fetched', 'inserted', 'updated', 'missing', 'rejected']);
}

function renderReadiness(body) {
  const items = bySido(body.items || []);
  fillTable('readiness-table', items, ['sido', 'devices', 'batteryExpired', 'batteryExpiring', 'padExpired',
    'padExpiring', 'notInspectedThisMonth', 'notInspectedTwoMonths']);
  barChart('readiness-chart', items.map((i) => i.sido), [
    ['battery expired', items.map((i) => i.batteryExpired || 0), '#c53030'],
    ['pad expired', items.map((i) => i.padExpired || 0), '#dd6b20'],
    ['not inspected this month', items.map((i) => i.notInspectedThisMonth || 0), '#718096'],
  ]);
  // The month's compliance per sido: devices inspected this month (readiness counts the ones that were not).
  const compliance = items.map((i) => {
    const inspected = Math.max(0, (i.devices || 0) - (i.notInspectedThisMonth || 0));
    return { sido: i.sido, devices: i.devices || 0, inspected, notInspected: i.notInspectedThisMonth || 0,
      rate: i.devices ? `${Math.round((inspected / i.devices) * 1000) / 10} %` : '–' };
  });
  fillTable('compliance-table', compliance, ['sido', 'devices', 'inspected', 'notInspected', 'rate']);
  barChart('compliance-chart', compliance.map((i) => i.sido), [
    ['inspected this month', compliance.map((i) => i.inspected), '#1f8a4c'],
    ['not yet', compliance.map((i) => i.notInspected), '#a0aec0'],
  ], true);
}

function renderCompliance(compliance) {
  const body = compliance || {};
  if (body.month) $('compliance-month').textContent = body.month;
  $('compliance-total').textContent = body.activeDevices == null ? ''
    : `${body.inspected} of ${body.activeDevices} active devices inspected`
      + (body.rate == null ? '' : ` (${Math.round(body.rate * 1000) / 10} %)`);
}

function renderDuplicates(prefix, body, idsMember) {
  const count = body.count ?? (body.items || []).length;
  const badge = $(`${prefix}-count`);
  badge.textContent = String(count);
  badge.classList.toggle('hot', count > 0);
  const list = $(prefix);
  list.replaceChildren();
  for (const item of (body.items || []).slice(0, 20)) {
    const li = document.createElement('li');
    li.textContent = `${item.equipmentSerial}: ${(item[idsMember] || []).length} (${(item.inspectorIds || []).join(', ')})`;
    list.append(li);
  }
}

/** Sums rows per sido (rows may be per gugun), keeping the sido order of the answer. */
function bySido(items) {
  const sums = new Map();
  for (const item of items) {
    const key = item.sido || '–';
    const sum = sums.get(key) || { sido: key };
    for (const [name, value] of Object.entries(item)) {
      if (typeof value === 'number') sum[name] = (sum[name] || 0) + value;
    }
    sums.set(key, sum);
  }
  return [...sums.values()];
}

function fillTable(tableId, rows, columns) {
  const body = $(tableId).querySelector('tbody');
  body.replaceChildren();
  for (const row of rows) {
    const tr = document.createElement('tr');
    for (const column of columns) {
      const td = document.createElement('td');
      const value = row[column];
      td.textContent = value == null ? '–' : String(value);
      if (typeof value !== 'number') td.className = 'text';
      tr.append(td);
    }
    body.append(tr);
  }
}

function barChart(elementId, categories, series, stacked) {
  if (typeof echarts === 'undefined') return; // the chart library failed to load: the tables still show
  const element = $(elementId);
  const chart = state.charts[elementId] || echarts.init(element, null, { renderer: 'svg' });
  state.charts[elementId] = chart;
  chart.setOption({
    textStyle: { fontFamily: getComputedStyle(document.documentElement).fontFamily },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 10, top: 30, bottom: 70 },
    xAxis: { type: 'category', data: categories, axisLabel: { rotate: 35, interval: 0 } },
    yAxis: { type: 'value' },
    series: series.map(([name, data, color]) => ({
      name, type: 'bar', data, itemStyle: { color }, stack: stacked ? 'total' : undefined,
    })),
  }, true);
}

// ---------------------------------------------------------------- helpers and start

function span(className, text) {
  const element = document.createElement('span');
  element.className = className;
  element.textContent = text == null ? '' : String(text);
  return element;
}

function formatTime(value) {
  if (!value) return '–';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value)
    : date.toLocaleString('ko-KR', { timeZone: 'Asia/Seoul', hour12: false });
}

window.addEventListener('resize', () => Object.values(state.charts).forEach((chart) => chart.resize()));

document.addEventListener('DOMContentLoaded', () => {
  $('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = $('token').value;
    if (token.trim()) signIn(token);
  });
  $('sign-out').addEventListener('click', () => signOut());
  setInterval(() => { if (state.token) loadPanels(); }, 60000);
  const saved = sessionStorage.getItem(TOKEN_KEY);
  if (saved) signIn(saved);
});
