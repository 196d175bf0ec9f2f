/**
 * The sensor data hub's actors (SYSTEMS.md §2): streamers on the Pis, the hub's front and
 * handlers with their multi-reader ring buffers, readers, a shared-uplink router, and the
 * checks their traces must pass.
 */
export * from './protocol.ts';
export { createRing, writeFrame, readFrames, attachReader, oldestPosition, backlog, RING_CAPACITY_MAX, type Ring, type ReaderCursor } from './ringBuffer.ts';
export { eegPackets, pulseSamples, videoFrame, senseHatReading, logLine, encodeLines, decodeLines, SOURCE_MODELS_MAX } from './sources.ts';
export { streamer, LOG_LINES_PER_FRAME_MAX, type StreamerInput, type StreamerContext } from './streamer.ts';
export { hubHandler, READERS_MAX, FRAMES_PER_READ_MAX, type HubHandlerInput, type HubHandlerContext } from './hubHandler.ts';
export { hubFront, PROXIES_MAX, type HubFrontInput, type HubFrontContext, type Route, type SpawnProxiesEvent } from './hubFront.ts';
export { reader, type ReaderInput, type ReaderContext } from './reader.ts';
export { router } from './router.ts';
export {
  HubTraceIndex,
  frameKey,
  framesInOrder,
  lossCountedExactly,
  neverTwoStreams,
  backAfterHubRestart,
  everyReaderGetsEverySample,
  latencyBounded,
  toldWhatItMissed,
  logUpToLastPeriod,
  datahubChecks,
  type SentFrame,
  type ReaderBatch,
} from './checks.ts';
export { operator, OPERATOR_STEPS_MAX, type OperatorInput, type OperatorStep } from './operator.ts';
