import { defineScenario } from '../../src/runtime/index.ts';
import { chatChecks } from '../../src/actors/chat/index.ts';
import { chatActors, chatTemplates, currentLeader, defaultChatParams } from './system.ts';

export default defineScenario({
  name: 'chat/two-crashes',
  description: 'The leader crashes at 3 s, its successor at 7 s; both stay down: two failures, repaired one after the other',
  durationMs: 12_000,
  params: { ...defaultChatParams, opsMax: 50 },
  actors: ({ params }) => chatActors(params),
  templates: chatTemplates,
  network: { delayMsMin: 5, delayMsMax: 15 },
  faults: [
    { atMs: 3_000, action: 'crash', targets: currentLeader },
    { atMs: 7_000, action: 'crash', targets: currentLeader },
  ],
  checks: chatChecks(),
});
