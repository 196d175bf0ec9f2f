/**
 * Where an actor runs. The supervisor sees every host through this interface; the inline
 * host answers synchronously, the worker host by a message round trip.
 */
import type { WindowRequest, WindowResult } from '../messages.ts';

/** What a host needs to load an actor. */
export interface ActorLoad {
  actorId: string;
  /** The scenario file that declares the actor (worker hosts import it to find the machine). */
  scenarioPath?: string;
  seed: number;
  params: Record<string, unknown>;
  /** The actor's input, including its derived seed. */
  input: Record<string, unknown>;
  /** Set when the actor was spawned at run time from a scenario template. */
  template?: { name: string; input: Record<string, unknown> };
  memoryMbMax?: number;
}

export interface ActorHost {
  readonly kind: 'inline' | 'worker' | 'device';
  /** False once the host can no longer run anything (its worker died). */
  readonly alive: boolean;
  /** Loads the actor's machine; resolves when the host can take windows. */
  ready(): Promise<void>;
  runWindow(request: WindowRequest): WindowResult | Promise<WindowResult>;
  /** The actor's current state and context (for the UI), or undefined when not running. */
  inspect(): Promise<{ state: unknown; context: unknown; status: string } | undefined>;
  close(): Promise<void>;
}
