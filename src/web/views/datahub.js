// @ts-check
/**
 * The data hub's view: a table of streams, each streamer → its hub handler → its readers,
 * with the frame rate the hub receives (and a sparkline of it), the frames lost on the
 * way, each reader's lag and missed frames, and whether the stream is streaming, stopped,
 * searching for the hub, shut down or down. Each stream links to its page on a live data
 * hub server (`troupe hub`), whose address the view remembers; the simulated run itself
 * has no stream pages (its frames live only in the trace).
 *
 * Where things come from (src/actors/datahub/):
 * - the front's `datahub.route` facts (stream → handler, Pi, kind, device);
 * - the handlers' `datahub.stats` facts every report period (received, sent, lost,
 *   receivedPerS, readers);
 * - the streamers' `datahub.link` (connected / searching / shutdown) and
 *   `datahub.control` (started / stopped) facts;
 * - the readers' SUBSCRIBE and the handlers' FRAMES sends: a reader's lag is the delivery
 *   time of the newest frame it got minus the time its streamer sent that frame (the
 *   FRAME send with that sequence number); `datahub.missed` facts count frames it missed.
 * Up/crashed comes from `api.model()`. At high rates sends may be thinned: a lag then
 * comes from the frames whose send was seen.
 *
 * A system view is one file `src/web/views/<system>.js` (see docs/ui.md).
 */

/** Send times remembered per stream (by frame number) to measure reader lag; past it the oldest go. */
const sendTimesPerStreamMax = 512;
/** Rate samples kept per stream for its sparkline. */
const rateSamplesMax = 24;
/** Reports in a row with no frame before a connected, wanted stream is called stalled ("connected") rather than streaming. */
const stallReportsMin = 6;
/** Reports averaged for the rate column. */
const rateMeanReports = 4;
/** Readers shown per stream row; the rest are counted. */
const readersShownMax = 4;
/** Redraws per second at most. */
const framesPerSecondMax = 4;
/** Where a live hub listens by default (`troupe hub`'s --port 8080). */
const hubUrlDefault = 'http://127.0.0.1:8080';
const hubUrlKey = 'troupe.datahub.hubUrl';

const css = `
.hub-view { display: flex; flex-direction: column; gap: 6px; height: 100%; font-size: 12.5px; }
.hub-top { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 14px; color: var(--muted); font-size: 12px; }
.hub-top b { color: var(--text); font-weight: 600; }
.hub-link { display: flex; align-items: center; gap: 6px; margin-left: auto; }
.hub-link input { width: 170px; padding: 2px 6px; font-size: 12px; }
.hub-link a { padding: 2px 9px; font-size: 12px; }
.hub-table-wrap { flex: 1; min-height: 0; overflow: auto; border: 1px solid var(--line); border-radius: 8px; }
table.hub-table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
.hub-table th { position: sticky; top: 0; background: var(--panel-2); color: var(--muted); font-weight: 600; font-size: 11px; text-transform: uppercase; letter-spacing: .06em; text-align: left; padding: 4px 8px; z-index: 1; }
.hub-table td { padding: 2px 8px; border-top: 1px solid #1d2430; vertical-align: middle; white-space: nowrap; }
.hub-table tr[data-state="down"] td, .hub-table tr[data-state="shut down"] td { color: #8491a5; }
.hub-stream b { font-weight: 600; }
.hub-kind { display: inline-block; min-width: 42px; margin-right: 6px; padding: 0 6px; border-radius: 999px; font-size: 10.5px; text-align: center; background: #232b39; color: #aab6c8; }
.hub-kind.eeg { background: rgba(91, 141, 239, .22); color: #b7cdf5; } .hub-kind.video { background: rgba(232, 122, 160, .22); color: #f6b9cf; }
.hub-kind.log { background: rgba(132, 145, 165, .2); } .hub-kind.pulse { background: rgba(229, 72, 77, .22); color: #ffb4b6; }
.hub-kind.sensehat { background: rgba(47, 199, 180, .2); color: #a6ece2; }
.hub-state { display: inline-flex; align-items: center; gap: 5px; }
.hub-state i { width: 8px; height: 8px; border-radius: 50%; background: var(--muted); }
.hub-state[data-state="streaming"] i { background: var(--green); box-shadow: 0 0 6px rgba(63, 185, 80, .8); }
.hub-state[data-state="stopped"] i, .hub-state[data-state="connected"] i { background: var(--amber); }
.hub-state[data-state="searching"] i { background: #8fb3ff; }
.hub-state[data-state="down"] i { background: var(--red); }
.hub-spark { vertical-align: middle; margin-left: 6px; }
.hub-spark polyline { fill: none; stroke: #5b8def; stroke-width: 1.5; }
.hub-loss.bad { color: #ff8f93; }
.hub-readers { display: flex; flex-wrap: wrap; gap: 3px; }
.hub-reader { white-space: nowrap; padding: 0 7px; border-radius: 999px; border: 1px solid var(--line); background: var(--panel-2); font-size: 11.5px; }
.hub-reader.lagging { border-color: var(--amber); }
.hub-open { color: #8fb3ff; text-decoration: none; }
.hub-open:hover { text-decoration: underline; }
.hub-help { color: var(--muted); font-size: 11.5px; }
.hub-help code { background: var(--panel-2); padding: 0 4px; border-radius: 4px; color: var(--text); }
`;

/** @param {string} tag @param {Record<string, string>} attrs @param {(Node | string)[]} children */
function h(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const child of children) node.append(child);
  return node;
}

function newFold() {
  return {
    t: 0,
    /** @type {Map<string, any>} per stream (source id, `pi-1.eeg`) */
    streams: new Map(),
    /** @type {Map<string, any>} per reader actor */
    readers: new Map(),
    refused: 0,
  };
}

function streamOf(fold, source) {
  let s = fold.streams.get(source);
  if (s === undefined) {
    const [pi, kind] = source.split('.');
    fold.streams.set(source, (s = { source, pi, kind, handler: undefined, link: undefined, wanted: true, stats: undefined, rates: [], sentAt: new Map() }));
  }
  return s;
}

function readerOf(fold, id) {
  let r = fold.readers.get(id);
  if (r === undefined) fold.readers.set(id, (r = { id, stream: undefined, mode: 'every', handler: undefined, frames: 0, missed: 0, lagMs: undefined, lagFrames: undefined, waiting: false }));
  return r;
}

/** A frame a streamer sent (directly, or relayed through a shared uplink): remember when, for lag. */
function noteFrame(fold, frame, t) {
  const s = streamOf(fold, frame.source);
  s.sentAt.set(frame.seq, t);
  s.lastSeq = Math.max(s.lastSeq ?? -1, frame.seq);
  if (s.sentAt.size > sendTimesPerStreamMax) s.sentAt.delete(s.sentAt.keys().next().value);
}

function foldSend(fold, r) {
  const e = r.event;
  if (e.type === 'FRAME') return noteFrame(fold, e, r.t);
  if (e.type === 'RELAY' && e.event?.type === 'FRAME') return noteFrame(fold, e.event, r.t);
  if (e.type === 'SUBSCRIBE') {
    const reader = readerOf(fold, r.actor);
    reader.stream = e.stream;
    reader.mode = e.mode ?? 'every';
  } else if (e.type === 'ATTACHED') {
    const reader = readerOf(fold, r.to);
    reader.handler = r.actor;
    reader.waiting = false;
  } else if (e.type === 'NO_STREAM' && fold.readers.has(r.to)) {
    readerOf(fold, r.to).waiting = true;
  } else if (e.type === 'FRAMES' && Array.isArray(e.frames) && e.frames.length > 0) {
    const reader = readerOf(fold, r.to);
    reader.stream = e.stream ?? reader.stream;
    reader.frames += e.frames.length;
    const newest = e.frames[e.frames.length - 1];
    const sentMs = fold.streams.get(reader.stream)?.sentAt.get(newest.seq);
    const arrivedMs = r.deliverAtMs?.[0] ?? r.t;
    if (sentMs !== undefined) reader.lagMs = arrivedMs - sentMs;
    const lastSeq = fold.streams.get(reader.stream)?.lastSeq;
    if (lastSeq !== undefined) reader.lagFrames = Math.max(0, lastSeq - newest.seq);
  }
}

function foldFact(fold, r) {
  const v = r.value;
  switch (r.name) {
    case 'datahub.route': {
      const s = streamOf(fold, v.source);
      Object.assign(s, { handler: v.handler, conn: v.conn, pi: v.pi ?? s.pi, kind: v.kind ?? s.kind, device: v.device });
      return;
    }
    case 'datahub.stats': {
      const s = streamOf(fold, v.source);
      s.stats = v;
      s.handler = r.actor;
      s.rates.push(v.receivedPerS);
      if (s.rates.length > rateSamplesMax) s.rates.shift();
      return;
    }
    case 'datahub.link': {
      const s = streamOf(fold, r.actor);
      s.link = v.state;
      if (v.handler) s.handler = v.handler;
      return;
    }
    case 'datahub.control':
      if (v.effect !== 'ignored') streamOf(fold, r.actor).wanted = v.effect === 'started';
      return;
    case 'datahub.missed': readerOf(fold, r.actor).missed = v.missedTotal; return;
    case 'datahub.refused': fold.refused++; return;
  }
}

function foldRecord(fold, r) {
  fold.t = Math.max(fold.t, r.t);
  if (r.kind === 'send' && r.event) return foldSend(fold, r);
  if (r.kind === 'fact') return foldFact(fold, r);
  if (r.kind === 'crash' && fold.streams.has(r.actor)) {
    // A restarted streamer starts a new connection and numbering: forget the old send times.
    fold.streams.get(r.actor).sentAt.clear();
    fold.streams.get(r.actor).rates.push(0);
  }
}

/** The stream's state in a word: down, shut down, searching, stopped, streaming or connected. */
function stateOf(stream, model) {
  const actor = model.actors.get(stream.source);
  if (actor !== undefined && actor.status !== 'up') return 'down';
  if (stream.link === 'shutdown') return 'shut down';
  if (stream.link === 'searching' || stream.link === undefined) return 'searching';
  if (!stream.wanted) return 'stopped';
  // A slow stream (a log: one frame a second) has empty report periods; only a run of them is a stall.
  const recent = stream.rates.slice(-stallReportsMin);
  return recent.length < stallReportsMin || recent.some((rate) => rate > 0) ? 'streaming' : 'connected';
}

/** The mean received rate over the last `rateMeanReports` reports (one report is 500 ms: too jumpy alone). */
function meanRate(stream) {
  const recent = stream.rates.slice(-rateMeanReports);
  return recent.length === 0 ? undefined : recent.reduce((a, b) => a + b, 0) / recent.length;
}

/** A sparkline of the last rates (0 at the bottom). */
function sparkline(rates) {
  const width = 64, height = 16;
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('class', 'hub-spark');
  if (rates.length < 2) return svg;
  const max = Math.max(1, ...rates);
  const points = rates.map((rate, i) => `${((i / (rateSamplesMax - 1)) * width).toFixed(1)},${(height - 1 - (rate / max) * (height - 3)).toFixed(1)}`);
  const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
  line.setAttribute('points', points.join(' '));
  svg.append(line);
  return svg;
}

function initialHubUrl() {
  const fromQuery = new URLSearchParams(location.search).get('hub');
  try {
    return fromQuery ?? localStorage.getItem(hubUrlKey) ?? hubUrlDefault;
  } catch {
    return fromQuery ?? hubUrlDefault;
  }
}

export default {
  title: 'Data hub streams',
  /**
   * @param {HTMLElement} host
   * @param {{ actors(): string[], colour(id: string): string, selected?(): string | undefined, model(): any }} api
   */
  create(host, api) {
    let hubUrl = initialHubUrl();
    const summary = h('div', { class: 'hub-summary', 'data-testid': 'hub-summary' });
    const input = /** @type {HTMLInputElement} */ (h('input', { type: 'text', value: hubUrl, title: 'the live data hub server (troupe hub)', 'data-testid': 'hub-url' }));
    const open = /** @type {HTMLAnchorElement} */ (h('a', { class: 'button', target: '_blank', rel: 'noopener', 'data-testid': 'hub-open' }, ['stream pages ↗']));
    const agent = 'troupe agent --hub ws://127.0.0.1:8080 --token T --pi pi-1 --streams eeg,video,log';
    const help = h('div', { class: 'hub-help', 'data-testid': 'hub-help', title: `then stream from a Pi (or this machine): ${agent}` }, [
      'Simulated run (frames live in the trace). Stream pages need a live hub: ',
      h('code', {}, ['troupe hub --token T']), ' + ', h('code', {}, ['troupe agent …']), '; ↗ opens the same stream there.',
    ]);
    const tbody = h('tbody');
    const table = h('table', { class: 'hub-table', 'data-testid': 'hub-table' }, [
      h('thead', {}, [h('tr', {}, ['stream', 'state', 'handler', 'rate', 'lost', 'readers · frames · lag', ''].map((title) => h('th', {}, [title])))]),
      tbody,
    ]);
    host.replaceChildren(h('style', {}, [css]), h('div', { class: 'hub-view', 'data-testid': 'datahub-view' }, [
      h('div', { class: 'hub-top' }, [summary, h('span', { class: 'hub-link' }, [input, open])]),
      h('div', { class: 'hub-table-wrap' }, [table]),
      help,
    ]));
    const setHubUrl = (url) => {
      hubUrl = url.replace(/\/+$/, '');
      open.href = `${hubUrl}/`;
      try { localStorage.setItem(hubUrlKey, hubUrl); } catch { /* private mode: not remembered */ }
      dirty = true;
    };
    input.addEventListener('change', () => setHubUrl(input.value.trim() || hubUrlDefault));
    let fold = newFold();
    let dirty = true;
    setHubUrl(hubUrl);

    const draw = () => {
      if (!dirty) return;
      dirty = false;
      const model = api.model();
      const ids = api.actors();
      // Streamers are `pi.kind` actors; streams routed to the hub by agents may exist only in facts.
      for (const id of ids) if (/^[^.]+\.[a-z]+$/.test(id)) streamOf(fold, id);
      const streams = [...fold.streams.values()].sort((a, b) => a.source.localeCompare(b.source, 'en', { numeric: true }));
      drawSummary(summary, streams, model, fold, ids);
      tbody.replaceChildren(...streams.map((stream) => row(stream, model, fold, hubUrl)));
    };
    const timer = setInterval(draw, 1000 / framesPerSecondMax);
    const poll = setInterval(() => (dirty = true), 500);

    return {
      records(list) {
        for (const record of list) foldRecord(fold, record);
        dirty = true;
      },
      reset() {
        fold = newFold();
        dirty = true;
      },
      destroy() {
        clearInterval(timer);
        clearInterval(poll);
      },
    };
  },
};

function drawSummary(host, streams, model, fold, ids) {
  const front = model.actors.get('hub');
  const handlers = ids.filter((id) => /^handler-\d+$/.test(id));
  const busy = new Set(streams.map((s) => s.handler).filter(Boolean));
  const streaming = streams.filter((s) => stateOf(s, model) === 'streaming').length;
  const received = streams.reduce((sum, s) => sum + (s.stats?.receivedPerS ?? 0), 0);
  const part = (label, value) => h('span', {}, [`${label} `, h('b', {}, [String(value)])]);
  host.replaceChildren(
    part('hub', front === undefined ? '—' : front.status === 'up' ? 'up' : 'down'),
    ' ', part('handlers', `${busy.size}/${handlers.length}`),
    ' ', part('streaming', `${streaming}/${streams.length}`),
    ' ', part('frames/s', Math.round(received)),
    ...(fold.refused > 0 ? [' ', part('refused', fold.refused)] : []),
  );
  host.style.display = 'flex';
  host.style.gap = '0 12px';
  host.style.flexWrap = 'wrap';
}

function row(stream, model, fold, hubUrl) {
  const state = stateOf(stream, model);
  const stats = stream.stats;
  const mean = meanRate(stream);
  const rate = mean === undefined ? '—' : `${mean.toFixed(mean < 10 ? 1 : 0)}/s`;
  const lossPct = stats && stats.sent > 0 ? (100 * stats.lost) / stats.sent : 0;
  const loss = stats === undefined ? '—' : `${stats.lost} (${lossPct.toFixed(lossPct < 10 ? 1 : 0)}%)`;
  const readers = [...fold.readers.values()].filter((r) => r.stream === stream.source);
  const chips = readers.slice(0, readersShownMax).map((r) => {
    const lag = r.lagMs === undefined ? (r.waiting ? 'waiting' : '—') : `${Math.round(r.lagMs)} ms`;
    const behind = r.lagFrames ? ` (${r.lagFrames} behind)` : '';
    const lagging = (r.lagFrames ?? 0) > 2 || r.missed > 0;
    return h('span', {
      class: `hub-reader${lagging ? ' lagging' : ''}`, 'data-reader': r.id,
      title: `${r.id}: ${r.mode} mode via ${r.handler ?? 'no handler yet'}; ${r.frames} frames read; lag ${lag}${behind}: newest frame's delivery minus its send; missed ${r.missed}`,
    }, [`${r.id} · ${r.frames} fr · ${lag}${behind}${r.missed > 0 ? ` · missed ${r.missed}` : ''}`]);
  });
  if (readers.length > readersShownMax) chips.push(h('span', { class: 'hub-reader' }, [`+${readers.length - readersShownMax}`]));
  const noReaders = stats?.readers > 0 ? `${stats.readers} reader(s)` : 'none';
  const link = h('a', { class: 'hub-open', href: `${hubUrl}/stream.html?stream=${encodeURIComponent(stream.source)}`, target: '_blank', rel: 'noopener', title: `open ${stream.source} on the live hub at ${hubUrl}` }, ['↗']);
  return h('tr', { 'data-stream': stream.source, 'data-state': state }, [
    h('td', { class: 'hub-stream' }, [h('span', { class: `hub-kind ${stream.kind ?? ''}` }, [stream.kind ?? '?']), h('b', {}, [stream.pi ?? stream.source])]),
    h('td', {}, [h('span', { class: 'hub-state', 'data-state': state }, [h('i'), state])]),
    h('td', {}, [stream.handler ?? '—']),
    h('td', { 'data-testid': 'hub-rate' }, [rate, sparkline(stream.rates)]),
    h('td', { class: `hub-loss${lossPct >= 5 ? ' bad' : ''}` }, [loss]),
    h('td', {}, [h('div', { class: 'hub-readers' }, chips.length > 0 ? chips : [h('span', { class: 'muted' }, [noReaders])])]),
    h('td', {}, [link]),
  ]);
}
