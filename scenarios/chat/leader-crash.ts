import { defineScenario } from '../../src/runtime/index.ts';
import { chatChecks } from '../../src/actors/chat/index.ts';
import { chatActors, chatTemplates, currentLeader, defaultChatParams } from './system.ts';

export default defineScenario({
  name: 'chat/leader-crash',
  description: 'The leader crashes for good at 3 s mid-traffic: the lowest live server takes over and a new replica is spawned',
  durationMs: 10_000,
  params: defaultChatParams,
  actors: ({ params }) => chatActors(params),
  templates: chatTemplates,
  network: { delayMsMin: 5, delayMsMax: 15 },
  faults: [{ atMs: 3_000, action: 'crash', targets: currentLeader }],
  checks: chatChecks(),
});
