import { describe, expect, it } from 'vitest';
import { getShortestPaths } from '@xstate/graph';
import { detectorMachine } from '../../../src/runtime/protocols/index.ts';
import { VirtualNet } from './virtualNet.ts';

const visited = new Set<string>();

function trio() {
  const net = new VirtualNet(5);
  const ids = ['a', 'b', 'c'];
  for (const [i, id] of ids.entries()) net.add(id, detectorMachine, { peers: ids.filter((peer) => peer !== id), seed: i + 1, intervalMs: 500, timeoutMsMin: 2000, timeoutMsMax: 3000 });
  return net;
}

const suspectsOf = (net: VirtualNet, id: string) => (net.latest('suspects').get(id) as string[] | undefined) ?? [];

describe('heartbeat failure detector', () => {
  it('live peers are never suspected', () => {
    const net = trio();
    net.runUntil(20_000);
    expect(net.facts.filter((fact) => fact.name === 'suspects')).toHaveLength(0);
  });

  it('a crashed peer is suspected within timeout + one interval, and not before timeout - one interval', () => {
    const net = trio();
    net.runUntil(5000);
    net.crash('c');
    net.runUntil(5000 + 2000 - 500 - 100);
    expect(suspectsOf(net, 'a')).toEqual([]);
    net.runUntil(5000 + 3000 + 500 + 10);
    expect(suspectsOf(net, 'a')).toEqual(['c']);
    expect(suspectsOf(net, 'b')).toEqual(['c']);
    for (const states of net.states.values()) for (const state of states) visited.add(state);
  });

  it('a suspected peer that speaks again is alive again', () => {
    const net = trio();
    net.runUntil(1000);
    net.route = (message) => (message.from === 'c' ? 0 : 1); // c's heartbeats are lost
    net.runUntil(6000);
    expect(suspectsOf(net, 'a')).toEqual(['c']);
    net.route = () => 1;
    net.runUntil(7000);
    expect(suspectsOf(net, 'a')).toEqual([]);
    for (const states of net.states.values()) for (const state of states) visited.add(state);
  });

  it('duplicated heartbeats change nothing', () => {
    const net = trio();
    net.route = () => 2;
    net.runUntil(10_000);
    expect(net.facts.filter((fact) => fact.name === 'suspects')).toHaveLength(0);
  });

  it('nodes draw different timeouts and tick phases from their seeds', () => {
    const net = trio();
    const contexts = ['a', 'b', 'c'].map((id) => (net.actors.get(id)!.getSnapshot().context as any).fd);
    expect(new Set(contexts.map((fd) => `${fd.timeoutMs}/${fd.phaseMs}`)).size).toBe(3);
  });

  it('every state is reachable (graph) and reached by a test above', () => {
    const paths = getShortestPaths(detectorMachine, {
      input: { peers: ['b'], seed: 1, intervalMs: 500, timeoutMsMin: 500, timeoutMsMax: 500 },
      events: [
        { type: 'fd.HEARTBEAT', from: 'b' },
        { type: 'xstate.after.fd.phase.detector.starting' },
        { type: 'xstate.after.fd.interval.detector.watching' },
      ] as any[],
      serializeState: (snapshot: any) => JSON.stringify(snapshot.value),
    });
    const reachable = new Set(paths.map((path) => JSON.stringify(path.state.value)));
    const all = ['"starting"', JSON.stringify({ watching: 'trusting' }), JSON.stringify({ watching: 'suspecting' })];
    expect([...reachable].sort()).toEqual([...all].sort());
    for (const state of all) expect(visited).toContain(state);
  });
});
