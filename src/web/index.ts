/**
 * The live supervision UI: a local web server that runs a scenario (paced by default),
 * shows it in the browser, takes commands (every one a recorded trace input) and opens
 * saved traces for replay. See docs/ui.md.
 */
import { loadScenario, TroupeError, type PacingMode } from '../runtime/index.ts';
import { LiveSession, defaultLiveSessionLimits } from './liveSession.ts';
import { defaultBatcherOptions, type BatcherOptions } from './recordBatcher.ts';
import { listenUi } from './uiServer.ts';

export interface UiServerOptions {
  /** The scenario to run live; without it the page only replays traces. */
  scenarioPath?: string;
  seed?: number;
  /** Default 7400; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. Any other address requires `token`. */
  host?: string;
  /** When set, every page, asset, API call and socket must present it. */
  token?: string;
  /** Default `paced`: deterministic and watchable. */
  pacing?: Extract<PacingMode, 'paced' | 'realtime'>;
  /** Virtual ms per wall ms (paced); Infinity for as fast as possible. Default 1. */
  speed?: number;
  /** Where actors run; default `inline` (starts at once; same trace as workers). */
  actorHost?: 'inline' | 'worker';
  /** Overrides the scenario's duration (virtual ms). */
  durationMs?: number;
  /** Scenario parameter overrides. */
  params?: Record<string, unknown>;
  /** Batching and thinning of records sent to the page. */
  batcher?: Partial<BatcherOptions>;
  /** Folder trace paths are confined to; default the working directory. */
  rootDir?: string;
}

export const defaultUiPort = 7400;

/**
 * Starts the UI server and, when a scenario is given, its live run.
 *
 * @example
 * const ui = await startUiServer({ scenarioPath: 'scenarios/lamport/three-vms.ts', seed: 1 });
 * console.log(`open ${ui.url}`);
 * await ui.close();
 */
export async function startUiServer(options: UiServerOptions = {}): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const pacing = options.pacing ?? 'paced';
  if (pacing !== 'paced' && pacing !== 'realtime') throw new TroupeError('OPTION_INVALID', `pacing for the UI must be 'paced' or 'realtime', got '${String(pacing)}'`);
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0x7fffffff) throw new TroupeError('OPTION_INVALID', `seed must be an integer in [0, 2147483647], got ${seed}`);
  const speed = options.speed ?? 1;
  if (!(speed > 0)) throw new TroupeError('OPTION_INVALID', `speed must be a positive number (Infinity for as fast as possible), got ${speed}`);
  let session: LiveSession | undefined;
  if (options.scenarioPath !== undefined) {
    const scenario = await loadScenario(options.scenarioPath);
    session = new LiveSession({
      scenario,
      seed,
      pacing,
      speed,
      actorHost: options.actorHost ?? 'inline',
      ...(options.durationMs === undefined ? {} : { durationMs: options.durationMs }),
      ...(options.params === undefined ? {} : { params: options.params }),
      batcher: { ...defaultBatcherOptions, ...options.batcher },
      ...defaultLiveSessionLimits,
    });
  }
  let server;
  try {
    server = await listenUi({ host: options.host ?? '127.0.0.1', port: options.port ?? defaultUiPort, token: options.token, session, rootDir: options.rootDir ?? process.cwd() });
  } catch (error) {
    await session?.close();
    throw error;
  }
  session?.start();
  return {
    url: server.url,
    port: server.port,
    close: async () => {
      await server.close();
      await session?.close();
    },
  };
}

export { parseCommand, commandFault, type UiCommand } from './commands.ts';
export { evaluateChecks, type CheckReport, type CheckStatus } from './checksMonitor.ts';
export { RecordBatcher, thin, isPriorityRecord, defaultBatcherOptions, type BatcherOptions, type RecordBatch } from './recordBatcher.ts';
export { closeCodes } from './uiServer.ts';
export { parseTraceLenient, replayPayload, type ReplayPayload } from './traceLoader.ts';
