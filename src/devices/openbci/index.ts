/**
 * OpenBCI Cyton (and Daisy) support: the 33-byte packet codec, a streaming parser that
 * resyncs and counts losses, the Daisy 16-channel merge, and a seeded synthetic board that
 * speaks the serial protocol.
 */
export {
  encodeCytonPacket,
  decodeCytonPacket,
  countsToMicrovolts,
  microvoltsToCounts,
  isStopByte,
  CYTON_PACKET_BYTES,
  CYTON_HEADER,
  CYTON_STOP_ACCEL,
  CYTON_STOP_ANALOG,
  CYTON_STOP_MIN,
  CYTON_STOP_MAX,
  CYTON_CHANNELS,
  CYTON_GAIN_DEFAULT,
  ADS1299_VREF_V,
  ACCEL_G_PER_COUNT,
  COUNT_MAX,
  COUNT_MIN,
} from './cytonPacket.ts';
export type { CytonAux, CytonPacket, CytonPacketInput } from './cytonPacket.ts';
export { CytonStreamParser, CytonReplyReader, CYTON_REPLY_CHARS_MAX } from './cytonParser.ts';
export type { CytonSample, CytonParserStats, CytonParserOptions } from './cytonParser.ts';
export { DaisyMerger } from './daisy.ts';
export type { DaisySample } from './daisy.ts';
export { SyntheticCytonBoard, CYTON_PACKETS_PER_READ_MAX, CYTON_PACKET_RATE_HZ, CYTON_REPLY_BYTES_MAX } from './syntheticCyton.ts';
export type { SyntheticCytonOptions } from './syntheticCyton.ts';
