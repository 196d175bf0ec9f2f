import { defineScenario } from '../../src/runtime/index.ts';
import { chatChecks } from '../../src/actors/chat/index.ts';
import { chatActors, chatTemplates, defaultChatParams } from './system.ts';

export default defineScenario({
  name: 'chat/lossy',
  description: 'Heavy loss and duplication on every link (25% each), server-to-disk included: retries and idempotency keys keep every promise',
  durationMs: 10_000,
  params: defaultChatParams,
  actors: ({ params }) => chatActors(params),
  templates: chatTemplates,
  network: { delayMsMin: 5, delayMsMax: 15, lossProbability: 0.25, duplicateProbability: 0.25 },
  checks: chatChecks(),
});
