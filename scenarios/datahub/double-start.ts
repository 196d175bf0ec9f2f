import { defineScenario, type Check } from '../../src/runtime/index.ts';
import { datahubChecks } from '../../src/actors/datahub/index.ts';
import { click, hubActors, operatorActor, piActors, readerActor } from './system.ts';

const source = 'pi-1.eeg';

/** The repeated clicks were ignored, the others took effect, and frames stopped while stopped. */
const clicksAreIdempotent: Check = {
  name: 'a second START or STOP is ignored; stopped means no frames',
  check(view) {
    const effects = view.facts('datahub.control').filter((f) => f.actor === source).map((f) => (f.value as { effect: string }).effect);
    const expected = ['ignored', 'stopped', 'ignored', 'started', 'ignored'];
    if (JSON.stringify(effects) !== JSON.stringify(expected)) return { ok: false, detail: `effects ${effects.join(', ')}; expected ${expected.join(', ')}` };
    const framesWhileStopped = view.records.filter((r) => r.kind === 'send' && r.actor === source && r.event.type === 'FRAME' && r.t > 4_050 && r.t < 6_000);
    if (framesWhileStopped.length > 0) return { ok: false, detail: `${framesWhileStopped.length} frames sent while stopped`, atMs: framesWhileStopped[0]!.t };
    return { ok: true, detail: `effects ${effects.join(', ')}` };
  },
};

export default defineScenario({
  name: 'datahub/double-start',
  description: 'A person clicks START on a running EEG stream, STOP twice, then START twice 10 ms apart: never two streams',
  durationMs: 8_000,
  actors: [
    ...hubActors(1),
    ...piActors('pi-1', ['eeg']),
    readerActor('eeg-reader', source),
    operatorActor('browser', [click(2_000, source, 'START'), click(4_000, source, 'STOP'), click(4_500, source, 'STOP'), click(6_000, source, 'START'), click(6_010, source, 'START')]),
  ],
  network: { delayMsMin: 1, delayMsMax: 10, ordered: true },
  checks: [...datahubChecks, clicksAreIdempotent],
});
