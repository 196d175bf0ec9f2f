/** The smart mirror (SYSTEMS.md §1): bulbs, the Pi, the strip device actor, and their checks. */
export { bulbMachine, defaultBulbTiming, type BulbInput, type BulbContext, type BulbTiming } from './bulb.ts';
export { mirrorPiMachine, estimateWindowBpm, type MirrorPiInput, type MirrorPiContext } from './mirrorPi.ts';
export { stripMachine, type StripInput, type StripContext, type StripEvent } from './strip.ts';
export { mirrorActors, mirrorUuids, bulbSocket, bulbId, stripId, piId, type MirrorOptions } from './system.ts';
export { electionChecks, bpmSpreadCheck, blinkGapCheck, relayAccountedCheck, stripOutageChecks } from './checks.ts';
