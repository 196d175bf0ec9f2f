// @ts-check
/**
 * The topology view: actors as nodes coloured by status and role, partitions as framed
 * groups, messages in flight as moving dots (their flight is stretched to at least a
 * quarter second of wall time so it can be seen at any speed), drops as red flashes.
 */
import { roleOf, stateLabel } from './model.js';
import { planLayout, crowdedActorsMin, viewWidth as width, viewHeight as height } from './labelLayout.js';

const svgNs = 'http://www.w3.org/2000/svg';
/** Most dots in flight at once; past it the oldest are removed. */
export const dotsMax = 300;
/** New dots started per batch; at high rates the rest are not animated (the sequence diagram still shows them). */
export const dotsPerBatchMax = 24;

/** @param {string} name @param {Record<string, string | number>} attrs */
function el(name, attrs = {}) {
  const node = document.createElementNS(svgNs, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

const roleColours = { leader: '#f5b83d', primary: '#f5b83d', follower: '#2fc7b4', backup: '#2fc7b4', replica: '#2fc7b4', candidate: '#a78bfa' };

/** A stable colour for any other role value. */
function hashColour(text) {
  let h = 0;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `hsl(${h % 360} 65% 62%)`;
}

/** Fill colour and label of a node. */
export function nodeLook(actor) {
  if (actor.status === 'down') return { fill: '#e5484d', label: 'crashed' };
  if (actor.status === 'gave-up') return { fill: '#8f2227', label: 'gave up' };
  if (actor.status === 'stopped') return { fill: '#59606b', label: 'stopped' };
  const role = roleOf(actor);
  if (role) return { fill: roleColours[role.value] ?? hashColour(role.value), label: role.value };
  return { fill: '#5b8def', label: 'up' };
}

/** Font size of the role inside a node of radius `r`. */
function roleFontSize(r) {
  return Math.max(8, Math.min(16, r * 0.34));
}

/** `text` cut (with …) to what fits across a node of radius `r`; '' when nothing sensible fits. */
function fitInside(text, r) {
  const chars = Math.floor((1.8 * r) / (roleFontSize(r) * 0.6));
  if (chars < 3) return '';
  return text.length <= chars ? text : `${text.slice(0, chars - 1)}…`;
}

export class Topology {
  /** @param {HTMLElement} host @param {(id: string) => void} onSelect */
  constructor(host, onSelect) {
    this.svg = el('svg', { viewBox: `0 0 ${width} ${height}`, class: 'topology-svg', preserveAspectRatio: 'xMidYMid meet' });
    this.groupLayer = el('g');
    this.edgeLayer = el('g', { class: 'edges' });
    this.dotLayer = el('g', { class: 'dots' });
    this.nodeLayer = el('g');
    this.svg.append(this.groupLayer, this.edgeLayer, this.nodeLayer, this.dotLayer);
    host.append(this.svg);
    this.onSelect = onSelect;
    /** @type {Map<string, { g: SVGGElement, circle: SVGCircleElement, ring: SVGCircleElement, cross: SVGElement, text: SVGTextElement, role: SVGTextElement, badge: SVGTextElement, x: number, y: number, roleText: string }>} */
    this.nodes = new Map();
    /** @type {{ from: string, to: string, start: number, durationMs: number, dropped: boolean, node: SVGCircleElement }[]} */
    this.dots = [];
    this.selected = undefined;
    this.layoutKey = '';
    this.radius = 24;
    this.labelFontSize = 18;
    const tick = () => {
      this.animate(performance.now());
      this.frame = requestAnimationFrame(tick);
    };
    this.frame = requestAnimationFrame(tick);
  }

  /** Redraws nodes and groups from the model. */
  render(model) {
    const ids = [...model.actors.keys()];
    const key = `${ids.join(',')}|${JSON.stringify(model.groups)}`;
    if (key !== this.layoutKey) this.layout(ids, model.groups), (this.layoutKey = key);
    for (const actor of model.actors.values()) {
      const node = this.nodes.get(actor.id);
      if (!node) continue;
      const look = nodeLook(actor);
      node.circle.setAttribute('fill', look.fill);
      node.g.dataset.status = actor.status === 'down' ? 'crashed' : actor.status;
      node.g.dataset.paused = String(actor.paused);
      node.g.dataset.role = look.label;
      node.g.classList.toggle('paused', actor.paused);
      node.g.classList.toggle('selected', this.selected === actor.id);
      node.cross.style.display = actor.status === 'down' || actor.status === 'gave-up' ? '' : 'none';
      node.ring.style.display = actor.paused ? '' : 'none';
      const caption = look.label === 'up' ? stateLabel(actor.state) : look.label;
      // Inside the node, so it never covers a neighbour: shortened to the node's width (the full text is in the actor panel).
      const text = fitInside(actor.status === 'down' || actor.status === 'gave-up' ? '' : actor.paused ? `⏸ ${caption}` : caption, this.radius);
      if (text !== node.roleText) node.role.textContent = node.roleText = text;
      node.role.style.fontSize = `${roleFontSize(this.radius)}px`;
      node.role.dataset.caption = actor.paused ? `paused · ${caption}` : caption;
      node.badge.textContent = actor.restarts > 0 ? `↻${actor.restarts}` : '';
    }
  }

  layout(ids, groups) {
    const clusters = groups.length > 0 ? groups.map((g) => g.filter((id) => ids.includes(id))) : [ids];
    const grouped = new Set(clusters.flat());
    const rest = ids.filter((id) => !grouped.has(id));
    if (rest.length > 0 && groups.length > 0) clusters.push(rest);
    this.svg.classList.toggle('crowded', ids.length > crowdedActorsMin);
    const plan = planLayout(clusters);
    this.radius = plan.radius;
    this.labelFontSize = plan.fontSize;
    this.groupLayer.replaceChildren();
    for (const spot of plan.spots) this.place(spot);
    if (clusters.length > 1) {
      plan.frames.forEach((frame, ci) => {
        this.groupLayer.append(el('rect', { x: frame.x0, y: frame.y0, width: frame.x1 - frame.x0, height: frame.y1 - frame.y0, rx: 18, class: 'partition-group', 'data-group': ci }));
        const label = el('text', { x: frame.x0 + 12, y: frame.y0 + 20, class: 'partition-label' });
        label.textContent = ci < groups.length ? `group ${String.fromCharCode(65 + ci)}` : 'others';
        this.groupLayer.append(label);
      });
    }
    for (const [id, node] of this.nodes) if (!ids.includes(id)) node.g.remove(), this.nodes.delete(id);
  }

  /** @param {import('./labelLayout.js').Spot} spot */
  place(spot) {
    const { id, x, y } = spot;
    let node = this.nodes.get(id);
    if (!node) {
      const g = /** @type {SVGGElement} */ (el('g', { class: 'node', 'data-actor': id }));
      const circle = /** @type {SVGCircleElement} */ (el('circle', { class: 'node-body' }));
      const ring = /** @type {SVGCircleElement} */ (el('circle', { class: 'node-paused-ring' }));
      const cross = el('path', { class: 'node-cross' });
      const text = /** @type {SVGTextElement} */ (el('text', { class: 'node-label' }));
      text.textContent = id;
      const title = el('title');
      title.textContent = id;
      const role = /** @type {SVGTextElement} */ (el('text', { class: 'node-role' }));
      const badge = /** @type {SVGTextElement} */ (el('text', { class: 'node-badge' }));
      g.append(title, ring, circle, cross, role, badge, text);
      g.addEventListener('click', () => this.onSelect(id));
      this.nodeLayer.append(g);
      node = { g, circle, ring, cross, text, role, badge, x, y, roleText: '' };
      this.nodes.set(id, node);
    }
    const r = this.radius;
    node.circle.setAttribute('r', String(r));
    node.ring.setAttribute('r', String(r + 5));
    node.cross.setAttribute('d', `M${-r * 0.45},${-r * 0.45} L${r * 0.45},${r * 0.45} M${r * 0.45},${-r * 0.45} L${-r * 0.45},${r * 0.45}`);
    // The name sits outside the node, along the ray from its cluster's centre; role and restarts inside.
    node.text.setAttribute('x', String(spot.labelX - x));
    node.text.setAttribute('y', String(spot.labelY - y));
    node.text.setAttribute('text-anchor', spot.anchor);
    node.text.style.fontSize = `${this.labelFontSize}px`;
    node.role.setAttribute('y', String(r >= 18 ? -r * 0.08 : 0));
    node.badge.setAttribute('y', String(r * 0.5));
    node.badge.style.fontSize = `${Math.max(9, Math.min(14, r * 0.36))}px`;
    node.roleText = '';
    node.x = x;
    node.y = y;
    node.g.style.transform = `translate(${x}px, ${y}px)`;
  }

  /** Starts a dot for each send in `records` (sends with no delivery fly half way and flash red). */
  messages(records, speed) {
    const now = performance.now();
    let started = 0;
    for (const r of records) {
      if (r.kind !== 'send') continue;
      if (++started > dotsPerBatchMax) break;
      if (!this.nodes.has(r.actor) || !this.nodes.has(r.to)) continue;
      const dropped = r.deliverAtMs.length === 0;
      const virtualMs = dropped ? 10 : Math.max(...r.deliverAtMs) - r.t;
      const wallMs = Number.isFinite(speed) && speed > 0 ? virtualMs / speed : 0;
      const durationMs = Math.min(1500, Math.max(250, wallMs));
      const node = /** @type {SVGCircleElement} */ (el('circle', { r: Math.max(2.5, this.radius / 5), class: dropped ? 'dot dropped' : 'dot' }));
      this.dotLayer.append(node);
      this.dots.push({ from: r.actor, to: r.to, start: now, durationMs, dropped, node });
      if (this.dots.length > dotsMax) this.dots.shift()?.node.remove();
    }
  }

  animate(now) {
    const keep = [];
    for (const dot of this.dots) {
      const a = this.nodes.get(dot.from), b = this.nodes.get(dot.to);
      const p = (now - dot.start) / dot.durationMs;
      const end = dot.dropped ? 0.5 : 1;
      if (!a || !b || p >= end + (dot.dropped ? 0.4 : 0)) {
        dot.node.remove();
        continue;
      }
      const q = Math.min(p, end);
      dot.node.setAttribute('cx', String(a.x + (b.x - a.x) * q));
      dot.node.setAttribute('cy', String(a.y + (b.y - a.y) * q));
      if (dot.dropped && p >= end) dot.node.setAttribute('r', String(this.radius / 2.5));
      keep.push(dot);
    }
    this.dots = keep;
  }

  select(id) {
    this.selected = id;
  }

  clearDots() {
    for (const dot of this.dots) dot.node.remove();
    this.dots = [];
  }
}
