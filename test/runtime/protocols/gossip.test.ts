import { describe, expect, it } from 'vitest';
import { gossipMachine, mergeEntries, newer } from '../../../src/runtime/protocols/index.ts';
import { createTestActor, createTestNetwork, expectFullCoverage, fakePeer, type TestActor, type TestNetwork } from '../../../src/testing/index.ts';

/** Every actor of every test, for the coverage test at the end. */
const tested: TestActor[] = [];

function cluster(n: number, route?: (i: number) => number) {
  const net = createTestNetwork({ delayMs: 5 });
  let count = 0;
  if (route !== undefined) net.route = () => route(++count);
  const ids = Array.from({ length: n }, (_, i) => `n${i + 1}`);
  for (const [i, id] of ids.entries()) net.add(id, gossipMachine, { seed: i + 1, input: { self: id, peers: ids.filter((peer) => peer !== id), fanout: 2, intervalMs: 500, reportKeys: ['bpm'] } });
  tested.push(...net.actors);
  return { net, ids };
}

/** Rounds until every node reports `bpm` at `version`, or undefined. */
function roundsToConverge(net: TestNetwork, ids: string[], version: number, fromMs: number, roundsMax = 40): number | undefined {
  for (let round = 1; round <= roundsMax; round++) {
    net.advanceTo(fromMs + round * 500);
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
    net.advanceTo(100);
    net.actor('n1').send({ type: 'gossip.put', key: 'bpm', value: 72 });
    const rounds = roundsToConverge(net, ids, 1, 100);
    expect(rounds).toBeDefined();
    expect(rounds!).toBeLessThanOrEqual(8);
  });

  it('under 20% loss and duplication every node still converges on the newest version', () => {
    // Every fifth message lost, every seventh doubled.
    const { net, ids } = cluster(12, (i) => (i % 5 === 0 ? 0 : i % 7 === 0 ? 2 : 1));
    net.advanceTo(100);
    net.actor('n3').send({ type: 'gossip.put', key: 'bpm', value: 72 });
    net.advanceTo(600);
    net.actor('n9').send({ type: 'gossip.put', key: 'bpm', value: 96, version: 5 });
    expect(roundsToConverge(net, ids, 5, 600)).toBeDefined();
    const values = ids.map((id) => (net.actor(id).context).gossip.entries.bpm.value);
    expect(new Set(values)).toEqual(new Set([96]));
  });

  it('excluded (suspected) peers are not gossiped to while others remain', () => {
    const { net } = cluster(3);
    net.actor('n1').send({ type: 'gossip.exclude', peer: 'n2' });
    net.advanceTo(3000);
    expect(net.sent.filter((m) => m.from === 'n1' && m.to === 'n2' && m.event.type === 'gossip.PUSH')).toHaveLength(0);
    net.actor('n1').send({ type: 'gossip.include', peer: 'n2' });
    net.advanceTo(6000);
    expect(net.sent.filter((m) => m.from === 'n1' && m.to === 'n2' && m.event.type === 'gossip.PUSH').length).toBeGreaterThan(0);
  });

  it('one node against a fake peer: a PULL or a put that brings nothing newer changes nothing', () => {
    // n2 answers every PUSH with a PULL of what it was pushed: nothing newer.
    const n2 = fakePeer({ 'gossip.PUSH': (event) => ({ type: 'gossip.PULL', entries: event.entries }) });
    const node = createTestActor(gossipMachine, { id: 'n1', seed: 1, input: { self: 'n1', peers: ['n2'], fanout: 1, intervalMs: 500, reportKeys: ['bpm'] }, peers: { n2 } });
    tested.push(node);
    node.send({ type: 'gossip.put', key: 'bpm', value: 72 });
    node.expectState({ running: 'spreading' });
    node.advance(501); // the round at 500 pushes to n2; its PULL arrives at 501
    expect(n2.received.map(({ t, event }) => [t, event.type])).toEqual([[500, 'gossip.PUSH']]);
    node.expectState({ running: 'idle' });
    node.send({ type: 'gossip.put', key: 'bpm', value: 60, version: 1 }); // not newer than version 1 from n1
    node.expectState({ running: 'idle' });
    expect(node.context.gossip.entries.bpm).toEqual({ version: 1, value: 72, origin: 'n1' });
    expect(node.outbox.facts.filter((fact) => fact.name === 'gossip.version')).toEqual([{ t: 0, name: 'gossip.version', value: { key: 'bpm', version: 1 } }]);
  });

  it('the tests above reach every state and transition of the machine', () => {
    const report = expectFullCoverage(gossipMachine, tested);
    expect([report.states.total, report.transitions.total]).toEqual([3, 12]);
  });
});
