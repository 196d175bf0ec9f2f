// @ts-check
/**
 * The message sequence diagram: actors as columns, virtual time downward, sends as arrows
 * from the sender's column at send time to the receiver's at delivery time, drops as
 * arrows that stop half way with a red cross, crashes and restarts as marks on the
 * lifeline, faults as labelled horizontal lines. It keeps the last `itemsMax` items and
 * shows the most recent stretch of time, scaled so the latest arrows stay readable.
 */
import { describeFault } from './model.js';

/** Items kept; older ones are forgotten. */
export const itemsMax = 800;
/** Arrows the visible time span is sized for. */
const arrowsVisible = 28;

export class SequenceDiagram {
  /** @param {HTMLElement} host */
  constructor(host) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'sequence-canvas';
    host.append(this.canvas);
    this.host = host;
    /** @type {any[]} */
    this.items = [];
    /** @type {string[]} */
    this.actors = [];
    this.endT = 0;
    this.spanMs = 2000;
    this.dirty = true;
    this.selected = undefined;
    new ResizeObserver(() => (this.dirty = true)).observe(host);
    const tick = () => {
      if (this.dirty) this.draw();
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }

  setActors(ids) {
    this.actors = [...ids];
    this.dirty = true;
  }

  clear() {
    this.items = [];
    this.endT = 0;
    this.dirty = true;
  }

  /** Adds the records' sends, drops, crashes, starts and faults. */
  add(records) {
    for (const r of records) {
      const item = toItem(r);
      if (item) this.items.push(item);
      this.endT = Math.max(this.endT, r.t);
    }
    if (this.items.length > itemsMax * 1.25) this.items = this.items.slice(-itemsMax);
    this.dirty = true;
  }

  /** Replay: show the diagram as of virtual time `t`. */
  setEnd(t) {
    this.endT = t;
    this.dirty = true;
  }

  draw() {
    this.dirty = false;
    const dpr = window.devicePixelRatio || 1;
    const w = this.host.clientWidth, h = this.host.clientHeight;
    if (w === 0 || h === 0) return;
    if (this.canvas.width !== Math.round(w * dpr) || this.canvas.height !== Math.round(h * dpr)) {
      this.canvas.width = Math.round(w * dpr);
      this.canvas.height = Math.round(h * dpr);
    }
    const ctx = /** @type {CanvasRenderingContext2D} */ (this.canvas.getContext('2d'));
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const top = 30, bottom = h - 8, left = 52;
    const n = Math.max(this.actors.length, 1);
    const colW = (w - left - 10) / n;
    const col = new Map(this.actors.map((id, i) => [id, left + colW * (i + 0.5)]));
    // Size the span on the latest arrows, smoothly, so the view neither jumps nor crawls.
    const visible = this.items.filter((it) => it.t <= this.endT);
    const arrows = visible.filter((it) => it.kind === 'arrow');
    const oldest = arrows[Math.max(0, arrows.length - arrowsVisible)]?.t ?? this.endT - 2000;
    const target = Math.min(120_000, Math.max(400, this.endT - oldest));
    this.spanMs = this.spanMs * 0.85 + target * 0.15;
    if (Math.abs(this.spanMs - target) > 1) this.dirty = true;
    const t0 = this.endT - this.spanMs;
    const y = (t) => top + ((t - t0) / this.spanMs) * (bottom - top);
    ctx.font = '12px system-ui, sans-serif';
    ctx.textAlign = 'center';
    const labelEvery = Math.max(1, Math.ceil(34 / colW));
    let column = 0;
    for (const [id, x] of col) {
      const labelled = column++ % labelEvery === 0 || id === this.selected;
      ctx.strokeStyle = id === this.selected ? '#8ab4ff' : '#2c3442';
      ctx.lineWidth = id === this.selected ? 2 : 1;
      ctx.beginPath(); ctx.moveTo(x, top - 4); ctx.lineTo(x, bottom); ctx.stroke();
      ctx.fillStyle = id === this.selected ? '#cfe0ff' : '#aab4c3';
      if (labelled) ctx.fillText(colW * labelEvery < 60 ? id.slice(-3) : id, x, 16);
    }
    ctx.textAlign = 'right';
    ctx.fillStyle = '#6f7b8d';
    for (let k = 0; k <= 4; k++) {
      const t = t0 + (this.spanMs * k) / 4;
      ctx.fillText(formatMs(t), left - 8, y(t) + 4);
    }
    for (const it of visible) {
      if (it.t < t0 - this.spanMs) continue;
      if (it.kind === 'fault') {
        ctx.strokeStyle = '#c08a2b'; ctx.setLineDash([5, 4]); ctx.lineWidth = 1;
        ctx.beginPath(); ctx.moveTo(left, y(it.t)); ctx.lineTo(w - 10, y(it.t)); ctx.stroke(); ctx.setLineDash([]);
        ctx.fillStyle = '#f0b95a'; ctx.textAlign = 'left'; ctx.fillText(it.text, left + 4, y(it.t) - 4);
        continue;
      }
      const x = col.get(it.actor ?? it.from);
      if (x === undefined) continue;
      if (it.kind === 'mark') {
        ctx.fillStyle = it.colour;
        ctx.beginPath(); ctx.arc(x, y(it.t), 5, 0, Math.PI * 2); ctx.fill();
        ctx.textAlign = 'left'; ctx.fillText(it.text, x + 8, y(it.t) + 4);
        continue;
      }
      const x2 = col.get(it.to);
      if (x2 === undefined) continue;
      const y1 = y(it.t);
      const dropped = it.deliverAt === undefined;
      const y2 = dropped ? y(it.t) + 6 : y(it.deliverAt);
      const xe = dropped ? x + (x2 - x) / 2 : x2;
      const highlight = this.selected !== undefined && (it.from === this.selected || it.to === this.selected);
      ctx.strokeStyle = dropped ? '#e5484d' : highlight ? '#9cc2ff' : '#4f6a91';
      ctx.fillStyle = ctx.strokeStyle;
      ctx.lineWidth = highlight ? 1.6 : 1;
      ctx.beginPath(); ctx.moveTo(x, y1); ctx.lineTo(xe, y2); ctx.stroke();
      if (dropped) {
        ctx.beginPath(); ctx.moveTo(xe - 4, y2 - 4); ctx.lineTo(xe + 4, y2 + 4); ctx.moveTo(xe + 4, y2 - 4); ctx.lineTo(xe - 4, y2 + 4); ctx.stroke();
      } else {
        const angle = Math.atan2(y2 - y1, xe - x);
        ctx.beginPath(); ctx.moveTo(xe, y2);
        ctx.lineTo(xe - 7 * Math.cos(angle - 0.4), y2 - 7 * Math.sin(angle - 0.4));
        ctx.lineTo(xe - 7 * Math.cos(angle + 0.4), y2 - 7 * Math.sin(angle + 0.4));
        ctx.fill();
      }
      if (colW > 70 && Math.abs(y2 - y1) > 14) {
        ctx.fillStyle = '#7d8ba0'; ctx.textAlign = 'center';
        ctx.fillText(it.type, (x + xe) / 2, (y1 + y2) / 2 - 3);
      }
    }
  }
}

function toItem(r) {
  switch (r.kind) {
    case 'send':
      return { kind: 'arrow', t: r.t, from: r.actor, to: r.to, type: r.event?.type ?? '', deliverAt: r.deliverAtMs.length ? Math.min(...r.deliverAtMs) : undefined };
    case 'crash':
      return { kind: 'mark', t: r.t, actor: r.actor, colour: '#e5484d', text: 'crash' };
    case 'give-up':
      return { kind: 'mark', t: r.t, actor: r.actor, colour: '#8f2227', text: 'gave up' };
    case 'start':
      return r.mode === 'initial' ? undefined : { kind: 'mark', t: r.t, actor: r.actor, colour: '#3fb950', text: `restart (${r.mode})` };
    case 'fault':
      return { kind: 'fault', t: r.t, text: describeFault(r.fault) };
    case 'input':
      return r.input.kind === 'fault' ? { kind: 'fault', t: r.t, text: `ui: ${describeFault(r.input.fault)}` } : undefined;
    default:
      return undefined;
  }
}

/** @param {number} ms */
export function formatMs(ms) {
  if (Math.abs(ms) >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (Math.abs(ms) >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${Math.round(ms)} ms`;
}
