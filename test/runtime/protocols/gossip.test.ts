import { describe, expect, it } from 'vitest';
import { getShortestPaths } from '@xstate/graph';
import { gossipMachine, mergeEntries, newer } from '../../../src/runtime/protocols/index.ts';
import { VirtualNet } from './virtualNet.ts';

const visited = new Set<string>();

function cluster(n: number, route?: (i: number) => number) {
  const net = new VirtualNet(5);
  let count = 0;
  if (route !== undefined) net.route = () => route(++count);
  const ids = Array.from({ length: n }, (_, i) => `n${i + 1}`);
  for (const [i, id] of ids.entries()) net.add(id, gossipMachine, { self: id, peers: ids.filter((peer) => peer !== id), seed: i + 1, fanout: 2, intervalMs: 500, reportKeys: ['bpm'] });
  return { net, ids };
}

/** Rounds until every node reports `bpm` at `version`, or undefined. */
function roundsToConverge(net: VirtualNet, ids: string[], version: number, fromMs: number, roundsMax = 40): number | undefined {
  for (let round = 1; round <= roundsMax; round++) {
    net.runUntil(fromMs + round * 500);
    const have = ids.filter((id) => net.facts.some((fact) => fact.actor === id && fact.name === 'gossip.version' && (fact.value as { version: number }).version >= version));
    if (have.length === ids.length) return round;
  }
  return undefined;
}

describe('push-pull gossip', () => {
  it('merge: higher version wins, then higher origin; stale and duplicate entries change nothing', () => {
    const a = { version: 2, value: 80, origin: 'pi' };
    expect(newer(a, { version: 1, value: 72, origin: 'pi' })).toBe(true);
    expect(newer({ version: 2, value: 81, origin: 'z' }, a)).toBe(true);
    expect(newer(a, a)).toBe(false);
    const { entries, changed } = mergeEntries({ bpm: a }, { bpm: { version: 1, value: 1, origin: 'pi' } });
    expect(changed).toEqual([]);
    expect(entries.bpm).toBe(a);
  });

  it('an update reaches all 12 nodes in a few rounds (about log2 12)', () => {
    const { net, ids } = cluster(12);
    net.runUntil(100);
    net.actors.get('n1')!.send({ type: 'gossip.put', key: 'bpm', value: 72 });
    const rounds = roundsToConverge(net, ids, 1, 100);
    expect(rounds).toBeDefined();
    expect(rounds!).toBeLessThanOrEqual(8);
    for (const states of net.states.values()) for (const state of states) visited.add(state);
  });

  it('under 20% loss and duplication every node still converges on the newest version', () => {
    // Every fifth message lost, every seventh doubled.
    const { net, ids } = cluster(12, (i) => (i % 5 === 0 ? 0 : i % 7 === 0 ? 2 : 1));
    net.runUntil(100);
    net.actors.get('n3')!.send({ type: 'gossip.put', key: 'bpm', value: 72 });
    net.runUntil(600);
    net.actors.get('n9')!.send({ type: 'gossip.put', key: 'bpm', value: 96, version: 5 });
    expect(roundsToConverge(net, ids, 5, 600)).toBeDefined();
    const values = ids.map((id) => (net.actors.get(id)!.getSnapshot().context as any).gossip.entries.bpm.value);
    expect(new Set(values)).toEqual(new Set([96]));
  });

  it('excluded (suspected) peers are not gossiped to while others remain', () => {
    const { net } = cluster(3);
    net.actors.get('n1')!.send({ type: 'gossip.exclude', peer: 'n2' });
    net.runUntil(3000);
    expect(net.sent.filter((m) => m.from === 'n1' && m.to === 'n2' && m.event.type === 'gossip.PUSH')).toHaveLength(0);
    net.actors.get('n1')!.send({ type: 'gossip.include', peer: 'n2' });
    net.runUntil(6000);
    expect(net.sent.filter((m) => m.from === 'n1' && m.to === 'n2' && m.event.type === 'gossip.PUSH').length).toBeGreaterThan(0);
  });

  it('every state is reachable (graph) and reached by a test above', () => {
    const paths = getShortestPaths(gossipMachine, {
      input: { self: 'n1', peers: ['n2'], seed: 1 },
      events: [
        { type: 'gossip.put', key: 'bpm', value: 1 },
        { type: 'gossip.PUSH', entries: {}, from: 'n2' },
        { type: 'xstate.after.gossip.interval.gossip.running' },
      ] as any[],
      serializeState: (snapshot: any) => JSON.stringify(snapshot.value),
    });
    const reachable = new Set(paths.map((path) => JSON.stringify(path.state.value)));
    const all = [JSON.stringify({ running: 'idle' }), JSON.stringify({ running: 'spreading' })];
    expect([...reachable].sort()).toEqual(all.sort());
    for (const state of all) expect(visited).toContain(state);
  });
});
