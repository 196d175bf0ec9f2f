/** A seeded synthetic webcam producing realistic-size JPEG-like frames with a small binary header. */
export { SyntheticCamera, decodeFrameHeader, FRAME_MAGIC, FRAME_HEADER_BYTES, FRAME_PAYLOAD_BYTES_MAX } from './syntheticCamera.ts';
export type { FrameHeader, SyntheticCameraOptions } from './syntheticCamera.ts';
