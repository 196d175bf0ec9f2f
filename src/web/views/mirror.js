// @ts-check
/**
 * The smart mirror's view: the mirror with its bulbs around the frame, each lit while its
 * outlet's relay is on (the strips' `relay { strip, outlet, on }` facts: what the room
 * would see), the leader crowned, crashed bulbs dark red, partition groups as coloured
 * halos, the heart rate in the glass (the Pi's `bpm.estimate`, and the `pattern` the bulbs
 * blink to), the Pi and the strips with their outlets and reachability beside it, and a
 * ticker of what just happened.
 *
 * Records fold into a small state (relays, failed commands, readings, the ticker); who is
 * up, paused, leading and in which group comes from `api.model()`, which the server keeps
 * exact even when records are thinned. A relay that went on and off inside one batch (a
 * fast replay, a high speed) still flashes for `flashMs`, so blinking shows at any speed.
 * Live and replay work alike: replay calls `reset()` and hands the records up to the
 * scrub position.
 */
import { describeFault } from '/assets/model.js';

const svgNs = 'http://www.w3.org/2000/svg';
/** Shortest time a blink stays drawn (wall ms), for blinks shorter than a frame or a batch. */
const flashMs = 140;
/** A strip counts as unreachable while its bulbs reported a failed command within this much virtual time. */
const failureRecentMs = 2_500;
/** Lines in the ticker; older lines are dropped. */
const tickerLinesMax = 5;
/** Redraws per second at most (the view draws only when something changed). */
const framesPerSecondMax = 30;
/** Group colours (A, B, C, D; amber is the leader's), actors outside every group get `othersColour`. */
const groupColours = ['#5b8def', '#e87aa0', '#2fc7b4', '#a78bfa'];
const othersColour = '#8491a5';

/** The view's styles, scoped by class prefix (`mirror-`, `bulb-`), kept here so the view is one file. */
const css = `
.mirror-svg { width: 100%; height: 100%; display: block; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
.mirror-frame { fill: #10141c; stroke: #3b4558; stroke-width: 3; }
.mirror-glass { stroke: #0b0e14; stroke-width: 2; }
.mirror-streak { fill: #ffffff; opacity: .035; }
.mirror-warmth { fill: #ffb347; opacity: 0; transition: opacity 120ms linear; pointer-events: none; }
.mirror-heart { fill: #e5484d; filter: drop-shadow(0 0 6px rgba(229, 72, 77, .6)); }
.mirror-bpm { fill: #f3f6fb; font-size: 78px; font-weight: 700; text-anchor: middle; dominant-baseline: central; font-variant-numeric: tabular-nums; }
.mirror-unit { fill: #8491a5; font-size: 20px; letter-spacing: .2em; text-anchor: middle; }
.mirror-line { fill: #aab6c8; font-size: 18px; text-anchor: middle; }
.mirror-leader { fill: #f5b83d; font-size: 23px; font-weight: 600; text-anchor: middle; }
.bulb-glow { transition: opacity 60ms linear; pointer-events: none; }
.bulb-body { stroke: #0b0e14; stroke-width: 3; }
.bulb-halo { fill: none; stroke-width: 4; opacity: .9; }
.bulb-leader-ring { fill: none; stroke: #f5b83d; stroke-width: 3; }
.bulb-number { font-size: 17px; font-weight: 700; text-anchor: middle; dominant-baseline: central; fill: #cfd6e2; pointer-events: none; }
.mirror-bulb[data-lit="true"] .bulb-number { fill: #4a3300; }
.mirror-bulb.paused { opacity: .5; }
.bulb-cross { stroke: #ff6b70; stroke-width: 4; stroke-linecap: round; }
.mirror-crown { fill: #f5b83d; stroke: #7a5200; stroke-width: 1.2; filter: drop-shadow(0 0 4px rgba(245, 184, 61, .7)); }
.bulb-warn { fill: #ff6b70; font-size: 22px; font-weight: 800; }
.mirror-card { fill: #1a2130; stroke: #2b3548; stroke-width: 2; }
.mirror-card-title { fill: #e6ebf3; font-size: 21px; font-weight: 700; }
.mirror-card-status { fill: #7ee0a0; font-size: 18px; text-anchor: end; }
.mirror-card-status.bad { fill: #ff6b70; }
.mirror-card-line { fill: #dbe2ec; font-size: 20px; }
.mirror-pulse { fill: none; stroke: #e5484d; stroke-width: 2.2; stroke-linejoin: round; }
.mirror-strip-bar { fill: #0f131b; stroke: #2b3548; }
.mirror-socket { fill: #2a2720; stroke: #3d4454; stroke-width: 2; }
.mirror-socket.on { fill: #ffd66b; stroke: #fff1c2; filter: drop-shadow(0 0 6px rgba(255, 200, 80, .9)); }
.mirror-socket-label { fill: #9aa6b8; font-size: 16px; dominant-baseline: central; }
.mirror-ticker-title { fill: #8491a5; font-size: 15px; letter-spacing: .12em; text-transform: uppercase; }
.mirror-ticker { fill: #dbe2ec; font-size: 19px; font-variant-numeric: tabular-nums; }
.mirror-ticker[data-kind="crash"] { fill: #ff8f93; }
.mirror-ticker[data-kind="leader"], .mirror-ticker[data-kind="restart"] { fill: #f5c76a; }
.mirror-ticker[data-kind="bpm"] { fill: #ff9ea1; }
.mirror-ticker[data-kind="partition"], .mirror-ticker[data-kind="heal"] { fill: #9ec1ff; }
`;

const viewWidth = 900;
const viewHeight = 500;
/** The mirror (glass) and the frame the bulbs sit on. */
const mirror = { cx: 222, cy: 252, width: 300, height: 372, cornerRadius: 54 };
const bulbRadius = 23;
const panelX = 440;
const panelWidth = 454;
const piCardY = 8;

/** @param {string} name @param {Record<string, string | number>} attrs @param {(Node | string)[]} children */
function el(name, attrs = {}, children = []) {
  const node = document.createElementNS(svgNs, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  for (const child of children) node.append(child);
  return node;
}

/** Number at the end of an id (`bulb-12` → 12), for ordering and short labels. */
function indexOf(id) {
  const match = /(\d+)$/.exec(id);
  return match ? Number(match[1]) : 0;
}

/** `m:ss.s` of virtual time. */
function clock(ms) {
  const s = ms / 1000;
  return `${Math.floor(s / 60)}:${(s % 60).toFixed(1).padStart(4, '0')}`;
}

/**
 * The point at `fraction` (0..1) of a rounded rectangle's perimeter, clockwise from the
 * top centre, with the outward normal there.
 *
 * @example
 * perimeterPoint({ cx: 0, cy: 0, width: 100, height: 100, cornerRadius: 10 }, 0) // { x: 0, y: -50, nx: 0, ny: -1 }
 */
export function perimeterPoint(box, fraction) {
  const w = box.width / 2 - box.cornerRadius, h = box.height / 2 - box.cornerRadius, r = box.cornerRadius;
  const arc = (Math.PI / 2) * r;
  // Segments clockwise from the top centre: straight lengths and quarter arcs.
  const segments = [
    { len: w, at: (d) => ({ x: d, y: -h - r, nx: 0, ny: -1 }) },
    { len: arc, at: (d) => corner(w, -h, -Math.PI / 2 + d / r) },
    { len: 2 * h, at: (d) => ({ x: w + r, y: -h + d, nx: 1, ny: 0 }) },
    { len: arc, at: (d) => corner(w, h, d / r) },
    { len: 2 * w, at: (d) => ({ x: w - d, y: h + r, nx: 0, ny: 1 }) },
    { len: arc, at: (d) => corner(-w, h, Math.PI / 2 + d / r) },
    { len: 2 * h, at: (d) => ({ x: -w - r, y: h - d, nx: -1, ny: 0 }) },
    { len: arc, at: (d) => corner(-w, -h, Math.PI + d / r) },
    { len: w, at: (d) => ({ x: -w + d, y: -h - r, nx: 0, ny: -1 }) },
  ];
  function corner(cx, cy, angle) {
    return { x: cx + Math.cos(angle) * r, y: cy + Math.sin(angle) * r, nx: Math.cos(angle), ny: Math.sin(angle) };
  }
  let d = (((fraction % 1) + 1) % 1) * segments.reduce((sum, s) => sum + s.len, 0);
  for (const segment of segments) {
    if (d <= segment.len) {
      const p = segment.at(d);
      return { x: box.cx + p.x, y: box.cy + p.y, nx: p.nx, ny: p.ny };
    }
    d -= segment.len;
  }
  return { x: box.cx, y: box.cy - box.height / 2, nx: 0, ny: -1 };
}

/** Gradients and the glow the drawing uses. */
function defs() {
  const stops = (id, list, attrs = {}) => el('radialGradient', { id, ...attrs }, list.map(([offset, colour, opacity]) => el('stop', { offset, 'stop-color': colour, 'stop-opacity': opacity })));
  return el('defs', {}, [
    stops('mirror-glow', [['0%', '#ffe9a8', 0.95], ['35%', '#ffc94d', 0.45], ['100%', '#ffb000', 0]]),
    stops('mirror-bulb-on', [['0%', '#fffbe8', 1], ['55%', '#ffe08a', 1], ['100%', '#f5b83d', 1]], { cx: '40%', cy: '38%' }),
    stops('mirror-bulb-off', [['0%', '#4a4538', 1], ['100%', '#2a2720', 1]], { cx: '40%', cy: '38%' }),
    el('linearGradient', { id: 'mirror-glass', x1: 0, y1: 0, x2: 1, y2: 1 }, [
      el('stop', { offset: '0%', 'stop-color': '#273247' }), el('stop', { offset: '55%', 'stop-color': '#161d2b' }), el('stop', { offset: '100%', 'stop-color': '#1d2535' }),
    ]),
  ]);
}

/** The static drawing: glass, frame, centre texts; returns the parts the view updates. */
function drawMirror(svg) {
  const { cx, cy, width, height, cornerRadius } = mirror;
  const x = cx - width / 2, y = cy - height / 2;
  const frame = el('rect', { x: x - 4, y: y - 4, width: width + 8, height: height + 8, rx: cornerRadius + 4, class: 'mirror-frame' });
  const glass = el('rect', { x: x + 10, y: y + 10, width: width - 20, height: height - 20, rx: cornerRadius - 10, fill: 'url(#mirror-glass)', class: 'mirror-glass' });
  // Warm light on the glass, as strong as the share of bulbs lit.
  const warmth = el('rect', { x: x + 10, y: y + 10, width: width - 20, height: height - 20, rx: cornerRadius - 10, class: 'mirror-warmth' });
  const streak = el('path', { d: `M${x + 40},${y + height - 60} L${x + width - 70},${y + 30} L${x + width - 30},${y + 30} L${x + 80},${y + height - 60} Z`, class: 'mirror-streak' });
  const heart = el('path', { d: 'M0,12 C-22,-4 -20,-22 -8,-22 C-3,-22 0,-18 0,-15 C0,-18 3,-22 8,-22 C20,-22 22,-4 0,12 Z', class: 'mirror-heart' });
  const heartGroup = el('g', { transform: `translate(${cx}, ${cy - 112})` }, [heart]);
  const bpm = el('text', { x: cx, y: cy - 42, class: 'mirror-bpm', 'data-testid': 'mirror-bpm' }, ['—']);
  const unit = el('text', { x: cx, y: cy + 12, class: 'mirror-unit' }, ['BPM']);
  const reading = el('text', { x: cx, y: cy + 50, class: 'mirror-line' }, ['']);
  const leader = el('text', { x: cx, y: cy + 90, class: 'mirror-leader', 'data-testid': 'mirror-leader' }, ['']);
  const network = el('text', { x: cx, y: cy + 124, class: 'mirror-line' }, ['']);
  svg.append(frame, glass, warmth, streak, heartGroup, bpm, unit, reading, leader, network);
  return { heart, heartGroup, bpm, reading, leader, network, frame, warmth };
}

/** A crown, centred on (0, 0), about 30 wide. */
function crown() {
  return el('g', { class: 'mirror-crown' }, [
    el('path', { d: 'M-15,9 L-15,-5 L-7.5,2 L0,-11 L7.5,2 L15,-5 L15,9 Z' }),
    el('circle', { cx: 0, cy: -12.5, r: 2.6 }), el('circle', { cx: -15, cy: -6.5, r: 2.2 }), el('circle', { cx: 15, cy: -6.5, r: 2.2 }),
  ]);
}

/** One bulb on the frame: glow, socket, glass, number, leader ring and crown, cross when crashed. */
function drawBulb(layer, id, point) {
  const g = el('g', { class: 'mirror-bulb', 'data-bulb': id, transform: `translate(${point.x}, ${point.y})` });
  const title = el('title', {}, [id]);
  const glow = el('circle', { r: bulbRadius * 2.6, fill: 'url(#mirror-glow)', class: 'bulb-glow' });
  const halo = el('circle', { r: bulbRadius + 7, class: 'bulb-halo' });
  const ring = el('circle', { r: bulbRadius + 4, class: 'bulb-leader-ring' });
  const body = el('circle', { r: bulbRadius, class: 'bulb-body' });
  const number = el('text', { class: 'bulb-number' }, [String(indexOf(id))]);
  const cross = el('path', { d: 'M-9,-9 L9,9 M9,-9 L-9,9', class: 'bulb-cross' });
  const mark = crown();
  mark.setAttribute('transform', `translate(${point.nx * (bulbRadius + 22)}, ${point.ny * (bulbRadius + 22)})`);
  const warn = el('text', { x: bulbRadius * 0.95, y: -bulbRadius * 0.75, class: 'bulb-warn' }, ['!']);
  g.append(title, glow, halo, ring, body, number, cross, mark, warn);
  layer.append(g);
  return { g, title, glow, halo, ring, body, number, cross, mark, warn };
}

/** A card on the right: a rounded box with a title row. */
function card(layer, y, height, title) {
  const box = el('rect', { x: panelX, y, width: panelWidth, height, rx: 14, class: 'mirror-card' });
  const name = el('text', { x: panelX + 18, y: y + 28, class: 'mirror-card-title' }, [title]);
  const status = el('text', { x: panelX + panelWidth - 18, y: y + 28, class: 'mirror-card-status' }, ['']);
  layer.append(box, name, status);
  return { box, name, status };
}

/** A strip card: six (or `outlets`) sockets in a row, each lit while its relay is on. */
function drawStrip(layer, id, y, outlets) {
  const parts = card(layer, y, 96, id);
  parts.status.setAttribute('data-testid', `strip-status-${id}`);
  const bar = el('rect', { x: panelX + 16, y: y + 42, width: panelWidth - 32, height: 44, rx: 10, class: 'mirror-strip-bar' });
  layer.append(bar);
  const step = (panelWidth - 60) / outlets;
  const sockets = Array.from({ length: outlets }, (_, i) => {
    const x = panelX + 30 + step * (i + 0.5);
    const socket = el('circle', { cx: x, cy: y + 64, r: 13, class: 'mirror-socket', 'data-strip': id, 'data-outlet': i + 1 });
    const label = el('text', { x: x + 20, y: y + 64, class: 'mirror-socket-label' }, ['']);
    layer.append(socket, label);
    return { socket, label };
  });
  return { ...parts, sockets };
}

/** Draws the whole view for these actors; returns the parts that change. */
function drawAll(svg, ids, fold) {
  svg.replaceChildren(el('style', {}, [css]), defs());
  const bulbs = ids.filter((id) => /^bulb-\d+$/.test(id)).sort((a, b) => indexOf(a) - indexOf(b));
  const strips = ids.filter((id) => /^strip-\d+$/.test(id)).sort((a, b) => indexOf(a) - indexOf(b));
  const pi = ids.find((id) => /pi$/.test(id));
  const centre = drawMirror(svg);
  const bulbLayer = el('g');
  svg.append(bulbLayer);
  const bulbParts = new Map(bulbs.map((id, i) => [id, drawBulb(bulbLayer, id, perimeterPoint(mirror, (i + 0.5) / bulbs.length))]));
  const side = el('g');
  svg.append(side);
  const piCard = pi === undefined ? undefined : card(side, piCardY, 78, pi);
  const pulse = el('path', { class: 'mirror-pulse' });
  const piLine = el('text', { x: panelX + 18, y: piCardY + 60, class: 'mirror-card-line', 'data-testid': 'mirror-pi-reading' }, ['']);
  if (piCard) side.append(pulse, piLine);
  const stripParts = new Map(strips.map((id, i) => [id, drawStrip(side, id, piCardY + 88 + i * 106, outletsOf(fold, id))]));
  const tickerY = piCardY + 88 + strips.length * 106 + 4;
  const tickerTitle = el('text', { x: panelX + 4, y: tickerY + 14, class: 'mirror-ticker-title' }, ['what just happened']);
  const ticker = Array.from({ length: tickerLinesMax }, (_, i) => el('text', { x: panelX + 4, y: tickerY + 40 + i * 25, class: 'mirror-ticker' }, ['']));
  side.append(tickerTitle, ...ticker);
  return { bulbs, strips, pi, centre, bulbParts, piCard, pulse, piLine, stripParts, ticker };
}

export default {
  title: 'Smart mirror',
  /**
   * @param {HTMLElement} host
   * @param {{ actors(): string[], colour(id: string): string, selected?(): string | undefined, model(): any }} api
   */
  create(host, api) {
    const svg = el('svg', { viewBox: `0 0 ${viewWidth} ${viewHeight}`, class: 'mirror-svg', preserveAspectRatio: 'xMidYMid meet', 'data-testid': 'mirror-view' });
    host.replaceChildren(svg);
    let fold = newFold();
    let layoutKey = '';
    /** @type {any} */
    let drawing;
    let dirty = true;
    let lastFrame = 0;

    const layout = () => {
      const ids = api.actors();
      const key = ids.join(',');
      if (key === layoutKey && drawing) return drawing;
      layoutKey = key;
      drawing = drawAll(svg, ids, fold);
      return drawing;
    };

    const draw = (now) => {
      const parts = layout();
      const model = api.model();
      const exact = parts.pi === undefined ? undefined : model.actors.get(parts.pi)?.facts['bpm.estimate'];
      if (exact !== undefined) noteReading(fold, exact, fold.t);
      drawBulbs(parts, model, fold, now);
      drawCentre(parts, model, fold);
      drawSide(parts, model, fold, now);
    };

    let frame = requestAnimationFrame(function tick(now) {
      const flashing = fold.flashUntil > now;
      if ((dirty || flashing || fold.flashUntil > now - 50) && now - lastFrame >= 1000 / framesPerSecondMax) {
        dirty = false;
        lastFrame = now;
        draw(now);
      }
      frame = requestAnimationFrame(tick);
    });
    // Snapshots change the model without records (a paused actor, a partition from the page).
    const poll = setInterval(() => (dirty = true), 250);

    return {
      records(list) {
        const now = performance.now();
        for (const record of list) foldRecord(fold, record, now);
        dirty = true;
      },
      reset() {
        fold = newFold();
        layoutKey = '';
        dirty = true;
      },
      resize() {
        dirty = true;
      },
      destroy() {
        cancelAnimationFrame(frame);
        clearInterval(poll);
      },
    };
  },
};

/** The view's own picture of the run, folded from records. */
function newFold() {
  return {
    t: 0,
    /** @type {Map<string, { strip: string, outlet: number }>} learned from the bulbs' relay commands */
    socketOf: new Map(),
    /** @type {Map<string, { on: boolean, litAtWall: number, showUntil: number }>} per `strip#outlet` */
    relays: new Map(),
    /** @type {Map<string, number>} virtual time of the last `relay.failed` per bulb */
    bulbFailedMs: new Map(),
    /** @type {Map<string, number>} virtual time of the last `relay.failed` per strip */
    stripFailedMs: new Map(),
    /** @type {Map<string, number>} */
    stripWatts: new Map(),
    /** @type {{ bpm: number, version: number } | undefined} */
    reading: undefined,
    readings: 0,
    /** @type {{ t: number, text: string, kind: string }[]} */
    ticker: [],
    flashUntil: 0,
  };
}

/** Outlets of a strip: the highest outlet seen, at least 6 (the mPower PRO). */
function outletsOf(fold, strip) {
  let outlets = 6;
  for (const socket of fold.socketOf.values()) if (socket.strip === strip) outlets = Math.max(outlets, socket.outlet);
  return outlets;
}

/** The default wiring (src/actors/mirror/system.ts): bulb k on outlet ((k-1) mod 6)+1 of strip ceil(k/6). */
function defaultSocket(bulb) {
  const k = indexOf(bulb);
  return { strip: `strip-${Math.ceil(k / 6)}`, outlet: ((k - 1) % 6) + 1 };
}

function tick(fold, t, text, kind) {
  fold.ticker.push({ t, text, kind });
  if (fold.ticker.length > tickerLinesMax) fold.ticker.shift();
}

/** Folds one record into the view's state. */
function foldRecord(fold, r, now) {
  fold.t = Math.max(fold.t, r.t);
  switch (r.kind) {
    case 'send':
      if (r.event?.type === 'strip.RELAY') fold.socketOf.set(r.actor, { strip: r.to, outlet: r.event.outlet });
      return;
    case 'fact':
      return foldFact(fold, r, now);
    case 'fault':
      return tick(fold, r.t, describeEvent(r.fault), r.fault.action);
    case 'input':
      if (r.input.kind === 'fault') tick(fold, r.t, `you: ${describeEvent(r.input.fault)}`, r.input.fault.action);
      return;
    case 'crash':
      if (r.reason !== 'killed') tick(fold, r.t, `${r.actor} crashed (${r.reason})`, 'crash');
      return;
    case 'start':
      if (r.mode !== 'initial') tick(fold, r.t, `${r.actor} restarted`, 'restart');
      return;
  }
}

function foldFact(fold, r, now) {
  const value = r.value;
  if (r.name === 'relay') {
    const key = `${value.strip}#${value.outlet}`;
    const relay = fold.relays.get(key) ?? { on: false, litAtWall: 0, showUntil: 0 };
    if (value.on && !relay.on) relay.litAtWall = now;
    if (!value.on && relay.on) relay.showUntil = relay.litAtWall + flashMs;
    relay.on = value.on;
    fold.relays.set(key, relay);
    fold.flashUntil = Math.max(fold.flashUntil, relay.showUntil);
  } else if (r.name === 'relay.failed') {
    fold.bulbFailedMs.set(r.actor, r.t);
    fold.stripFailedMs.set(value.strip, r.t);
  } else if (r.name === 'strip.power') {
    fold.stripWatts.set(value.strip, value.watts);
  } else if (r.name === 'bpm.estimate') {
    noteReading(fold, value, r.t);
  } else if (r.name === 'role' && value === 'leader') {
    tick(fold, r.t, `${r.actor} leads`, 'leader');
  }
}

/** A new heart-rate version (from a record, or from the model when thinning dropped the record). */
function noteReading(fold, value, t) {
  if (fold.reading !== undefined && value.version <= fold.reading.version) return;
  fold.reading = value;
  tick(fold, t, `the Pi reads ${value.bpm} BPM`, 'bpm');
}

/** A fault in a few words (the ticker is narrow). */
function describeEvent(fault) {
  switch (fault.action) {
    case 'partition':
      return fault.groups.length === 1 ? `${fault.groups[0].join(', ')} cut off` : `network split ${fault.groups.map((g) => g.length).join(' | ')}`;
    case 'heal': return 'network healed';
    case 'loss': return fault.probability === 0 && !fault.link ? 'loss over' : describeFault(fault);
    default: {
      const text = describeFault(fault);
      return text.length > 40 ? `${text.slice(0, 39)}…` : text;
    }
  }
}

/** Whether a relay is drawn lit now (on, or a blink still flashing). */
function lit(fold, socket, now) {
  const relay = fold.relays.get(`${socket.strip}#${socket.outlet}`);
  return relay !== undefined && (relay.on || relay.showUntil > now);
}

/** The colour of the partition group an actor is in, or undefined when the network is whole. */
function groupColour(model, id) {
  if (model.groups.length === 0) return undefined;
  const index = model.groups.findIndex((group) => group.includes(id));
  return index < 0 ? othersColour : groupColours[index % groupColours.length];
}

function drawBulbs(parts, model, fold, now) {
  const bulbsSplit = new Set(parts.bulbs.map((id) => groupColour(model, id))).size > 1;
  let litCount = 0;
  for (const [id, p] of parts.bulbParts) {
    const actor = model.actors.get(id);
    const up = actor?.status === 'up';
    const socket = fold.socketOf.get(id) ?? defaultSocket(id);
    const on = up && lit(fold, socket, now);
    const role = up ? actor.facts.role : undefined;
    const status = actor?.status === 'down' ? 'crashed' : actor?.status ?? 'down';
    p.g.dataset.lit = String(on);
    if (on) litCount++;
    p.g.dataset.status = status;
    p.g.dataset.role = role ?? '';
    p.g.classList.toggle('paused', actor?.paused === true);
    p.g.classList.toggle('selected', false);
    p.glow.style.opacity = on ? '1' : '0';
    p.body.setAttribute('fill', up ? (on ? 'url(#mirror-bulb-on)' : 'url(#mirror-bulb-off)') : '#4a1619');
    p.number.style.display = up ? '' : 'none';
    p.cross.style.display = up ? 'none' : '';
    p.ring.style.display = role === 'leader' ? '' : 'none';
    p.mark.style.display = role === 'leader' ? '' : 'none';
    // Halos only when the bulbs themselves are split (a strip cut off alone tints only its card).
    const tint = bulbsSplit ? groupColour(model, id) : undefined;
    p.halo.style.display = tint === undefined ? 'none' : '';
    if (tint !== undefined) p.halo.setAttribute('stroke', tint);
    const failing = up && (fold.bulbFailedMs.get(id) ?? -Infinity) > fold.t - failureRecentMs;
    p.warn.style.display = failing ? '' : 'none';
    const pattern = actor?.facts.pattern;
    const suspects = Array.isArray(actor?.facts.suspects) ? actor.facts.suspects : [];
    p.title.textContent = `${id}: ${status}${role ? `, ${role}` : ''}${actor?.facts.leader ? `, follows ${actor.facts.leader}` : ''}` +
      `${pattern ? `, blinks at ${pattern.bpm} BPM (v${pattern.version})` : ''}${suspects.length > 0 ? `, suspects ${suspects.join(' ')}` : ''}` +
      `${failing ? `, its strip does not answer` : ''} · ${socket.strip} outlet ${socket.outlet}`;
  }
  parts.centre.warmth.style.opacity = String(((0.12 * litCount) / Math.max(1, parts.bulbs.length)).toFixed(3));
}

function drawCentre(parts, model, fold) {
  const c = parts.centre;
  const live = parts.bulbs.filter((id) => model.actors.get(id)?.status === 'up');
  const patterns = live.map((id) => model.actors.get(id).facts.pattern).filter((p) => p !== undefined && p !== null);
  const newest = patterns.reduce((best, p) => (best === undefined || p.version > best.version ? p : best), undefined);
  const shown = newest ?? fold.reading;
  c.bpm.textContent = shown ? String(shown.bpm) : '—';
  const inStep = newest ? patterns.filter((p) => p.version === newest.version).length : 0;
  c.reading.textContent = fold.reading
    ? `${inStep}/${live.length} bulbs at v${newest?.version ?? '–'} · Pi v${fold.reading.version}`
    : 'waiting for the Pi';
  // The heart beats with virtual time, so it stops when the run pauses and follows the replay.
  const beatMs = 60_000 / (shown?.bpm ?? 60);
  const phase = (fold.t % beatMs) / beatMs;
  const scale = 1 + 0.22 * Math.max(0, 1 - phase / 0.3);
  c.heartGroup.setAttribute('transform', `translate(${mirror.cx}, ${mirror.cy - 112}) scale(${scale.toFixed(3)})`);
  const leaders = live.filter((id) => model.actors.get(id).facts.role === 'leader');
  c.leader.textContent = leaders.length === 0 ? 'no leader: electing' : leaders.length === 1 ? `♛ ${leaders[0]} leads` : `♛ ${leaders.join(' · ')}`;
  c.leader.dataset.leaders = leaders.join(',');
  const notes = [];
  const split = model.groups.length > 0 ? model.groups.map((g, i) => ({ letter: String.fromCharCode(65 + i), bulbs: g.filter((id) => parts.bulbs.includes(id)).length })).filter((g) => g.bulbs > 0) : [];
  if (split.length > 1 || (split.length === 1 && split[0].bulbs < parts.bulbs.length)) notes.push(`split ${split.map((g) => `${g.letter}:${g.bulbs}`).join(' ')}`);
  const down = parts.bulbs.length - live.length;
  if (down > 0) notes.push(`${down} down`);
  if (model.network.lossProbability > 0) notes.push(`loss ${Math.round(model.network.lossProbability * 100)}%`);
  c.network.textContent = notes.join(' · ');
}

function drawSide(parts, model, fold, now) {
  if (parts.piCard && parts.pi) {
    const pi = model.actors.get(parts.pi);
    const reading = fold.reading;
    parts.piCard.status.textContent = pi?.status === 'up' ? 'measuring' : pi?.status ?? '';
    tintCard(parts.piCard, groupColour(model, parts.pi));
    parts.piLine.textContent = reading ? `reads ${reading.bpm} BPM · v${reading.version}` : 'reading the camera…';
    parts.pulse.setAttribute('d', pulsePath(reading?.bpm ?? 60, fold.t));
  }
  for (const [id, s] of parts.stripParts) {
    const strip = model.actors.get(id);
    const failedMs = fold.stripFailedMs.get(id) ?? -Infinity;
    const reachable = strip?.status === 'up' && failedMs <= fold.t - failureRecentMs;
    const watts = fold.stripWatts.get(id) ?? strip?.facts['strip.power']?.watts;
    s.status.textContent = `${strip?.status !== 'up' ? 'down' : reachable ? '● reachable' : '● unreachable'}${watts === undefined ? '' : ` · ${watts.toFixed(1)} W`}`;
    s.status.dataset.reachable = String(reachable);
    s.status.classList.toggle('bad', !reachable);
    tintCard(s, groupColour(model, id));
    s.sockets.forEach((socket, i) => {
      const outlet = i + 1;
      const bulb = parts.bulbs.find((b) => {
        const at = fold.socketOf.get(b) ?? defaultSocket(b);
        return at.strip === id && at.outlet === outlet;
      });
      const on = lit(fold, { strip: id, outlet }, now);
      socket.socket.classList.toggle('on', on);
      socket.label.textContent = bulb === undefined ? '' : String(indexOf(bulb));
    });
  }
  const lines = [...fold.ticker].reverse();
  parts.ticker.forEach((line, i) => {
    const entry = lines[i];
    line.textContent = entry ? `${clock(entry.t)}  ${entry.text}` : '';
    line.dataset.kind = entry?.kind ?? '';
    line.style.opacity = String(1 - i * 0.15);
  });
}

function tintCard(card, colour) {
  card.box.style.stroke = colour ?? '';
}

/** A few beats of an ECG-like trace at `bpm`, scrolling with virtual time, in the Pi card. */
function pulsePath(bpm, t) {
  const x0 = panelX + panelWidth - 200, width = 182, y0 = piCardY + 54, spanMs = 4000;
  const beatMs = 60_000 / bpm;
  const points = [];
  for (let i = 0; i <= 85; i++) {
    const at = t - spanMs + (spanMs * i) / 85;
    const phase = (((at % beatMs) + beatMs) % beatMs) / beatMs;
    const y = phase < 0.04 ? -4 : phase < 0.08 ? 18 : phase < 0.12 ? -22 : phase < 0.16 ? 8 : phase > 0.4 && phase < 0.5 ? -5 : 0;
    points.push(`${(x0 + (width * i) / 85).toFixed(1)},${(y0 + y * 0.8).toFixed(1)}`);
  }
  return `M${points.join(' L')}`;
}
