// @ts-check
/**
 * The side panels: the selected actor (status, state in its statechart, facts, timers,
 * restarts, context, recent events, and its controls), the checks, and the network
 * controls (partition builder, heal, loss and delay sliders).
 */
import { isActivePath, roleOf, short, stateLabel } from './model.js';
import { nodeLook } from './topology.js';
import { formatMs } from './sequence.js';

/** @param {string} tag @param {Record<string, any>} [props] @param {(Node | string)[]} [children] */
export function h(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (v !== undefined && v !== false) node.setAttribute(k, v === true ? '' : String(v));
  }
  node.append(...children);
  return node;
}

/** Draws a statechart outline as nested boxes, the active states lit. */
function outlineTree(outline, value, path = []) {
  const kids = outline.children.map((child) => outlineTree(child, value, [...path, child.key]));
  const active = path.length === 0 || isActivePath(value, path);
  return h('div', { class: `sc-node ${active ? 'active' : ''} sc-${outline.type}` }, [h('span', { class: 'sc-key' }, [path.length === 0 ? `#${outline.key}` : outline.key]), ...(kids.length ? [h('div', { class: 'sc-children' }, kids)] : [])]);
}

export class ActorPanel {
  /** @param {HTMLElement} host @param {(cmd: object) => Promise<any>} command */
  constructor(host, command) {
    this.host = host;
    this.command = command;
    this.inspected = undefined;
    this.inspectedFor = undefined;
    this.live = true;
  }

  /** Asks the server for the live context of `id`. */
  async inspect(id) {
    if (!this.live || id === undefined) return;
    try {
      const reply = await this.command({ op: 'inspect', actor: id });
      this.inspected = reply.result?.inspected ?? null;
      this.inspectedFor = id;
    } catch {
      this.inspected = undefined;
    }
  }

  render(model, id, outlines, outlineByActor) {
    const actor = id === undefined ? undefined : model.actors.get(id);
    if (!actor) {
      this.host.replaceChildren(h('p', { class: 'muted' }, ['Click an actor (a node or a column) to see its state, context and controls.']));
      return;
    }
    const look = nodeLook(actor);
    const role = roleOf(actor);
    const rows = [
      ['status', actor.status === 'down' ? 'crashed' : actor.status],
      ['paused', actor.paused ? 'yes' : 'no'],
      ['role', role ? `${role.value} (${role.name})` : '—'],
      ['state', stateLabel(actor.state)],
      ['timers pending', actor.timersPending ?? '—'],
      ['held while paused', actor.held ?? '—'],
      ['restarts', actor.restarts],
      ['clock rate', `×${actor.clockRate}`],
    ];
    const outline = outlines?.[outlineByActor?.[actor.id]];
    const facts = Object.entries(actor.facts);
    const context = this.inspectedFor === actor.id ? this.inspected : undefined;
    const controls = this.live ? h('div', { class: 'button-row' }, [
      actor.status === 'up'
        ? h('button', { class: 'danger', 'data-testid': 'crash-actor', onclick: () => this.command({ op: 'crash', actor: actor.id }) }, ['Crash'])
        : h('button', { 'data-testid': 'restart-actor', onclick: () => this.command({ op: 'restart', actor: actor.id }) }, ['Restart']),
      actor.status === 'up' ? h('button', { onclick: () => this.command({ op: 'restart', actor: actor.id }) }, ['Restart']) : '',
      actor.paused
        ? h('button', { 'data-testid': 'resume-actor', onclick: () => this.command({ op: 'resume-actor', actor: actor.id }) }, ['Resume actor'])
        : h('button', { 'data-testid': 'pause-actor', onclick: () => this.command({ op: 'pause-actor', actor: actor.id }) }, ['Pause actor']),
    ]) : '';
    this.host.replaceChildren(
      h('div', { class: 'actor-title' }, [h('span', { class: 'swatch', style: `background:${look.fill}` }), h('strong', {}, [actor.id]), h('span', { class: 'pill' }, [look.label])]),
      controls,
      h('table', { class: 'kv' }, rows.map(([k, v]) => h('tr', {}, [h('th', {}, [String(k)]), h('td', {}, [String(v)])]))),
      outline ? h('details', { open: true }, [h('summary', {}, ['Statechart']), outlineTree(outline, actor.state)]) : '',
      h('details', { open: true }, [h('summary', {}, [`Facts (${facts.length})`]),
        facts.length ? h('table', { class: 'kv' }, facts.map(([k, v]) => h('tr', {}, [h('th', {}, [k]), h('td', {}, [short(v)])]))) : h('p', { class: 'muted' }, ['none yet'])]),
      this.live ? h('details', { open: true }, [h('summary', {}, ['Context ', h('button', { class: 'small', onclick: (e) => { e.preventDefault(); void this.inspect(actor.id); } }, ['refresh'])]),
        h('pre', { class: 'context' }, [context === undefined ? '…' : context === null ? '(not running)' : JSON.stringify(context.context, null, 1).slice(0, 4000)])]) : '',
      h('details', { open: true }, [h('summary', {}, ['Recent events']),
        h('ol', { class: 'recent' }, [...actor.recent].reverse().map((e) => h('li', {}, [h('span', { class: 'muted' }, [formatMs(e.t)]), ' ', e.text])))]),
    );
  }
}

const statusIcon = { pass: '●', fail: '●', pending: '◌', failing: '●' };

/** @param {HTMLElement} host @param {any[]} checks @param {boolean} ended */
export function renderChecks(host, checks, ended) {
  if (!checks || checks.length === 0) {
    host.replaceChildren(h('p', { class: 'muted' }, ['This scenario declares no checks.']));
    return;
  }
  host.replaceChildren(...checks.map((c) => h('div', { class: `check check-${c.status}`, 'data-status': c.status }, [
    h('span', { class: 'check-icon' }, [statusIcon[c.status] ?? '?']),
    h('div', {}, [
      h('div', { class: 'check-name' }, [c.name, h('span', { class: 'muted' }, [` ${c.kind}`])]),
      h('div', { class: 'check-detail' }, [
        c.status === 'pending' ? `pending until the run ends — ${c.detail}` : c.status === 'failing' ? `failing so far (provisional) — ${c.detail}` : c.detail,
        c.status === 'fail' && c.atMs !== undefined ? ` · first failed at ${formatMs(c.atMs)}` : '',
      ]),
    ]),
  ])), h('p', { class: 'muted small' }, [ended ? 'final: the run has ended' : 'evaluated on the trace so far']));
}

const groupNames = ['A', 'B', 'C', 'D'];

export class NetworkPanel {
  /** @param {HTMLElement} host @param {(cmd: object) => Promise<any>} command */
  constructor(host, command) {
    this.host = host;
    this.command = command;
    /** @type {Map<string, number>} actor → group index */
    this.assign = new Map();
    this.actorsKey = '';
    this.chips = h('div', { class: 'chips' });
    this.loss = h('input', { type: 'range', min: 0, max: 100, step: 1, value: 0, 'data-testid': 'loss' });
    this.delayMin = h('input', { type: 'range', min: 0, max: 500, step: 1, value: 1, 'data-testid': 'delay-min' });
    this.delayMax = h('input', { type: 'range', min: 0, max: 2000, step: 1, value: 20, 'data-testid': 'delay-max' });
    this.lossLabel = h('span', { class: 'value' });
    this.delayLabel = h('span', { class: 'value' });
    this.status = h('div', { class: 'net-status muted' });
    const slider = (label, input, valueLabel) => h('label', { class: 'slider' }, [h('span', {}, [label]), input, valueLabel]);
    this.loss.addEventListener('input', () => (this.lossLabel.textContent = `${this.loss.value}%`));
    this.loss.addEventListener('change', () => void this.command({ op: 'loss', probability: Number(this.loss.value) / 100 }));
    const sendDelay = () => {
      const min = Number(this.delayMin.value), max = Math.max(min, Number(this.delayMax.value));
      void this.command({ op: 'delay', delayMsMin: min, delayMsMax: max });
    };
    const showDelay = () => (this.delayLabel.textContent = `${this.delayMin.value}–${Math.max(Number(this.delayMin.value), Number(this.delayMax.value))} ms`);
    for (const input of [this.delayMin, this.delayMax]) input.addEventListener('input', showDelay), input.addEventListener('change', sendDelay);
    this.editing = 0;
    for (const input of [this.loss, this.delayMin, this.delayMax]) {
      input.addEventListener('pointerdown', () => (this.editing = performance.now()));
    }
    host.replaceChildren(
      h('div', { class: 'muted small' }, ['Click actors to put them in groups A–D, then partition. Actors left out form one more group.']),
      this.chips,
      h('div', { class: 'button-row' }, [
        h('button', { 'data-testid': 'partition', onclick: () => this.partition() }, ['Partition']),
        h('button', { 'data-testid': 'heal', onclick: () => this.command({ op: 'heal' }) }, ['Heal']),
        h('button', { class: 'small', onclick: () => { this.assign.clear(); this.actorsKey = ''; } }, ['clear']),
      ]),
      slider('loss', this.loss, this.lossLabel),
      slider('delay min', this.delayMin, h('span')),
      slider('delay max', this.delayMax, this.delayLabel),
      this.status,
    );
  }

  partition() {
    const groups = groupNames.map((_, i) => [...this.assign].filter(([, g]) => g === i).map(([id]) => id)).filter((g) => g.length > 0);
    if (groups.length === 0) return;
    void this.command({ op: 'partition', groups });
  }

  render(model) {
    const ids = [...model.actors.keys()];
    const key = ids.join(',') + JSON.stringify([...this.assign]);
    if (key !== this.actorsKey) {
      this.actorsKey = key;
      this.chips.replaceChildren(...ids.map((id) => {
        const g = this.assign.get(id);
        return h('button', { class: `chip ${g === undefined ? '' : `group-${g}`}`, 'data-chip': id, onclick: () => {
          const next = g === undefined ? 0 : g + 1;
          if (next >= groupNames.length) this.assign.delete(id); else this.assign.set(id, next);
          this.render(model);
        } }, [id, g === undefined ? '' : h('b', {}, [` ${groupNames[g]}`])]);
      }));
    }
    // Do not move a slider under the user's hand.
    if (performance.now() - this.editing > 1500) {
      this.loss.value = String(Math.round(model.network.lossProbability * 100));
      this.delayMin.value = String(model.network.delayMsMin);
      this.delayMax.value = String(model.network.delayMsMax);
      this.lossLabel.textContent = `${this.loss.value}%`;
      this.delayLabel.textContent = `${model.network.delayMsMin}–${model.network.delayMsMax} ms`;
    }
    this.status.textContent = model.groups.length
      ? `partitioned: ${model.groups.map((g) => `[${g.join(' ')}]`).join(' | ')}${model.cuts.length ? ` · ${model.cuts.length} one-way cuts` : ''}`
      : model.cuts.length ? `${model.cuts.length} one-way cuts` : 'connected';
  }
}
