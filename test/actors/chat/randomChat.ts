/**
 * Random chat runs for the exploration test: a random workload (the seed drives every
 * client) under random faults within the two-failure bound: at most two failures, each
 * a leader crash, a follower crash, a crash with restart, or the leader cut off by a
 * partition (healed later), the second one late enough for the repair after the first;
 * plus some loss and duplication throughout.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { defineScenario, type ScheduledFault, type Scenario } from '../../../src/runtime/index.ts';
import { chatChecks } from '../../../src/actors/chat/index.ts';
import { chatActors, chatTemplates, currentLeader, defaultChatParams, isolateLeader } from '../../../scenarios/chat/system.ts';

export const randomRunMs = 4_500;

type FailureKind = 'leader-crash' | 'follower-crash' | 'crash-restart' | 'isolate-leader';
const kinds: FailureKind[] = ['leader-crash', 'follower-crash', 'crash-restart', 'isolate-leader'];

/** The faults of one random run, drawn from `seed`. */
export function randomFaults(seed: number): { faults: ScheduledFault[]; loss: number; duplicate: number } {
  const rng = xoroshiro128plus(seed);
  const draw = (min: number, max: number) => uniformInt(rng, min, max);
  const faults: ScheduledFault[] = [];
  const failures = draw(0, 2);
  let atMs = draw(600, 1_200);
  for (let i = 0; i < failures; i++) {
    const kind = kinds[draw(0, kinds.length - 1)]!;
    const follower = (view: { actors: readonly string[]; fact(a: string, n: string): unknown; isUp(a: string): boolean }) =>
      view.actors.filter((a) => view.isUp(a) && view.fact(a, 'role') === 'follower').slice(0, 1);
    if (kind === 'leader-crash') faults.push({ atMs, action: 'crash', targets: currentLeader });
    if (kind === 'follower-crash') faults.push({ atMs, action: 'crash', targets: follower });
    if (kind === 'crash-restart') faults.push({ atMs, action: 'crash', targets: draw(0, 1) === 0 ? currentLeader : follower, restartAfterMs: draw(100, 1_500) });
    if (kind === 'isolate-leader') {
      faults.push({ atMs, action: 'partition', groups: [isolateLeader] });
      faults.push({ atMs: atMs + draw(300, 1_200), action: 'heal' });
    }
    atMs += draw(2_400, 2_900); // failover plus repair after a failure takes ~2 s
  }
  return { faults, loss: draw(0, 8) / 100, duplicate: draw(0, 8) / 100 };
}

/** A random run's scenario. */
export function randomChatScenario(seed: number): Scenario<any> {
  const { faults, loss, duplicate } = randomFaults(seed);
  return defineScenario({
    name: `chat/random-${seed}`,
    description: 'random workload and faults within the two-failure bound',
    durationMs: randomRunMs,
    params: { ...defaultChatParams, opsMax: 16 },
    actors: ({ params }) => chatActors(params),
    templates: chatTemplates,
    network: { delayMsMin: 5, delayMsMax: 15, lossProbability: loss, duplicateProbability: duplicate },
    faults,
    // Lost sends are caught exactly by later fetches. The end-of-run rule must wait out two failovers and repairs
    // (~2.3 s each) plus a poll, so here it only covers sends acknowledged in the first 0.5 s.
    checks: chatChecks({ settleMs: 4_000 }),
  });
}
