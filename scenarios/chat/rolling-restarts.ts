import { defineScenario } from '../../src/runtime/index.ts';
import { chatChecks } from '../../src/actors/chat/index.ts';
import { chatActors, chatTemplates, defaultChatParams } from './system.ts';

export default defineScenario({
  name: 'chat/rolling-restarts',
  description: 'Every server crashes in turn (2 s, 4.5 s, 7 s) and restarts from scratch 0.5 s later, recovering from its store',
  durationMs: 11_000,
  params: { ...defaultChatParams, opsMax: 45 },
  actors: ({ params }) => chatActors(params),
  templates: chatTemplates,
  network: { delayMsMin: 5, delayMsMax: 15 },
  faults: [
    { atMs: 2_000, action: 'crash', targets: 'server-1', restartAfterMs: 500 },
    { atMs: 4_500, action: 'crash', targets: 'server-2', restartAfterMs: 500 },
    { atMs: 7_000, action: 'crash', targets: 'server-3', restartAfterMs: 500 },
  ],
  checks: chatChecks(),
});
