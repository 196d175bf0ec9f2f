/**
 * Heavy hub-side processing off the hub's thread: a piscina pool running processing.ts.
 * Chunks of one stream must be processed in order (the filter state of one is the input of
 * the next), so each stream has a chain: its next task is queued when the previous answer
 * came back. `inline: true` runs the same functions on the calling thread (tests, and the
 * bench's comparison).
 */
import { Piscina } from 'piscina';
import runTask, { type ProcessingResult, type ProcessingTask } from './processing.ts';

/** Tasks queued in the pool at most; past it `run` rejects with LIMIT_REACHED, and the viewer skips the chunk. */
export const PROCESSING_QUEUE_MAX = 256;

export interface ProcessingPoolOptions {
  threads?: number;
  inline?: boolean;
}

/**
 * @example
 * const pool = new ProcessingPool({ threads: 1 });
 * const result = await pool.run({ kind: 'eeg', packets, filterState: null, tail: null, spectra: false });
 */
export class ProcessingPool {
  private readonly piscina: Piscina | undefined;

  constructor(options: ProcessingPoolOptions = {}) {
    if (options.inline) return;
    this.piscina = new Piscina({
      filename: new URL('./processingWorker.mjs', import.meta.url).href,
      minThreads: 1,
      maxThreads: options.threads ?? 1,
      maxQueue: PROCESSING_QUEUE_MAX,
      idleTimeout: 60_000,
    });
  }

  async run(task: ProcessingTask): Promise<ProcessingResult> {
    if (this.piscina === undefined) return runTask(task);
    return (await this.piscina.run(task)) as ProcessingResult;
  }

  async close(): Promise<void> {
    await this.piscina?.destroy();
  }
}
