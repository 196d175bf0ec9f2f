// @ts-check
/**
 * The supervision page: connects to the live run's socket, folds its records into the
 * model, draws the topology, the sequence diagram, the panels and the system view, sends
 * the controls as commands, and switches to replay mode for saved traces.
 */
import { Model } from './model.js';
import { Topology } from './topology.js';
import { SequenceDiagram, formatMs } from './sequence.js';
import { ActorPanel, NetworkPanel, renderChecks, h } from './panels.js';
import { ReplayTrace } from './replay.js';

/** Live records kept in the page to refill the views when leaving replay mode. */
const liveHistoryMax = 4_000;
/** Records handed to a system view when it is rebuilt at a replay position. */
const viewReplayRecordsMax = 60_000;
/** Longest wait between reconnection attempts. */
const reconnectDelayMsMax = 10_000;
/** Commands waiting for a reply; past it the oldest is given up. */
const pendingCommandsMax = 100;

const token = new URLSearchParams(location.search).get('token');
const withToken = (path) => (token ? `${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}` : path);
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

const palette = ['#5b8def', '#f5b83d', '#2fc7b4', '#e87aa0', '#a78bfa', '#7cc36e', '#ff8a65', '#4dd0e1', '#d4e157', '#b0bec5'];

const state = {
  mode: 'live',
  liveModel: new Model(),
  /** @type {Model} */ model: new Model(),
  /** @type {string | undefined} */ selected: undefined,
  checks: [], ended: false, paused: false, speed: 1, durationMs: 0, pacing: 'paced',
  outlines: [], outlineByActor: {}, system: '', liveOutlines: undefined, liveOutlineByActor: undefined, liveSystem: undefined, views: /** @type {string[]} */ ([]),
  /** @type {any} */ view: undefined, viewSystem: '',
  /** @type {WebSocket | undefined} */ socket: undefined,
  pending: new Map(), nextId: 1, reconnectDelayMs: 500,
  liveHistory: /** @type {any[]} */ ([]),
  received: /** @type {{ at: number, n: number, thinned: number }[]} */ ([]),
  /** Since the page opened: records the run produced, and how many of them were thinned before reaching the page. */
  totals: { events: 0, thinned: 0, batches: 0 },
  /** @type {ReplayTrace | undefined} */ replay: undefined, replayIndex: 0, replayPlaying: false, replaySpeed: 1,
  renderQueued: false, lastRender: 0,
};

const topology = new Topology($('topology'), select);
const sequence = new SequenceDiagram($('sequence'));
const actorPanel = new ActorPanel($('actor-panel'), command);
const networkPanel = new NetworkPanel($('network-panel'), command);

function colour(id) {
  const index = [...state.model.actors.keys()].indexOf(id);
  return palette[(index < 0 ? 0 : index) % palette.length];
}

function toast(message, kind = 'error') {
  const el = $('toast');
  el.textContent = message;
  el.className = `toast ${kind}`;
  el.hidden = false;
  clearTimeout(/** @type {any} */ (el).timer);
  /** @type {any} */ (el).timer = setTimeout(() => (el.hidden = true), 5000);
}

/** Sends a command; resolves with the reply, rejects (and shows) an error reply. */
function command(cmd) {
  if (state.mode !== 'live') return Promise.reject(new Error('controls act on the live run; switch to Live'));
  const socket = state.socket;
  if (!socket || socket.readyState !== WebSocket.OPEN) {
    toast('not connected to the run');
    return Promise.reject(new Error('not connected'));
  }
  const id = state.nextId++;
  socket.send(JSON.stringify({ id, ...cmd }));
  if (state.pending.size >= pendingCommandsMax) {
    const [oldest, entry] = state.pending.entries().next().value;
    state.pending.delete(oldest);
    entry.reject(new Error('no reply'));
  }
  return new Promise((resolve, reject) => state.pending.set(id, { resolve, reject, sentAt: performance.now() }));
}

function select(id) {
  state.selected = id;
  topology.select(id);
  sequence.selected = id;
  sequence.dirty = true;
  void actorPanel.inspect(id).then(scheduleRender);
  scheduleRender();
}

// ---- the live socket ----

function connect() {
  const url = new URL(withToken('/ws'), location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(url);
  state.socket = socket;
  socket.onopen = () => (state.reconnectDelayMs = 500);
  socket.onmessage = (event) => onMessage(JSON.parse(event.data));
  socket.onclose = (event) => {
    state.socket = undefined;
    if (event.code === 4401 || event.code === 4403) {
      setStatus('error', event.code === 4401 ? 'token needed' : 'refused');
      toast(`${event.reason || 'refused'} (code ${event.code})`);
      return;
    }
    setStatus('disconnected', 'disconnected');
    setTimeout(connect, state.reconnectDelayMs);
    state.reconnectDelayMs = Math.min(reconnectDelayMsMax, state.reconnectDelayMs * 2);
  };
}

function onMessage(message) {
  switch (message.type) {
    case 'hello': return onHello(message);
    case 'records': return onRecords(message);
    case 'snapshot': return onSnapshot(message);
    case 'checks':
      state.checks = message.checks;
      if (state.mode === 'live') renderChecks($('checks-panel'), state.checks, message.ended);
      return;
    case 'reset':
      state.liveHistory = [];
      return;
    case 'ok':
    case 'error': {
      const entry = state.pending.get(message.id);
      state.pending.delete(message.id);
      if (message.type === 'error') {
        toast(`${message.code}: ${message.message}`);
        entry?.reject(Object.assign(new Error(message.message), { code: message.code }));
      } else entry?.resolve(message);
      return;
    }
  }
}

function onHello(hello) {
  state.liveModel = new Model(hello.actors);
  state.liveHistory = [];
  state.durationMs = hello.durationMs;
  state.pacing = hello.pacing;
  state.checks = hello.checks;
  state.liveOutlines = hello.outlines;
  state.liveOutlineByActor = hello.outlineByActor;
  state.liveSystem = hello.system;
  $('scenario-name').textContent = hello.scenario;
  $('scenario-name').title = hello.description;
  $('scenario-seed').textContent = `seed ${hello.seed} · ${hello.pacing}`;
  document.title = `troupe · ${hello.scenario}`;
  if (state.mode !== 'live') return;
  enterModel(state.liveModel, hello.actors, hello.outlines, hello.outlineByActor, hello.system);
  onRecords({ records: hello.history, counts: {}, thinned: 0 });
  renderChecks($('checks-panel'), state.checks, false);
}

/** Points every view at a model and actor list (live or replay). */
function enterModel(model, actors, outlines, outlineByActor, system) {
  state.model = model;
  state.outlines = outlines;
  state.outlineByActor = outlineByActor;
  sequence.setActors(actors);
  sequence.clear();
  topology.clearDots();
  if (state.selected === undefined || !actors.includes(state.selected)) state.selected = actors[0];
  select(state.selected);
  void loadView(system);
}

function onRecords(batch) {
  const records = batch.records;
  for (const record of records) state.liveModel.apply(record);
  state.liveHistory.push(...records);
  if (state.liveHistory.length > liveHistoryMax * 1.5) state.liveHistory = state.liveHistory.slice(-liveHistoryMax);
  const total = Object.values(batch.counts ?? {}).reduce((a, b) => a + b, 0);
  state.received.push({ at: performance.now(), n: total || records.length, thinned: batch.thinned ?? 0 });
  state.totals.events += total || records.length;
  state.totals.thinned += batch.thinned ?? 0;
  state.totals.batches++;
  if (state.mode !== 'live') return;
  sequence.add(records);
  topology.messages(records, state.speed === 'max' ? Infinity : state.speed);
  state.view?.records(records);
  scheduleRender();
}

function onSnapshot(snapshot) {
  if (snapshot.starting) return;
  state.liveModel.applySnapshot(snapshot);
  state.ended = snapshot.ended;
  state.paused = snapshot.paused;
  state.speed = snapshot.speed;
  if (snapshot.error) toast(`the run stopped: ${snapshot.error}`);
  if (state.mode !== 'live') return;
  const label = snapshot.ended ? 'ended' : snapshot.paused ? 'paused' : 'running';
  setStatus(label, label);
  scheduleRender();
}

function setStatus(kind, text) {
  const el = $('run-status');
  el.className = `pill ${kind}`;
  el.textContent = text;
}

// ---- system views: src/web/views/<system>.js ----

async function loadView(system) {
  if (state.viewSystem === system && state.view) {
    state.view.reset();
    return;
  }
  state.view?.destroy?.();
  state.view = undefined;
  state.viewSystem = system;
  const host = $('system-view');
  host.replaceChildren();
  if (!state.views.includes(system)) {
    $('view-title').textContent = 'System view';
    host.append(h('p', { class: 'muted' }, [`No view for the '${system}' system yet. Add src/web/views/${system}.js (see docs/ui.md).`]));
    return;
  }
  try {
    const module = await import(`/views/${system}.js`);
    $('view-title').textContent = module.default.title ?? system;
    state.view = module.default.create(host, { actors: () => [...state.model.actors.keys()], selected: () => state.selected, colour, command, model: () => state.model });
    if (state.mode === 'live') state.view.records(state.liveHistory);
    else if (state.replay) state.view.records(state.replay.records.slice(Math.max(0, state.replayIndex - viewReplayRecordsMax), state.replayIndex));
  } catch (error) {
    host.append(h('p', { class: 'muted' }, [`The '${system}' view failed to load: ${error}`]));
  }
}
new ResizeObserver(() => state.view?.resize?.()).observe($('system-view'));

// ---- rendering (panels at most ~8 times a second; canvas and svg animate on their own) ----

function scheduleRender() {
  if (state.renderQueued) return;
  state.renderQueued = true;
  const wait = Math.max(0, 120 - (performance.now() - state.lastRender));
  setTimeout(() => requestAnimationFrame(render), wait);
}

function render() {
  state.renderQueued = false;
  state.lastRender = performance.now();
  const model = state.model;
  topology.render(model);
  actorPanel.live = state.mode === 'live' && !state.ended;
  actorPanel.render(model, state.selected, state.outlines, state.outlineByActor);
  networkPanel.render(model);
  const t = state.mode === 'live' ? model.t : (state.replay?.records[state.replayIndex - 1]?.t ?? 0);
  const duration = state.mode === 'live' ? state.durationMs : (state.replay?.header.durationMs ?? 0);
  $('virtual-time').textContent = `t = ${formatMs(t)} / ${formatMs(duration)}`;
  $('progress-bar').style.width = `${duration ? Math.min(100, (100 * t) / duration) : 0}%`;
  $('pause').textContent = state.paused ? 'Resume' : 'Pause';
  /** @type {HTMLButtonElement} */ ($('step')).disabled = !state.paused || state.ended;
  if (state.mode === 'live') {
    setSpeedLabel(state.speed);
    const now = performance.now();
    state.received = state.received.filter((r) => now - r.at < 2000);
    const events = state.received.reduce((a, r) => a + r.n, 0) / 2, thinned = state.received.reduce((a, r) => a + r.thinned, 0) / 2;
    $('rate-label').textContent = `${Math.round(events)} events/s${thinned > 0 ? ` · ${Math.round(thinned)}/s thinned` : ''}`;
  }
}
setInterval(scheduleRender, 500);

// ---- controls ----

/** Speed slider: 0..90 is 0.1× to 1000× on a log scale; 100 is as fast as possible. */
const sliderToSpeed = (v) => (v >= 100 ? 'max' : Math.round(0.1 * 10 ** ((v / 90) * 4) * 100) / 100);
const speedToSlider = (s) => (s === 'max' || s > 1000 ? 100 : Math.round((Math.log10(s / 0.1) / 4) * 90));
function setSpeedLabel(speed) {
  $('speed-label').textContent = speed === 'max' ? 'max' : `${speed}×`;
  const slider = /** @type {HTMLInputElement} */ ($('speed'));
  if (document.activeElement !== slider) slider.value = String(speedToSlider(speed));
}
const speedSlider = /** @type {HTMLInputElement} */ ($('speed'));
speedSlider.addEventListener('input', () => ($('speed-label').textContent = `${sliderToSpeed(Number(speedSlider.value))}${sliderToSpeed(Number(speedSlider.value)) === 'max' ? '' : '×'}`));
speedSlider.addEventListener('change', () => {
  const speed = sliderToSpeed(Number(speedSlider.value));
  if (state.mode === 'replay') state.replaySpeed = speed === 'max' ? 1000 : speed;
  else void command({ op: 'speed', speed }).catch(() => {});
});
$('pause').addEventListener('click', () => void command({ op: state.paused ? 'resume' : 'pause' }).catch(() => {}));
$('step').addEventListener('click', () => void command({ op: 'step' }).catch(() => {}));
$('rerun').addEventListener('click', () => void command({ op: 'rerun' }).catch(() => {}));
$('save-trace').setAttribute('href', withToken('/api/trace/current'));
document.addEventListener('keydown', (event) => {
  if (event.target instanceof HTMLInputElement || state.mode !== 'live') return;
  if (event.key === ' ') event.preventDefault(), $('pause').click();
  if (event.key === '.') $('step').click();
});

// ---- replay mode ----

function setMode(mode) {
  state.mode = mode;
  document.body.classList.toggle('replay', mode === 'replay');
  $('replay-bar').hidden = mode !== 'replay';
  $('live-controls').style.display = mode === 'live' ? '' : 'none';
  $('mode-live').classList.toggle('active', mode === 'live');
  $('mode-replay').classList.toggle('active', mode === 'replay');
  state.replayPlaying = false;
  if (mode === 'live') {
    const actors = [...state.liveModel.actors.keys()];
    enterModel(state.liveModel, actors, state.liveOutlines ?? state.outlines, state.liveOutlineByActor ?? state.outlineByActor, state.liveSystem ?? state.system);
    sequence.add(state.liveHistory);
    renderChecks($('checks-panel'), state.checks, state.ended);
    setStatus(state.ended ? 'ended' : state.paused ? 'paused' : 'running', state.ended ? 'ended' : state.paused ? 'paused' : 'running');
  } else {
    setStatus('ended', 'replay');
    $('rate-label').textContent = '';
    if (state.replay) showReplayAt(state.replayIndex, true);
  }
  scheduleRender();
}
$('mode-live').addEventListener('click', () => setMode('live'));
$('mode-replay').addEventListener('click', () => setMode('replay'));

async function openTrace(request) {
  try {
    const response = await fetch(request.url, request.init);
    const body = await response.json();
    if (!response.ok) throw new Error(`${body.code}: ${body.message}`);
    state.replay = new ReplayTrace(body);
    const scrub = /** @type {HTMLInputElement} */ ($('replay-scrub'));
    scrub.max = String(body.records.length);
    if (state.mode !== 'replay') setMode('replay');
    enterModel(state.replay.modelAt(0), body.actors, body.outlines, body.outlineByActor, body.system);
    $('scenario-name').textContent = `${body.header.scenario} (replay)`;
    $('scenario-seed').textContent = `seed ${body.header.seed} · ${body.source}${body.partial ? ' · partial' : ''}`;
    renderChecks($('checks-panel'), body.checks, !body.partial);
    showReplayAt(body.records.length, true);
    toast(`opened ${body.source}: ${body.records.length} records`, 'info');
  } catch (error) {
    toast(`cannot open trace: ${error.message ?? error}`);
  }
}
/** @type {HTMLInputElement} */ ($('trace-file')).addEventListener('change', async (event) => {
  const file = /** @type {HTMLInputElement} */ (event.target).files?.[0];
  if (file) await openTrace({ url: withToken('/api/trace'), init: { method: 'POST', body: await file.text() } });
});
$('trace-path-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const path = /** @type {HTMLInputElement} */ ($('trace-path')).value.trim();
  if (path) void openTrace({ url: withToken(`/api/trace?path=${encodeURIComponent(path)}`), init: {} });
});

/** Shows the replay after its first `index` records; small forward moves fold incrementally. */
function showReplayAt(index, jump = false) {
  const replay = state.replay;
  if (!replay) return;
  index = Math.max(0, Math.min(index, replay.records.length));
  const previous = state.replayIndex;
  const forward = !jump && index >= previous && index - previous < 5_000 && state.model !== state.liveModel;
  if (forward) {
    const slice = replay.records.slice(previous, index);
    for (const record of slice) state.model.apply(record);
    sequence.add(slice);
    topology.messages(slice, state.replaySpeed);
    state.view?.records(slice);
  } else {
    state.model = replay.modelAt(index);
    sequence.clear();
    topology.clearDots();
    sequence.add(replay.records.slice(Math.max(0, index - 4_000), index));
    state.view?.reset();
    state.view?.records(replay.records.slice(Math.max(0, index - viewReplayRecordsMax), index));
  }
  state.replayIndex = index;
  sequence.setEnd(replay.records[index - 1]?.t ?? 0);
  /** @type {HTMLInputElement} */ ($('replay-scrub')).value = String(index);
  const t = replay.records[index - 1]?.t ?? 0;
  $('replay-position').textContent = `record ${index} / ${replay.records.length} · t = ${formatMs(t)}`;
  scheduleRender();
}
let scrubQueued = false;
$('replay-scrub').addEventListener('input', () => {
  state.replayPlaying = false;
  $('replay-play').textContent = 'Play';
  if (scrubQueued) return;
  scrubQueued = true;
  requestAnimationFrame(() => {
    scrubQueued = false;
    showReplayAt(Number(/** @type {HTMLInputElement} */ ($('replay-scrub')).value), true);
  });
});
$('replay-play').addEventListener('click', () => {
  if (!state.replay) return;
  state.replayPlaying = !state.replayPlaying;
  $('replay-play').textContent = state.replayPlaying ? 'Pause' : 'Play';
  if (state.replayIndex >= state.replay.records.length) showReplayAt(0, true);
  let last = performance.now();
  let virtualMs = state.replay.records[state.replayIndex - 1]?.t ?? 0;
  const tick = (now) => {
    if (!state.replayPlaying || !state.replay) return;
    virtualMs += (now - last) * state.replaySpeed;
    last = now;
    showReplayAt(state.replay.indexAtTime(virtualMs));
    if (state.replayIndex >= state.replay.records.length) {
      state.replayPlaying = false;
      $('replay-play').textContent = 'Play';
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
});

// ---- start ----

const info = await fetch(withToken('/api/info')).then((r) => r.json()).catch(() => ({ live: false, views: [] }));
state.views = info.views;
if (info.live) connect();
else {
  setMode('replay');
  $('mode-live').setAttribute('disabled', '');
  $('scenario-name').textContent = 'replay';
}
renderChecks($('checks-panel'), [], false);
/** @type {any} */ (window).troupe = state;
