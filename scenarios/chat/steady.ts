import { defineScenario } from '../../src/runtime/index.ts';
import { chatChecks } from '../../src/actors/chat/index.ts';
import { chatActors, chatTemplates, defaultChatParams } from './system.ts';

export default defineScenario({
  name: 'chat/steady',
  description: 'Three servers, three users chatting for 8 s with no faults',
  durationMs: 8_000,
  params: defaultChatParams,
  actors: ({ params }) => chatActors(params),
  templates: chatTemplates,
  network: { delayMsMin: 5, delayMsMax: 15 },
  checks: chatChecks(),
});
