import { describe, expect, it } from 'vitest';
import { emptyCalls, pressHall } from '../../../src/actors/elevator/calls.ts';
import { initialContext } from '../../../src/actors/elevator/controllerLogic.ts';
import { heartbeatOf, lightsOf, receiveHeartbeat, tick, type NetState } from '../../../src/actors/elevator/worldView.ts';

const ids = ['elevator-1', 'elevator-2', 'elevator-3'];
const timing = { travelMsPerFloor: 2000, doorOpenMs: 3000 };

function net(id: string, change: Partial<NetState> = {}): NetState {
  const base = initialContext({ seed: 1, id, ids, floors: 4, car: 'car', disk: 'disks' }).net;
  return { ...base, status: { behaviour: 'idle', floor: 0, direction: 'stop', available: true }, ...change };
}

function ticks(state: NetState, n: number): NetState {
  for (let i = 0; i < n; i++) state = tick(state, timing);
  return state;
}

describe('world view roles', () => {
  it('a lone controller becomes a primary of one after listening for a whole timeout', () => {
    const lone = ticks(net('elevator-2'), 10);
    expect(lone.role).toBe('backup');
    expect(ticks(lone, 1).role).toBe('primary');
  });

  it('a backup follows the primary it hears and adopts its newer view', () => {
    const primary = ticks(net('elevator-1', { role: 'primary', primary: 'elevator-1', version: 7 }), 1);
    const backup = receiveHeartbeat(net('elevator-2'), 'elevator-1', heartbeatOf(primary));
    expect(backup.primary).toBe('elevator-1');
    expect(backup.version).toBe(primary.version);
    expect(backup.assignment).toEqual(primary.assignment);
  });

  it('when the primary is silent, the backup with the latest view takes over (ties: lowest id)', () => {
    // elevator-1, the primary, was never heard (silent); the backups hear each other.
    const hearEachOther = (a: NetState, b: NetState): [NetState, NetState] => [
      receiveHeartbeat(a, b.id, heartbeatOf(b)),
      receiveHeartbeat(b, a.id, heartbeatOf(a)),
    ];
    const [tieTwo, tieThree] = hearEachOther(net('elevator-2', { primary: 'elevator-1', version: 6, ticks: 20 }), net('elevator-3', { primary: 'elevator-1', version: 6, ticks: 20 }));
    expect(tick(tieTwo, timing).role).toBe('primary');
    expect(tick(tieThree, timing).role).toBe('backup');
    const [oldTwo, newThree] = hearEachOther(net('elevator-2', { primary: 'elevator-1', version: 5, ticks: 20 }), net('elevator-3', { primary: 'elevator-1', version: 6, ticks: 20 }));
    expect(tick(oldTwo, timing).role).toBe('backup');
    expect(tick(newThree, timing).role).toBe('primary');
    expect(tick(newThree, timing).version).toBeGreaterThan(6);
  });

  it('of two primaries that meet, the older view steps down, keeping every call', () => {
    const calls = pressHall(emptyCalls(3, 4), 3, 1, 0);
    const older = net('elevator-1', { role: 'primary', primary: 'elevator-1', version: 3, calls });
    const newer = net('elevator-2', { role: 'primary', primary: 'elevator-2', version: 9 });
    const merged = receiveHeartbeat(older, 'elevator-2', heartbeatOf(newer));
    expect(merged.role).toBe('backup');
    expect(merged.primary).toBe('elevator-2');
    expect(receiveHeartbeat(newer, 'elevator-1', heartbeatOf(older)).role).toBe('primary');
    expect(receiveHeartbeat(newer, 'elevator-1', heartbeatOf(older)).calls.hall[3]![1]!.p[0]).toBe(1);
    // Equal versions: the higher id steps down.
    const same = net('elevator-3', { role: 'primary', primary: 'elevator-3', version: 9 });
    expect(receiveHeartbeat(same, 'elevator-2', heartbeatOf(newer)).role).toBe('backup');
  });

  it('regression (random-faults seed 22): a primary that restarts as a backup is no longer followed', () => {
    const follower = net('elevator-2', { primary: 'elevator-1', version: 5, ticks: 30 });
    const restarted = net('elevator-1'); // version 0: it lost its view
    const after = receiveHeartbeat(follower, 'elevator-1', heartbeatOf(restarted));
    expect(after.primary).toBeNull();
    expect(tick(after, timing).role).toBe('primary'); // the newer view wins over the restarted one's
  });
});

describe('hall lights', () => {
  it('turn on only when a live peer holds the call too, or, alone, once it is on disk', () => {
    const calls = pressHall(emptyCalls(3, 4), 1, 0, 0);
    const alone = ticks(net('elevator-1', { calls }), 11);
    expect(lightsOf(alone, emptyCalls(3, 4)).hall[1]).toEqual([false, false]);
    expect(lightsOf(alone, calls).hall[1]).toEqual([true, false]);
    const peer = net('elevator-2', { calls });
    const paired = receiveHeartbeat(net('elevator-1', { calls }), 'elevator-2', heartbeatOf(peer));
    expect(lightsOf(paired, emptyCalls(3, 4)).hall[1]).toEqual([true, false]);
    const unaware = receiveHeartbeat(net('elevator-1', { calls }), 'elevator-2', heartbeatOf(net('elevator-2')));
    expect(lightsOf(unaware, calls).hall[1]).toEqual([false, false]);
  });
});
