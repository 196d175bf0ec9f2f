import { defineScenario } from '../../src/runtime/index.ts';
import { chatChecks } from '../../src/actors/chat/index.ts';
import { chatActors, chatTemplates, defaultChatParams, isolateLeader } from './system.ts';

export default defineScenario({
  name: 'chat/leader-isolated',
  description: 'A partition cuts the leader (and its disk) off from everyone at 3 s while clients keep writing; healed at 7 s',
  durationMs: 12_000,
  params: defaultChatParams,
  actors: ({ params }) => chatActors(params),
  templates: chatTemplates,
  network: { delayMsMin: 5, delayMsMax: 15 },
  faults: [
    { atMs: 3_000, action: 'partition', groups: [isolateLeader] },
    { atMs: 7_000, action: 'heal' },
  ],
  checks: chatChecks(),
});
