// @ts-check
/**
 * The chat system's view: a conversation panel per client (its sent messages with how far
 * each got: sent, acknowledged by the leader, delivered to the other user, failed; its
 * retries; the messages it received; its other operations), the servers with their roles
 * (leader, follower, candidate, crashed) and replication progress, and a summary of the
 * replicated state (accounts, messages sent, delivered, still in mailboxes, the commit
 * index).
 *
 * Where things come from (src/actors/chat/):
 * - clients log every operation as `chat.op` facts (phase `invoke`, then `ok` or `fail`)
 *   and every message they receive as a `chat.delivered` fact;
 * - the number of attempts of an operation is the number of C_REQ sends with its id (a
 *   retry reuses the id), redirects are C_REDIRECT sends;
 * - servers report `role`, `chat.leader` (their term), `chat.ack` (the log index of each
 *   operation they answered), `chat.spawn` and `chat.installed`; the leader's APPEND sends
 *   carry its commit index and the followers' APPEND_REPLY sends their match index.
 * Roles and up/crashed come from `api.model()` (exact even when records are thinned);
 * object facts and sends may be thinned at high rates, so counts are then lower bounds.
 *
 * A system view is one file `src/web/views/<system>.js` (see docs/ui.md).
 */

/** Items (messages and operations) kept per client panel; older ones are dropped. */
const itemsPerClientMax = 60;
/** Operations remembered per client to match replies, deliveries and retries; older ones are forgotten. */
const opsPerClientMax = 200;
/** Redraws per second at most. */
const framesPerSecondMax = 8;

const css = `
.chat-view { display: flex; flex-direction: column; gap: 5px; height: 100%; font-size: 12.5px; }
.chat-servers { display: flex; flex-wrap: wrap; gap: 5px; }
.chat-server { display: flex; gap: 6px; align-items: baseline; padding: 1px 9px; border-radius: 999px; border: 1px solid var(--line); background: var(--panel-2); white-space: nowrap; font-size: 12px; }
.chat-server b { font-weight: 700; }
.chat-server[data-role="leader"] { border-color: var(--amber); background: rgba(245, 184, 61, .12); }
.chat-server[data-role="leader"] .chat-role { color: var(--amber); }
.chat-server[data-role="follower"] .chat-role { color: var(--teal); }
.chat-server[data-role="candidate"] .chat-role { color: #a78bfa; }
.chat-server[data-status="crashed"] { border-color: #6d2a2d; background: #2a1416; color: #ffb4b6; }
.chat-server[data-status="crashed"] .chat-role { color: #ff8f93; }
.chat-server .muted { font-size: 11.5px; }
.chat-summary { color: var(--muted); font-size: 12px; font-variant-numeric: tabular-nums; display: flex; flex-wrap: wrap; gap: 0 11px; }
.chat-summary b { color: var(--text); font-weight: 600; }
.chat-clients { flex: 1; min-height: 0; display: grid; grid-auto-flow: column; grid-auto-columns: minmax(190px, 1fr); gap: 8px; overflow-x: auto; }
.chat-client { display: flex; flex-direction: column; min-height: 0; border: 1px solid var(--line); border-radius: 9px; background: #121720; }
.chat-client.crashed { border-color: #6d2a2d; }
.chat-client header { padding: 3px 9px; border-bottom: 1px solid var(--line); display: flex; flex-direction: column; gap: 1px; }
.chat-client header .chat-who { display: flex; justify-content: space-between; gap: 6px; }
.chat-client header b { font-size: 13px; }
.chat-client header .muted { font-size: 11px; font-variant-numeric: tabular-nums; }
.chat-log { flex: 1; min-height: 0; overflow-y: auto; padding: 6px 7px; display: flex; flex-direction: column; gap: 4px; }
.chat-bubble { max-width: 88%; padding: 4px 8px; border-radius: 10px; line-height: 1.3; word-break: break-word; }
.chat-bubble .chat-meta { display: block; font-size: 10.5px; color: var(--muted); font-variant-numeric: tabular-nums; }
.chat-bubble.out { align-self: flex-end; background: #1d3a6e; border-bottom-right-radius: 3px; }
.chat-bubble.out .chat-meta { color: #a9c2ee; text-align: right; }
.chat-bubble.in { align-self: flex-start; background: #232b39; border-bottom-left-radius: 3px; }
.chat-bubble.out[data-status="failed"], .chat-bubble.out[data-status="refused"] { background: #3a1517; }
.chat-tick.delivered { color: #7ee0a0; } .chat-tick.failed { color: #ff8f93; } .chat-retry { color: #f5c76a; }
.chat-op { align-self: center; font-size: 11px; color: var(--muted); text-align: center; }
.chat-op.failed { color: #ff8f93; }
`;

/** @param {string} tag @param {Record<string, string>} attrs @param {(Node | string)[]} children */
function h(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const child of children) node.append(child);
  return node;
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function newFold() {
  return {
    t: 0,
    /** @type {Map<string, ClientFold>} */
    clients: new Map(),
    /** @type {Map<string, { term?: number, commit?: number, match?: number, acked?: number, installed?: number }>} */
    servers: new Map(),
    /** Servers a leader spawned during a repair (they may not be in the first actor list). */
    spawned: new Set(),
    accounts: new Set(),
    totals: { sent: 0, acked: 0, delivered: 0, failed: 0, retries: 0, redirects: 0 },
    /** Highest log index any leader answered or committed. */
    commit: 0,
  };
}

/**
 * @typedef {{ id: string, account: string, items: any[], ops: Map<number, any>, fetches: number, acks: number,
 *   received: number, server?: string, version: number }} ClientFold
 */

/** @returns {ClientFold} */
function clientOf(fold, id) {
  let client = fold.clients.get(id);
  if (client === undefined) fold.clients.set(id, (client = { id, account: '', items: [], ops: new Map(), fetches: 0, acks: 0, received: 0, version: 0 }));
  return client;
}

function serverOf(fold, id) {
  let server = fold.servers.get(id);
  if (server === undefined) fold.servers.set(id, (server = {}));
  return server;
}

function push(client, item) {
  client.items.push(item);
  if (client.items.length > itemsPerClientMax) client.items.shift();
  client.version++;
}

function remember(client, opId, item) {
  client.ops.set(opId, item);
  if (client.ops.size > opsPerClientMax) client.ops.delete(client.ops.keys().next().value);
}

/** A client's operation: `invoke` opens it, `ok` / `fail` closes it. */
function foldOp(fold, r) {
  const v = r.value;
  const client = clientOf(fold, r.actor);
  const op = v.op ?? {};
  if (v.phase === 'invoke') {
    if (op.kind === 'fetch') return void client.fetches++;
    if (op.kind === 'ack') return void client.acks++;
    const item = { kind: op.kind, op, t: r.t, status: 'pending', attempts: 1 };
    if (op.kind === 'send') fold.totals.sent++;
    remember(client, v.opId, item);
    push(client, item);
    return;
  }
  const item = client.ops.get(v.opId);
  if (v.phase === 'fail') {
    fold.totals.failed++;
    if (item) item.status = 'failed';
  } else if (v.result?.ok) {
    if (item) item.status = item.status === 'delivered' ? 'delivered' : 'acked';
    if (item) item.result = v.result;
    if (op.kind === 'send') fold.totals.acked++;
    if (op.kind === 'create' || op.kind === 'login') {
      client.account = op.name;
      fold.accounts.add(op.name);
    }
    if (op.kind === 'delete') fold.accounts.delete(op.name);
  } else if (item) {
    item.status = 'refused';
    item.error = v.result?.error ?? 'refused';
  }
  client.version++;
}

/** A message received by a client: a bubble on its side, and the sender's bubble marked delivered. */
function foldDelivered(fold, r) {
  const v = r.value;
  const client = clientOf(fold, r.actor);
  client.received++;
  fold.totals.delivered++;
  push(client, { kind: 'received', from: v.from, text: v.text, t: r.t, msgId: v.msgId });
  const sender = fold.clients.get(v.fromClient);
  const sent = sender?.ops.get(v.opId);
  if (sender && sent) {
    sent.status = 'delivered';
    sent.deliveredMs = r.t;
    sender.version++;
  }
}

function foldSend(fold, r) {
  const e = r.event;
  if (e.type === 'C_REQ') {
    const client = clientOf(fold, r.actor);
    client.server = r.to;
    const item = client.ops.get(e.opId);
    if (item && r.t > item.t) {
      item.attempts++;
      fold.totals.retries++;
      client.version++;
    }
  } else if (e.type === 'C_REDIRECT') {
    fold.totals.redirects++;
  } else if (e.type === 'APPEND') {
    const server = serverOf(fold, r.actor);
    server.commit = Math.max(server.commit ?? 0, e.commit);
    fold.commit = Math.max(fold.commit, e.commit);
  } else if (e.type === 'APPEND_REPLY' && e.ok) {
    serverOf(fold, r.actor).match = e.match;
  }
}

function foldRecord(fold, r) {
  fold.t = Math.max(fold.t, r.t);
  if (r.kind === 'send' && r.event) return foldSend(fold, r);
  if (r.kind !== 'fact') return;
  switch (r.name) {
    case 'chat.op': return foldOp(fold, r);
    case 'chat.delivered': return foldDelivered(fold, r);
    case 'chat.refused': {
      const client = clientOf(fold, r.actor);
      return push(client, { kind: r.value.op?.kind ?? 'op', op: r.value.op ?? {}, t: r.t, status: 'refused', error: r.value.reason });
    }
    case 'chat.leader': serverOf(fold, r.actor).term = r.value.term?.[0]; return;
    case 'chat.ack': {
      const server = serverOf(fold, r.actor);
      server.acked = Math.max(server.acked ?? 0, r.value.index);
      server.term = r.value.term?.[0] ?? server.term;
      fold.commit = Math.max(fold.commit, r.value.index);
      return;
    }
    case 'chat.spawn': fold.spawned.add(r.value.id); return;
    case 'chat.installed': serverOf(fold, r.actor).installed = r.value.base; return;
  }
}

const isServer = (id, fold, model) => /^server-\d+$/.test(id) || fold.spawned.has(id) || ['leader', 'follower', 'candidate'].includes(model.actors.get(id)?.facts.role);

export default {
  title: 'Chat conversations',
  /**
   * @param {HTMLElement} host
   * @param {{ actors(): string[], colour(id: string): string, selected?(): string | undefined, model(): any }} api
   */
  create(host, api) {
    const servers = h('div', { class: 'chat-servers', 'data-testid': 'chat-servers' });
    const summary = h('div', { class: 'chat-summary', 'data-testid': 'chat-summary' });
    const clients = h('div', { class: 'chat-clients' });
    host.replaceChildren(h('style', {}, [css]), h('div', { class: 'chat-view', 'data-testid': 'chat-view' }, [servers, summary, clients]));
    let fold = newFold();
    /** @type {Map<string, { panel: HTMLElement, head: HTMLElement, log: HTMLElement, version: number }>} */
    let panels = new Map();
    let dirty = true;

    const draw = () => {
      if (!dirty) return;
      dirty = false;
      const model = api.model();
      const ids = api.actors();
      drawServers(servers, ids.filter((id) => isServer(id, fold, model)), model, fold);
      drawSummary(summary, fold);
      const clientIds = ids.filter((id) => /^(client|human)-/.test(id) || fold.clients.has(id));
      for (const id of clientIds) {
        let p = panels.get(id);
        if (p === undefined) {
          const head = h('header');
          const log = h('div', { class: 'chat-log' });
          const panel = h('div', { class: 'chat-client', 'data-client': id, 'data-testid': `chat-client-${id}` }, [head, log]);
          clients.append(panel);
          panels.set(id, (p = { panel, head, log, version: -1 }));
        }
        drawClient(p, id, model.actors.get(id), fold.clients.get(id));
      }
    };
    const timer = setInterval(draw, 1000 / framesPerSecondMax);
    // Snapshots change roles and statuses without records.
    const poll = setInterval(() => (dirty = true), 250);

    return {
      records(list) {
        for (const record of list) foldRecord(fold, record);
        dirty = true;
      },
      reset() {
        fold = newFold();
        panels = new Map();
        clients.replaceChildren();
        dirty = true;
      },
      destroy() {
        clearInterval(timer);
        clearInterval(poll);
      },
    };
  },
};

function drawServers(host, ids, model, fold) {
  host.replaceChildren(...ids.map((id) => {
    const actor = model.actors.get(id);
    const up = actor?.status === 'up';
    const role = up ? String(actor.facts.role ?? 'starting') : actor?.status === 'down' ? 'crashed' : actor?.status ?? 'not started';
    const s = fold.servers.get(id) ?? {};
    const detail = [];
    if (up && role === 'leader') {
      if (s.term !== undefined) detail.push(`term ${s.term}`);
      detail.push(`commit ${Math.max(s.commit ?? 0, s.acked ?? 0)}`);
    } else if (up && s.match !== undefined) detail.push(`matched ${s.match}`);
    if (actor?.restarts > 0) detail.push(`↻${actor.restarts}`);
    if (actor?.paused) detail.push('paused');
    const chip = h('span', { class: 'chat-server', 'data-server': id, 'data-role': up ? role : '', 'data-status': up ? 'up' : 'crashed' }, [
      h('b', {}, [id]), h('span', { class: 'chat-role' }, [role === 'leader' ? '♛ leader' : role]), h('span', { class: 'muted' }, [detail.join(' · ')]),
    ]);
    return chip;
  }));
}

function drawSummary(host, fold) {
  const t = fold.totals;
  const inMailboxes = Math.max(0, t.acked - t.delivered);
  const part = (label, value) => h('span', {}, [`${label} `, h('b', {}, [String(value)])]);
  host.replaceChildren(
    part('accounts', fold.accounts.size), part('sent', t.sent), part('acked', t.acked), part('delivered', t.delivered),
    part('in mailboxes', inMailboxes), part('failed', t.failed), part('retries', t.retries), part('redirects', t.redirects), part('commit', fold.commit),
  );
}

function drawClient(p, id, actor, c) {
  const up = actor?.status === 'up';
  p.panel.classList.toggle('crashed', actor !== undefined && !up);
  const state = !up ? (actor?.status === 'down' ? '✕ crashed' : actor?.status ?? '') : c?.server ? `→ ${c.server}` : '';
  p.head.replaceChildren(
    h('div', { class: 'chat-who' }, [h('b', {}, [c?.account || id]), h('span', { class: 'muted' }, [`${id} ${state}`])]),
    h('span', { class: 'muted', title: 'messages received, mailbox fetches (polls), acknowledgements sent' }, [`got ${c?.received ?? 0} · fetched ${c?.fetches ?? 0}× · acked ${c?.acks ?? 0}×`]),
  );
  if (c === undefined || c.version === p.version) return;
  p.version = c.version;
  const atBottom = p.log.scrollTop + p.log.clientHeight >= p.log.scrollHeight - 24;
  p.log.replaceChildren(...c.items.map(itemNode));
  if (atBottom) p.log.scrollTop = p.log.scrollHeight;
}

/** One item of a conversation: a bubble for messages, a small centred line for other operations. */
function itemNode(item) {
  if (item.kind === 'received') {
    return h('div', { class: 'chat-bubble in', 'data-kind': 'received' }, [item.text, h('span', { class: 'chat-meta' }, [`from ${item.from} · ${seconds(item.t)}`])]);
  }
  if (item.kind === 'send') {
    const retries = item.attempts > 1 ? h('span', { class: 'chat-retry', title: `${item.attempts} attempts` }, [` ↻${item.attempts - 1}`]) : '';
    const tick = { pending: '…', acked: '✓', delivered: '✓✓', failed: '✗ failed', refused: `✗ ${item.error ?? ''}` }[item.status] ?? '';
    return h('div', { class: 'chat-bubble out', 'data-kind': 'sent', 'data-status': item.status }, [
      item.op.text,
      h('span', { class: 'chat-meta' }, [`to ${item.op.to} · ${seconds(item.t)} `, h('span', { class: `chat-tick ${item.status}` }, [tick]), retries]),
    ]);
  }
  const op = item.op;
  const what = op.kind === 'create' ? `created ${op.name}` : op.kind === 'login' ? `logged in as ${op.name}` : op.kind === 'delete' ? `deleted ${op.name}`
    : op.kind === 'list' ? `listed ${op.pattern}${item.result?.names ? `: ${item.result.names.join(', ')}` : ''}` : op.kind;
  const outcome = item.status === 'pending' ? ' …' : item.status === 'failed' ? ' — failed' : item.status === 'refused' ? ` — ${item.error}` : '';
  const retries = item.attempts > 1 ? ` ↻${item.attempts - 1}` : '';
  return h('div', { class: `chat-op ${item.status === 'failed' || item.status === 'refused' ? 'failed' : ''}`, 'data-kind': op.kind }, [`${what}${outcome}${retries} · ${seconds(item.t)}`]);
}
