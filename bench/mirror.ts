/**
 * Mirror figures, as JSON lines (never timed assertions):
 * - election after a leader crash, 12 bulbs: time from the crash to the new leader's
 *   COORDINATOR round and bully messages, best case (every detector already suspects the
 *   leader, the next highest starts) and worst case (the lowest starts, no one suspects
 *   yet), against the bully bounds (n-2 messages best, ~n^2 worst);
 * - gossip rounds to full convergence for 12 and 100 nodes, against log2 N;
 * - the same election measured in the full mirror scenario (with detection time).
 * Run: npx tsx bench/mirror.ts
 */
import { bullyMachine, gossipMachine } from '../src/runtime/protocols/index.ts';
import { runScenario } from '../src/runtime/index.ts';
import { createTestNetwork } from '../src/testing/index.ts';

const timing = { startupWaitMs: 20_000, okTimeoutMs: 300, coordinatorTimeoutMs: 1000 };

function election(n: number, starter: 'next-highest' | 'lowest', suspected: boolean) {
  const ids = Array.from({ length: n }, (_, i) => `n${i + 1}`);
  const rank = (id: string) => `r${id.slice(1).padStart(4, '0')}`;
  const net = createTestNetwork({ delayMs: 5 });
  for (const id of ids) net.add(id, bullyMachine, { input: { self: id, rank: rank(id), peers: ids.filter((p) => p !== id), ...timing } });
  net.advanceTo(100);
  const top = ids[n - 1]!;
  net.crash(top);
  if (suspected) for (const id of ids.slice(0, -1)) net.actor(id).send({ type: 'bully.down', peer: top });
  const startMs = net.nowMs;
  net.actor(starter === 'lowest' ? ids[0]! : ids[n - 2]!).send({ type: 'bully.start' });
  net.advanceTo(startMs + 10_000);
  const next = ids[n - 2]!;
  const agreed = net.facts.filter((f) => f.name === 'leader' && f.value === next);
  const doneMs = Math.max(...ids.slice(0, -1).map((id) => Math.max(...agreed.filter((f) => f.actor === id).map((f) => f.t))));
  const messages = net.sent.filter((m) => m.t >= startMs && m.event.type.startsWith('bully.'));
  return {
    figure: 'bully-election', n, starter, othersSuspectLeader: suspected,
    electionMs: Math.round(doneMs - startMs), messages: messages.length,
    byType: Object.fromEntries(['ELECTION', 'OK', 'COORDINATOR'].map((t) => [t, messages.filter((m) => m.event.type === `bully.${t}`).length])),
    boundBestMessages: n - 2, boundWorstMessagesApprox: n * n,
  };
}

function gossip(n: number, seed: number, lossEvery = 0) {
  const ids = Array.from({ length: n }, (_, i) => `n${i + 1}`);
  const net = createTestNetwork({ delayMs: 5 });
  let count = 0;
  if (lossEvery > 0) net.route = () => (++count % lossEvery === 0 ? 0 : 1);
  ids.forEach((id, i) => net.add(id, gossipMachine, { seed: seed * 1000 + i, input: { self: id, peers: ids.filter((p) => p !== id), fanout: 2, intervalMs: 500, reportKeys: ['bpm'] } }));
  net.advanceTo(250);
  net.actor(ids[0]!).send({ type: 'gossip.put', key: 'bpm', value: 72 });
  for (let round = 1; round <= 60; round++) {
    net.advanceTo(250 + round * 500);
    const have = new Set(net.facts.filter((f) => f.name === 'gossip.version').map((f) => f.actor));
    if (have.size === n) return round;
  }
  return undefined;
}

for (const [starter, suspected] of [['next-highest', true], ['lowest', false], ['lowest', true]] as const) console.log(JSON.stringify(election(12, starter, suspected)));

for (const n of [12, 100]) {
  for (const lossEvery of [0, 5]) {
    const rounds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((seed) => gossip(n, seed, lossEvery)!);
    console.log(JSON.stringify({ figure: 'gossip-rounds', n, fanout: 2, loss: lossEvery === 0 ? 0 : 1 / lossEvery, log2N: Math.round(Math.log2(n) * 100) / 100, roundsMin: Math.min(...rounds), roundsMax: Math.max(...rounds), roundsMean: rounds.reduce((a, b) => a + b, 0) / rounds.length }));
  }
}

for (const seed of [1, 2, 3]) {
  const result = await runScenario('scenarios/mirror/leader-crash.ts', { seed, host: 'inline' });
  const crash = result.records.find((r) => r.kind === 'crash')!;
  const leader = result.records.find((r) => r.kind === 'fact' && r.name === 'role' && r.value === 'leader' && r.t > crash.t);
  const bully = result.records.filter((r) => r.kind === 'send' && r.t > crash.t && (r.event.type as string).startsWith('bully.')).length;
  console.log(JSON.stringify({ figure: 'mirror-leader-crash', seed, newLeaderAfterCrashMs: leader === undefined ? null : Math.round(leader.t - crash.t), bullyMessagesAfterCrash: bully }));
}
