// @ts-check
/**
 * Replay mode: a loaded trace, folded into the page's model at any position. Scrubbing
 * backwards restores the nearest checkpoint (one every `checkpointEvery` records) and
 * folds forward from there, so any position costs at most that many folds.
 */
import { Model } from './model.js';

export const checkpointEvery = 2_000;

export class ReplayTrace {
  /** @param {any} payload the server's replay payload: header, records, actors, outlines, checks */
  constructor(payload) {
    this.payload = payload;
    this.records = payload.records;
    this.header = payload.header;
    /** @type {Model[]} checkpoints[k] = the model after folding records[0 .. k*checkpointEvery) */
    this.checkpoints = [];
    let model = new Model(payload.actors, payload.header.network);
    this.checkpoints.push(model.clone());
    for (let i = 0; i < this.records.length; i++) {
      model.apply(this.records[i]);
      if ((i + 1) % checkpointEvery === 0) this.checkpoints.push(model.clone());
    }
    this.endMs = this.records[this.records.length - 1]?.t ?? 0;
  }

  /** The model after the first `index` records. */
  modelAt(index) {
    const k = Math.min(Math.floor(index / checkpointEvery), this.checkpoints.length - 1);
    const model = this.checkpoints[k].clone();
    for (let i = k * checkpointEvery; i < index; i++) model.apply(this.records[i]);
    return model;
  }

  /** How many records have t <= `t` (binary search). */
  indexAtTime(t) {
    let lo = 0, hi = this.records.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.records[mid].t <= t) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
}
