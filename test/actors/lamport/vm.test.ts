/**
 * The Lamport VM machine in isolation, on the testing kit: a test actor with a virtual
 * clock (advanced one deadline at a time) and a seed; its outbox holds what it sent and
 * the facts it logged.
 */
import { describe, expect, it } from 'vitest';
import { lamportVm, type LamportLogEntry, type LamportVmInput } from '../../../src/actors/lamport/index.ts';
import { createRng, randomInt } from '../../../src/runtime/index.ts';
import { createTestActor, expectFullCoverage, type TestActor } from '../../../src/testing/index.ts';

const tested: TestActor[] = [];

function startVm(input: Partial<LamportVmInput> & { seed: number }) {
  const { seed, ...rest } = input;
  const actor = createTestActor(lamportVm, { id: 'vm-1', seed, input: { peers: ['vm-2', 'vm-3'], ...rest } });
  tested.push(actor);
  const logs = () => actor.outbox.facts.filter((fact) => fact.name === 'lamport.log').map((fact) => fact.value as LamportLogEntry);
  /** Fires the next tick; returns its time and what it sent. */
  const tick = () => {
    const sendsBefore = actor.outbox.sends.length;
    const atMs = actor.advanceToNext();
    if (atMs === undefined) throw new Error('no tick pending');
    return { atMs, sends: actor.outbox.sends.slice(sendsBefore) };
  };
  const message = (from: string, sentClock: number) => actor.send({ type: 'MESSAGE', clock: sentClock }, from);
  return { actor, logs, tick, message };
}

describe('lamport VM: rate', () => {
  it('draws 1..6 ticks per second from the seed, the same for the same seed, and ticks at that rate', () => {
    const rates = new Set<number>();
    for (let seed = 1; seed <= 40; seed++) {
      const vm = startVm({ seed });
      const rate = vm.actor.lastFact('lamport.rate') as number;
      expect(Number.isInteger(rate) && rate >= 1 && rate <= 6).toBe(true);
      expect(startVm({ seed }).actor.lastFact('lamport.rate')).toBe(rate);
      expect(vm.actor.context.ticksPerSecond).toBe(rate);
      expect(vm.tick().atMs).toBeCloseTo(1000 / rate, 9);
      expect(vm.tick().atMs).toBeCloseTo(2000 / rate, 9);
      rates.add(rate);
    }
    expect(rates.size).toBeGreaterThanOrEqual(5);
  });

  it('uses ticksPerSecond when given', () => {
    const vm = startVm({ seed: 1, ticksPerSecond: 4 });
    expect(vm.actor.outbox).toEqual({ sends: [], facts: [{ t: 0, name: 'lamport.rate', value: 4 }], spawns: [], persists: [] });
    expect([vm.tick().atMs, vm.tick().atMs, vm.tick().atMs]).toEqual([250, 500, 750]);
    expect(vm.actor.pendingCount).toBe(1);
  });
});

describe('lamport VM: receiving', () => {
  it('takes a queued message on the next tick with clock max(local, received) + 1, one per tick in arrival order', () => {
    const vm = startVm({ seed: 3, ticksPerSecond: 2, internalEventMax: 1e9 });
    vm.message('vm-2', 41);
    expect(vm.logs()).toEqual([]); // queued, not yet received
    const first = vm.tick();
    expect(first.atMs).toBe(500);
    expect(vm.logs()).toEqual([{ event: 'receive', clock: 42, queueLength: 0, from: 'vm-2', sentClock: 41 }]);
    expect(first.sends).toEqual([]);
    // Two internal ticks: 43, 44. Then a message from the past: max(44, 3) + 1.
    vm.tick();
    vm.tick();
    vm.message('vm-3', 3);
    vm.message('vm-2', 50);
    vm.tick();
    vm.tick();
    expect(vm.logs().map((l) => [l.event, l.clock, l.from, l.queueLength])).toEqual([
      ['receive', 42, 'vm-2', 0], ['internal', 43, undefined, 0], ['internal', 44, undefined, 0],
      ['receive', 45, 'vm-3', 1], ['receive', 51, 'vm-2', 0],
    ]);
  });

  it('a message arriving between ticks neither resets nor delays the tick timer', () => {
    const vm = startVm({ seed: 1, ticksPerSecond: 1, internalEventMax: 1e9 });
    expect(vm.actor.advance(400)).toBe(0); // the message arrives at 400 ms
    vm.message('vm-2', 7);
    expect(vm.actor.nextDueMs).toBe(1000);
    expect(vm.tick().atMs).toBe(1000);
    expect(vm.logs()).toEqual([{ event: 'receive', clock: 8, queueLength: 0, from: 'vm-2', sentClock: 7 }]);
  });
});

describe('lamport VM: rolls', () => {
  it('with internalEventMax 3 every tick sends: roll 1 to peers[0], 2 to peers[1], 3 to both, carrying the new clock', () => {
    const seed = 11;
    const vm = startVm({ seed, ticksPerSecond: 5, internalEventMax: 3 });
    // The rate is given, so the rolls are the seed's first draws.
    let rng = createRng(seed);
    const seen = new Set<number>();
    for (let i = 1; i <= 30; i++) {
      let roll: number;
      [roll, rng] = randomInt(rng, 1, 3);
      seen.add(roll);
      const expectedTo = roll === 1 ? ['vm-2'] : roll === 2 ? ['vm-3'] : ['vm-2', 'vm-3'];
      const { sends } = vm.tick();
      expect(sends.map((s) => s.to)).toEqual(expectedTo);
      for (const send of sends) expect(send.event).toEqual({ type: 'MESSAGE', clock: i });
      expect(vm.logs().at(-1)).toEqual({ event: 'send', clock: i, queueLength: 0, to: expectedTo });
    }
    expect([...seen].sort()).toEqual([1, 2, 3]);
  });

  it('with a huge internalEventMax every tick is an internal event that only advances the clock', () => {
    const vm = startVm({ seed: 5, ticksPerSecond: 6, internalEventMax: 1e9 });
    for (let i = 0; i < 30; i++) vm.tick();
    expect(vm.actor.outbox.sends).toEqual([]);
    expect(vm.logs().map((l) => l.event)).toEqual(Array(30).fill('internal'));
    expect(vm.logs().map((l) => l.clock)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('is a pure function of the seed: two VMs with the same seed emit the same sequence', () => {
    const run = (seed: number) => {
      const vm = startVm({ seed });
      for (let i = 0; i < 20; i++) vm.tick();
      return JSON.stringify(vm.actor.outbox);
    };
    expect(run(21)).toBe(run(21));
    expect(run(21)).not.toBe(run(22));
  });
});

describe('lamport VM: queue limit', () => {
  it('drops a message past queueLengthMax and logs an overflow; the queued ones are still received', () => {
    const vm = startVm({ seed: 2, ticksPerSecond: 1, internalEventMax: 1e9, queueLengthMax: 2 });
    vm.message('vm-2', 10);
    vm.message('vm-3', 20);
    vm.message('vm-2', 30);
    expect(vm.logs()).toEqual([{ event: 'overflow', clock: 0, queueLength: 2, from: 'vm-2', sentClock: 30 }]);
    expect(vm.actor.context.queue).toEqual([{ from: 'vm-2', clock: 10 }, { from: 'vm-3', clock: 20 }]);
    vm.tick();
    vm.tick();
    vm.tick();
    expect(vm.logs().slice(1).map((l) => [l.event, l.clock, l.sentClock])).toEqual([['receive', 11, 10], ['receive', 21, 20], ['internal', 22, undefined]]);
  });
});

describe('lamport VM: coverage', () => {
  it('the tests above reach every state and transition of the VM', () => {
    const report = expectFullCoverage(lamportVm, tested);
    expect(report.states.covered).toEqual(['lamport-vm.running']);
    expect(report.transitions.covered.sort()).toEqual(['lamport-vm|MESSAGE|', 'lamport-vm|TICK|']);
  });
});
