// @ts-check
/**
 * The elevator system's view: one shaft per elevator with its floors, the car at its floor
 * (moving between floors while its motor runs), its doors open or shut, the motor's
 * direction, and beside each floor the lights that elevator shows: the cab button on the
 * left, the hall up/down buttons on the right. A light is lit once acknowledged (the
 * controller's `calls` fact: a cab press the disk holds, a hall call the primary has
 * taken); a press still waiting for that shows as a dashed ring. Above each shaft: the
 * elevator's name, its primary/backup badge, and whether it is crashed, cut off from the
 * others (its cable pulled, or partitioned) or unavailable (motor stopped, door blocked).
 *
 * Where things come from:
 * - exact state (role, floor, door, motor, lights, availability, up/crashed, cuts and
 *   partitions) from `api.model()`, which the server keeps exact even when records are
 *   thinned;
 * - the car's motion between floors from the records: the car's FLOOR_LEFT and
 *   FLOOR_REACHED readings (sent car-N → elevator-N, or recorded inputs from a device
 *   car) and its `motor` fact (the controller's when the car reports none) anchor the
 *   position; in between it moves at the travel time per floor measured from those
 *   readings (2 s per floor until measured). A thinned reading only makes the car wait at
 *   the next floor's edge until the next anchor.
 *
 * A system view is one file `src/web/views/<system>.js` (see docs/ui.md).
 */

const svgNs = 'http://www.w3.org/2000/svg';
/** Travel time per floor assumed until the readings give one (the CarModel's default). */
const travelMsPerFloorDefault = 2_000;
/** Sensor zone half-width in floors (CarModel: floorSensorMs 500 of travelMsPerFloor 2 000, halved). */
const sensorHalfFloors = 0.125;
/** A press is drawn as waiting (dashed ring) for at most this much virtual time without its light. */
const pressShownMsMax = 4_000;
/** Presses remembered per elevator while waiting for their light; past it the oldest is forgotten. */
const pressesPerElevatorMax = 32;
/** Lines kept for the ticker under the shafts. */
const tickerLinesMax = 2;
/** Redraws per second at most. */
const framesPerSecondMax = 30;

/** Geometry in SVG user units (the drawing scales to the panel). */
const g = { left: 34, top: 78, rowHeight: 78, cabColumn: 36, shaftWidth: 96, hallColumn: 40, gap: 30, bottom: 44 };
const shaftGroupWidth = g.cabColumn + g.shaftWidth + g.hallColumn;

const css = `
.elev-svg { width: 100%; height: 100%; display: block; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
.elev-floor-label { fill: #8491a5; font-size: 15px; font-weight: 600; text-anchor: middle; dominant-baseline: central; }
.elev-name { fill: #e6ebf3; font-size: 16px; font-weight: 700; }
.elev-badge-box { stroke-width: 1.5; }
.elev-badge { font-size: 11px; font-weight: 800; letter-spacing: .08em; text-anchor: middle; dominant-baseline: central; }
.elev-status { fill: #8491a5; font-size: 12.5px; }
.elev-status.bad { fill: #ff8f93; }
.elev-status.warn { fill: #f5c76a; }
.elev-shaft { fill: #0f131b; stroke: #2b3548; stroke-width: 2; }
.elev-rail { stroke: #1f2735; stroke-width: 3; }
.elev-floor-line { stroke: #2c3648; stroke-width: 1.5; stroke-dasharray: 4 5; }
.elev-car { transition: transform .18s linear; }
.elev-car-frame { fill: #263042; stroke: #5b6b86; stroke-width: 2; }
.elev-car-inside { fill: #ffe6a3; }
.elev-door { fill: #7f8ea8; stroke: #4b5870; stroke-width: 1; transition: transform .35s ease; }
.elev-motor-dot { fill: #0b0e14; stroke: #3fb950; stroke-width: 2; }
.elev-motor { font-size: 15px; font-weight: 800; text-anchor: middle; dominant-baseline: central; fill: #7ee0a0; }
.elev-cab { stroke-width: 2; }
.elev-cab-text { font-size: 13px; font-weight: 700; text-anchor: middle; dominant-baseline: central; pointer-events: none; }
.elev-hall { stroke-width: 1.6; stroke-linejoin: round; }
.elev-lit { fill: #ffcf5a; stroke: #fff1c2; filter: drop-shadow(0 0 5px rgba(255, 200, 80, .85)); }
.elev-dark { fill: #20262f; stroke: #3b4558; }
.elev-cab-text.lit { fill: #4a3300; } .elev-cab-text.dark { fill: #8491a5; }
.elev-waiting { fill: none; stroke: #8fb3ff; stroke-width: 2; stroke-dasharray: 3 3; }
.elev-group.crashed .elev-shaft { fill: #1c1013; stroke: #6d2a2d; }
.elev-group.crashed .elev-lights, .elev-group.crashed .elev-car { opacity: .35; }
.elev-cross { stroke: #e5484d; stroke-width: 5; stroke-linecap: round; }
.elev-isolation { fill: none; stroke: #f5b83d; stroke-width: 2; stroke-dasharray: 7 5; }
.elev-group.paused { opacity: .6; }
.elev-ticker { fill: #aab6c8; font-size: 13px; font-variant-numeric: tabular-nums; }
`;

/** @param {string} name @param {Record<string, string | number>} attrs @param {(Node | string)[]} children */
function el(name, attrs = {}, children = []) {
  const node = document.createElementNS(svgNs, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  for (const child of children) node.append(child);
  return node;
}

/** Number at the end of an id (`elevator-3` → 3). */
const indexOf = (id) => Number(/(\d+)$/.exec(id)?.[1] ?? 0);

/** `12.3 s` of virtual time. */
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Where a car is at virtual time `t`, from its last anchor: moving at one floor per
 * `travelMs` in the anchor's direction, never past the edge of the next floor's sensor zone
 * (the reading there re-anchors it), nor outside the shaft.
 *
 * @example
 * carPosition({ pos: 1, t: 0, dir: 1 }, 1000, 2000, 4) // => 1.5
 */
export function carPosition(anchor, t, travelMs, floors) {
  if (anchor.dir === 0) return anchor.pos;
  const moved = anchor.pos + (anchor.dir * Math.max(0, t - anchor.t)) / travelMs;
  const edge = anchor.dir > 0
    ? Math.floor(anchor.pos + sensorHalfFloors + 1e-6) + 1 - sensorHalfFloors
    : Math.ceil(anchor.pos - sensorHalfFloors - 1e-6) - 1 + sensorHalfFloors;
  const bounded = anchor.dir > 0 ? Math.min(moved, edge) : Math.max(moved, edge);
  return Math.min(floors - 1, Math.max(0, bounded));
}

/** The view's own picture of the run, folded from records. */
function newFold() {
  return {
    t: 0,
    /** @type {Map<string, { pos: number, t: number, dir: number }>} per car: where it was, when, and which way it moved */
    anchors: new Map(),
    /** @type {Map<string, { floor: number, t: number, dir: number }>} per car: its last FLOOR_LEFT */
    lastLeft: new Map(),
    /** Travel per floor measured from FLOOR_LEFT → FLOOR_REACHED pairs (a running mean). */
    travelMs: travelMsPerFloorDefault,
    travelSamples: 0,
    /** @type {Map<string, { floor: number, button: string, t: number }[]>} per elevator: presses not yet lit */
    presses: new Map(),
    /** Cars that report their own `motor` fact (simulated ones; device cars do not). */
    carsWithMotor: new Set(),
    /** @type {Map<string, boolean>} per car: its obstruction switch */
    obstructed: new Map(),
    /** Floors of the building, once a `calls` fact or a reading tells. */
    floors: 0,
    /** @type {{ t: number, text: string }[]} */
    ticker: [],
  };
}

const dirOf = (motor) => (motor === 'up' ? 1 : motor === 'down' ? -1 : 0);

function anchorAt(fold, car, t) {
  const anchor = fold.anchors.get(car);
  return anchor === undefined ? undefined : { pos: carPosition(anchor, t, fold.travelMs, Math.max(2, fold.floors)), t, dir: anchor.dir };
}

function note(fold, t, text) {
  fold.ticker.push({ t, text });
  if (fold.ticker.length > tickerLinesMax) fold.ticker.shift();
}

const buttonText = (button) => (button === 'hallUp' ? 'hall ▲' : button === 'hallDown' ? 'hall ▼' : 'cab');

/** A car's reading to its controller: re-anchor the car's motion. */
function foldReading(fold, r) {
  const car = r.actor;
  const e = r.event;
  const dir = fold.anchors.get(car)?.dir ?? 0;
  if (e.type === 'FLOOR_REACHED') {
    const left = fold.lastLeft.get(car);
    if (left !== undefined && Math.abs(e.floor - left.floor) === 1 && r.t > left.t) {
      // Leaving one sensor zone to entering the next covers 1 - 2 × half-zone of a floor.
      const travelMs = (r.t - left.t) / (1 - 2 * sensorHalfFloors);
      fold.travelSamples = Math.min(fold.travelSamples + 1, 20);
      fold.travelMs += (travelMs - fold.travelMs) / fold.travelSamples;
    }
    fold.lastLeft.delete(car);
    fold.anchors.set(car, { pos: e.floor - dir * sensorHalfFloors, t: r.t, dir });
    fold.floors = Math.max(fold.floors, e.floor + 1);
  } else if (e.type === 'FLOOR_LEFT') {
    fold.lastLeft.set(car, { floor: e.floor, t: r.t, dir });
    fold.anchors.set(car, { pos: e.floor + dir * sensorHalfFloors, t: r.t, dir });
  } else if (e.type === 'OBSTRUCTION') {
    fold.obstructed.set(car, e.active);
  }
}

/** Folds one record into the view's state. */
function foldRecord(fold, r) {
  fold.t = Math.max(fold.t, r.t);
  if (r.kind === 'send' && /^car-\d+$/.test(r.actor) && r.event) return foldReading(fold, r);
  // A car that is a device actor (a real elevator server) reports through recorded inputs.
  if (r.kind === 'input' && r.input.kind === 'message' && /^car-\d+$/.test(r.input.from) && r.input.event) {
    return foldReading(fold, { t: r.t, actor: r.input.from, event: r.input.event });
  }
  if (r.kind === 'crash' && /^elevator-\d+$/.test(r.actor)) return note(fold, r.t, `${r.actor} crashed (${r.reason})`);
  if (r.kind === 'start' && r.mode !== 'initial' && /^elevator-\d+$/.test(r.actor)) return note(fold, r.t, `${r.actor} restarted`);
  if (r.kind !== 'fact') return;
  if (r.name === 'motor' && /^(car|elevator)-\d+$/.test(r.actor)) {
    // The car's own motor fact is the hardware; a device car has none, then the controller's command stands in.
    const car = `car-${indexOf(r.actor)}`;
    if (r.actor === car) fold.carsWithMotor.add(car);
    else if (fold.carsWithMotor.has(car)) return;
    const here = anchorAt(fold, car, r.t) ?? { pos: NaN, t: r.t, dir: 0 };
    fold.anchors.set(car, { pos: here.pos, t: r.t, dir: dirOf(r.value) });
  } else if (r.name === 'floor' && /^elevator-\d+$/.test(r.actor)) {
    const car = `car-${indexOf(r.actor)}`;
    // The first floor known (after a start or a crash) places a car no reading has placed yet.
    if (!Number.isFinite(fold.anchors.get(car)?.pos ?? NaN)) fold.anchors.set(car, { pos: r.value, t: r.t, dir: fold.anchors.get(car)?.dir ?? 0 });
  } else if (r.name === 'calls' && Array.isArray(r.value?.cab)) {
    fold.floors = Math.max(fold.floors, r.value.cab.length);
  } else if (r.name === 'pressed') {
    const list = fold.presses.get(r.actor) ?? [];
    list.push({ floor: r.value.floor, button: r.value.button, t: r.t });
    if (list.length > pressesPerElevatorMax) list.shift();
    fold.presses.set(r.actor, list);
  } else if (r.name === 'served') {
    // A served press waits no more: a cab press at its elevator, a hall press at every one.
    const hall = r.value.button !== 'cab';
    for (const [id, list] of fold.presses) {
      if (!hall && id !== r.actor) continue;
      fold.presses.set(id, list.filter((p) => p.floor !== r.value.floor || p.button !== r.value.button));
    }
    note(fold, r.t, `${r.actor} served ${buttonText(r.value.button)} at floor ${r.value.floor}`);
  } else if (r.name === 'role' && r.value === 'primary') {
    note(fold, r.t, `${r.actor} is primary`);
  }
}

export default {
  title: 'Elevator shafts',
  /**
   * @param {HTMLElement} host
   * @param {{ actors(): string[], colour(id: string): string, selected?(): string | undefined, model(): any }} api
   */
  create(host, api) {
    const svg = el('svg', { class: 'elev-svg', preserveAspectRatio: 'xMidYMid meet', 'data-testid': 'elevator-view' });
    host.replaceChildren(svg);
    let fold = newFold();
    let layoutKey = '';
    /** @type {any} */
    let drawing;
    let dirty = true;
    let lastFrame = 0;

    const layout = () => {
      const elevators = api.actors().filter((id) => /^elevator-\d+$/.test(id)).sort((a, b) => indexOf(a) - indexOf(b));
      const floors = Math.max(2, fold.floors || floorsFromModel(api.model(), elevators) || 4);
      const key = `${elevators.join(',')}/${floors}`;
      if (key === layoutKey && drawing) return drawing;
      layoutKey = key;
      drawing = drawBuilding(svg, elevators, floors);
      return drawing;
    };

    const draw = () => {
      const parts = layout();
      const model = api.model();
      const t = Math.max(fold.t, model.t ?? 0);
      for (const shaft of parts.shafts) drawShaft(shaft, parts, model, fold, t);
      const lines = [...fold.ticker].reverse();
      parts.ticker.forEach((line, i) => {
        const entry = lines[i];
        line.textContent = entry ? `${seconds(entry.t)}  ${entry.text}` : '';
        line.style.opacity = String(1 - i * 0.35);
      });
    };

    let frame = requestAnimationFrame(function tick(now) {
      // A moving car needs a frame per model time step even without new records.
      const moving = [...fold.anchors.values()].some((a) => a.dir !== 0);
      if ((dirty || moving) && now - lastFrame >= 1000 / framesPerSecondMax) {
        dirty = false;
        lastFrame = now;
        draw();
      }
      frame = requestAnimationFrame(tick);
    });
    // Snapshots change the model without records (a crash from the page, a cut).
    const poll = setInterval(() => (dirty = true), 250);

    return {
      records(list) {
        for (const record of list) foldRecord(fold, record);
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

/** Floors from a controller's `calls` fact in the model (its cab lights, one per floor). */
function floorsFromModel(model, elevators) {
  for (const id of elevators) {
    const cab = model.actors.get(id)?.facts.calls?.cab;
    if (Array.isArray(cab)) return cab.length;
  }
  return 0;
}

/** The y of a floor's line (the car's bottom when it is there). */
const floorY = (floors, floor) => g.top + (floors - 1 - floor) * g.rowHeight + g.rowHeight - 8;

/** The static drawing for `elevators` × `floors`; returns the parts each frame updates. */
function drawBuilding(svg, elevators, floors) {
  const width = g.left + Math.max(1, elevators.length) * (shaftGroupWidth + g.gap) - g.gap + 8;
  const height = g.top + floors * g.rowHeight + g.bottom;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.replaceChildren(el('style', {}, [css]));
  for (let floor = 0; floor < floors; floor++) {
    svg.append(el('text', { x: g.left / 2, y: floorY(floors, floor) - g.rowHeight / 2 + 4, class: 'elev-floor-label' }, [String(floor)]));
  }
  const shafts = elevators.map((id, i) => drawShaftFrame(svg, id, g.left + i * (shaftGroupWidth + g.gap), floors));
  const ticker = Array.from({ length: tickerLinesMax }, (_, i) => el('text', { x: g.left, y: height - g.bottom + 22 + i * 17, class: 'elev-ticker' }, ['']));
  svg.append(...ticker);
  if (elevators.length === 0) svg.append(el('text', { x: g.left, y: g.top, class: 'elev-status' }, ['no elevator-N actors in this run']));
  return { floors, shafts, ticker };
}

/** One elevator: header, shaft with floor lines, car with doors, and its lights per floor. */
function drawShaftFrame(svg, id, x, floors) {
  const group = el('g', { class: 'elev-group', 'data-elevator': id });
  const title = el('title', {}, [id]);
  const shaftX = x + g.cabColumn;
  const shaftTop = g.top - 4, shaftHeight = floors * g.rowHeight + 4;
  const isolation = el('rect', { x: x - 8, y: 6, width: shaftGroupWidth + 16, height: shaftTop + shaftHeight - 2, rx: 12, class: 'elev-isolation' });
  const name = el('text', { x, y: 22, class: 'elev-name' }, [id]);
  const badgeBox = el('rect', { x: x + shaftGroupWidth - 74, y: 10, width: 74, height: 19, rx: 9.5, class: 'elev-badge-box' });
  const badge = el('text', { x: x + shaftGroupWidth - 37, y: 19.5, class: 'elev-badge', 'data-testid': `elevator-role-${id}` }, ['']);
  const status = el('text', { x, y: 44, class: 'elev-status', 'data-testid': `elevator-status-${id}` }, ['']);
  const where = el('text', { x, y: 62, class: 'elev-status' }, ['']);
  const shaft = el('rect', { x: shaftX, y: shaftTop, width: g.shaftWidth, height: shaftHeight, rx: 6, class: 'elev-shaft' });
  group.append(title, isolation, name, badgeBox, badge, status, where, shaft);
  for (const railX of [shaftX + 8, shaftX + g.shaftWidth - 8]) group.append(el('line', { x1: railX, y1: shaftTop + 4, x2: railX, y2: shaftTop + shaftHeight - 4, class: 'elev-rail' }));
  for (let floor = 0; floor < floors; floor++) {
    const y = floorY(floors, floor);
    group.append(el('line', { x1: shaftX + 2, y1: y, x2: shaftX + g.shaftWidth - 2, y2: y, class: 'elev-floor-line' }));
  }
  const car = drawCar(shaftX);
  const lights = el('g', { class: 'elev-lights' });
  const cab = [], hallUp = [], hallDown = [];
  for (let floor = 0; floor < floors; floor++) {
    const cy = floorY(floors, floor) - g.rowHeight / 2 + 4;
    cab.push(drawCabButton(lights, x + g.cabColumn / 2 - 2, cy, floor));
    const hx = shaftX + g.shaftWidth + g.hallColumn / 2 + 2;
    hallUp.push(floor < floors - 1 ? drawHallButton(lights, hx, cy - 12, 1, floor) : undefined);
    hallDown.push(floor > 0 ? drawHallButton(lights, hx, cy + 12, -1, floor) : undefined);
  }
  const cross = el('path', { d: `M${shaftX + 20},${g.top + 30} l${g.shaftWidth - 40},${g.shaftWidth - 40} M${shaftX + g.shaftWidth - 20},${g.top + 30} l${-(g.shaftWidth - 40)},${g.shaftWidth - 40}`, class: 'elev-cross' });
  group.append(car.g, lights, cross);
  svg.append(group);
  return { id, car: `car-${indexOf(id)}`, group, title, isolation, badgeBox, badge, status, where, carParts: car, cab, hallUp, hallDown, cross, x };
}

/** The car: frame, lit inside, two door leaves, the motor arrow on top. */
function drawCar(shaftX) {
  const width = g.shaftWidth - 26, height = g.rowHeight - 18;
  const x = shaftX + 13;
  const clip = `elev-clip-${Math.round(shaftX)}`;
  const gCar = el('g', { class: 'elev-car' });
  const frame = el('rect', { x, y: -height, width, height, rx: 4, class: 'elev-car-frame' });
  const inside = el('rect', { x: x + 4, y: -height + 4, width: width - 8, height: height - 8, class: 'elev-car-inside' });
  const clipPath = el('clipPath', { id: clip }, [el('rect', { x: x + 4, y: -height + 4, width: width - 8, height: height - 8 })]);
  const half = (width - 8) / 2;
  const left = el('rect', { x: x + 4, y: -height + 4, width: half, height: height - 8, class: 'elev-door' });
  const right = el('rect', { x: x + 4 + half, y: -height + 4, width: half, height: height - 8, class: 'elev-door' });
  const doors = el('g', { 'clip-path': `url(#${clip})` }, [left, right]);
  const motorDot = el('circle', { cx: x + width / 2, cy: -height / 2, r: 12, class: 'elev-motor-dot' });
  const motor = el('text', { x: x + width / 2, y: -height / 2 + 1, class: 'elev-motor' }, ['']);
  gCar.append(clipPath, frame, inside, doors, motorDot, motor);
  return { g: gCar, left, right, motor, motorDot, half };
}

function drawCabButton(layer, cx, cy, floor) {
  const waiting = el('circle', { cx, cy, r: 15.5, class: 'elev-waiting' });
  const circle = el('circle', { cx, cy, r: 11.5, class: 'elev-cab elev-dark', 'data-floor': floor });
  const label = el('text', { x: cx, y: cy + 0.5, class: 'elev-cab-text dark' }, [String(floor)]);
  layer.append(waiting, circle, label);
  return { waiting, circle, label };
}

function drawHallButton(layer, cx, cy, dir, floor) {
  const d = dir > 0 ? `M${cx},${cy - 8} L${cx + 9},${cy + 6} L${cx - 9},${cy + 6} Z` : `M${cx},${cy + 8} L${cx + 9},${cy - 6} L${cx - 9},${cy - 6} Z`;
  const waiting = el('circle', { cx, cy, r: 12, class: 'elev-waiting' });
  const shape = el('path', { d, class: 'elev-hall elev-dark', 'data-floor': floor, 'data-dir': dir > 0 ? 'up' : 'down' });
  layer.append(waiting, shape);
  return { waiting, shape };
}

/** Whether `id` reaches no other controller (cuts both ways or a partition). */
function isolation(model, id, elevators) {
  const others = elevators.filter((other) => other !== id);
  if (others.length === 0) return { isolated: false, cutFrom: [] };
  const groupOf = (a) => model.groups.findIndex((group) => group.includes(a));
  const cutFrom = others.filter((other) => {
    const split = model.groups.length > 0 && groupOf(id) !== groupOf(other);
    const cut = model.cuts.some(([from, to]) => (from === id && to === other) || (from === other && to === id));
    return split || cut;
  });
  return { isolated: cutFrom.length === others.length, cutFrom };
}

function setLight(node, on) {
  node.classList.toggle('elev-lit', on);
  node.classList.toggle('elev-dark', !on);
}

/** A press is waiting while its light is off, within `pressShownMsMax` of it; once lit it waits no more. */
function waiting(presses, floor, button, lit, t) {
  const mine = (p) => p.floor === floor && p.button === button;
  if (lit) {
    for (const p of presses) if (mine(p)) p.t = -Infinity;
    return false;
  }
  return presses.some((p) => mine(p) && t - p.t <= pressShownMsMax);
}

function drawShaft(s, parts, model, fold, t) {
  const actor = model.actors.get(s.id);
  const carActor = model.actors.get(s.car);
  const facts = actor?.facts ?? {};
  const up = actor?.status === 'up';
  const crashed = actor !== undefined && !up;
  const role = up ? facts.role : undefined;
  const elevators = parts.shafts.map((x) => x.id);
  const net = isolation(model, s.id, elevators);
  const obstructed = fold.obstructed.get(s.car) === true;
  s.group.classList.toggle('crashed', crashed);
  s.group.classList.toggle('paused', actor?.paused === true);
  s.group.dataset.status = crashed ? (actor.status === 'down' ? 'crashed' : actor.status) : 'up';
  s.group.dataset.role = role ?? '';
  s.group.dataset.isolated = String(up && net.isolated);
  s.cross.style.display = crashed ? '' : 'none';
  s.isolation.style.display = up && net.cutFrom.length > 0 ? '' : 'none';
  const primary = role === 'primary';
  s.badge.textContent = role === undefined ? (crashed ? 'DOWN' : '…') : primary ? 'PRIMARY' : 'BACKUP';
  s.badge.setAttribute('fill', primary ? '#4a3300' : role ? '#bff3ec' : '#ffb4b6');
  s.badgeBox.setAttribute('fill', primary ? '#f5b83d' : role ? 'rgba(47, 199, 180, .18)' : 'rgba(229, 72, 77, .18)');
  s.badgeBox.setAttribute('stroke', primary ? '#f5b83d' : role ? '#2fc7b4' : '#e5484d');
  const words = statusWords(actor, facts, net, obstructed);
  s.status.textContent = words.text;
  s.status.setAttribute('class', `elev-status ${words.kind}`);
  drawCarState(s, parts.floors, model, fold, t, facts, carActor);
  const lights = facts.calls;
  const presses = (fold.presses.get(s.id) ?? []).filter((p) => t - p.t <= pressShownMsMax);
  fold.presses.set(s.id, presses);
  for (let floor = 0; floor < parts.floors; floor++) {
    const cabOn = lights?.cab?.[floor] === true;
    setLight(s.cab[floor].circle, cabOn);
    s.cab[floor].label.setAttribute('class', `elev-cab-text ${cabOn ? 'lit' : 'dark'}`);
    s.cab[floor].circle.dataset.lit = String(cabOn);
    s.cab[floor].waiting.style.display = up && waiting(presses, floor, 'cab', cabOn, t) ? '' : 'none';
    for (const [list, d, button] of [[s.hallUp, 0, 'hallUp'], [s.hallDown, 1, 'hallDown']]) {
      const light = list[floor];
      if (light === undefined) continue;
      const on = lights?.hall?.[floor]?.[d] === true;
      setLight(light.shape, on);
      light.shape.dataset.lit = String(on);
      light.waiting.style.display = up && waiting(presses, floor, button, on, t) ? '' : 'none';
    }
  }
  s.title.textContent = `${s.id}: ${words.text}${net.cutFrom.length > 0 ? ` · cannot reach ${net.cutFrom.join(', ')}` : ''}`;
}

function statusWords(actor, facts, net, obstructed) {
  if (actor === undefined) return { text: 'not started', kind: '' };
  if (actor.status === 'down') return { text: `✕ crashed${actor.restarts > 0 ? ` · ↻${actor.restarts}` : ''}`, kind: 'bad' };
  if (actor.status !== 'up') return { text: actor.status, kind: 'bad' };
  const notes = [];
  if (net.isolated) notes.push('isolated');
  else if (net.cutFrom.length > 0) notes.push(`cut from ${net.cutFrom.map(indexOf).join(',')}`);
  if (facts.available === false) notes.push('unavailable');
  if (obstructed) notes.push('obstructed');
  if (actor.paused) notes.push('paused');
  if (actor.restarts > 0) notes.push(`↻${actor.restarts}`);
  return { text: notes.length > 0 ? notes.join(' · ') : 'up · available', kind: net.isolated || facts.available === false || obstructed ? 'warn' : '' };
}

/** The car's place, doors and motor arrow. */
function drawCarState(s, floors, model, fold, t, facts, carActor) {
  // The car's own hardware facts are what the shaft would show; the controller's are its commands.
  const motor = carActor?.facts.motor ?? facts.motor ?? 'stop';
  const doorOpen = carActor?.facts.doorLight ?? facts.door === 'open';
  const anchor = fold.anchors.get(s.car);
  const known = typeof facts.floor === 'number' ? facts.floor : undefined;
  let pos = anchor !== undefined && Number.isFinite(anchor.pos) ? carPosition(anchor, t, fold.travelMs, floors) : known ?? 0;
  // Stopped within a floor's sensor zone: drawn level with the floor.
  if (motor === 'stop' && Math.abs(pos - Math.round(pos)) <= sensorHalfFloors + 0.01) pos = Math.round(pos);
  const y = g.top + (floors - 1 - pos) * g.rowHeight + g.rowHeight - 8;
  s.carParts.g.setAttribute('transform', `translate(0, ${y.toFixed(2)})`);
  s.carParts.g.dataset.position = pos.toFixed(3);
  s.carParts.g.dataset.door = doorOpen ? 'open' : 'closed';
  s.carParts.g.dataset.motor = motor;
  const slide = doorOpen ? s.carParts.half - 3 : 0;
  s.carParts.left.style.transform = `translateX(${-slide}px)`;
  s.carParts.right.style.transform = `translateX(${slide}px)`;
  s.carParts.motor.textContent = motor === 'up' ? '▲' : motor === 'down' ? '▼' : '';
  s.carParts.motorDot.style.display = motor === 'stop' ? 'none' : '';
  const behaviour = motor !== 'stop' ? `moving ${motor === 'up' ? '▲' : '▼'}` : doorOpen ? 'door open' : 'idle';
  s.where.textContent = `${behaviour} · floor ${known ?? '?'}`;
}
