/**
 * The inline host: the actor runs on the supervisor's thread. Same results as a worker,
 * far faster, used by explore and tests. A machine that calls `process.exit` would end the
 * whole process here, so the host intercepts it during a window and reports the same hard
 * crash a worker's exit would.
 */
import type { AnyStateMachine } from 'xstate';
import type { WindowRequest, WindowResult } from '../messages.ts';
import type { ActorHost } from './host.ts';
import { ActorRunner, HardCrash, exitMessage } from './actorRunner.ts';

/**
 * @example
 * const host = new InlineHost('vm-1', lamportVm, { seed: 1, peers: ['vm-2'] });
 */
export class InlineHost implements ActorHost {
  readonly kind = 'inline';
  private readonly runner: ActorRunner;
  private closed = false;

  constructor(actorId: string, machine: AnyStateMachine, input: Record<string, unknown>) {
    this.runner = new ActorRunner(actorId, machine, input);
  }

  get alive(): boolean {
    return !this.closed;
  }

  async ready(): Promise<void> {}

  runWindow(request: WindowRequest): WindowResult {
    const realExit = process.exit;
    process.exit = ((code?: number) => {
      throw new HardCrash('exit', exitMessage(code ?? 0));
    }) as typeof process.exit;
    try {
      return this.runner.runWindow(request);
    } catch (error) {
      if (error instanceof HardCrash) {
        this.runner.stop();
        return { ok: false, crash: { reason: error.reason, message: error.message } };
      }
      throw error;
    } finally {
      process.exit = realExit;
    }
  }

  async inspect() {
    return this.runner.inspect();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.runner.stop();
  }
}
