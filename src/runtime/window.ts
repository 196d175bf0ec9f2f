/**
 * One window of events, between the queue and the hosts. `dispatchWindow` sorts the
 * window's entries per actor (events for its host, drops for an actor that is down, holds
 * for one that is paused); `collectItems` turns each host's answer back into merge items
 * that the supervisor applies in canonical order.
 */
import type { CrashReason, HostEvent, StepResult, WindowResult } from './messages.ts';
import type { QueueEntry } from './scheduler.ts';
import { toHostEvent, type ActorPayload, type ActorSlot } from './actorSlot.ts';

/** What one actor gets in a window, and what the supervisor must do around it. */
export interface WindowGroup {
  slot: ActorSlot;
  events: HostEvent[];
  /** Messages addressed to the actor while it was down. */
  drops: MergeItem[];
  /** Whether the actor is up at this point of the window (a start in the window brings it up). */
  up: boolean;
  /** A start needs a host that is not there (first start, or its worker died). */
  needsHost: boolean;
}

/** A step result, drop or hard crash, with what the supervisor needs to apply it. */
export type MergeItem =
  | { t: number; actor: number; kind: 'step'; step: StepResult; event: HostEvent | undefined }
  | { t: number; actor: number; kind: 'drop'; msg: number }
  | { t: number; actor: number; kind: 'hard-crash'; crash: { reason: CrashReason; message: string } };

/**
 * Groups a window's entries by actor, in actor order of first appearance.
 *
 * @example
 * const groups = dispatchWindow(entries, slots); // Map<actor index, WindowGroup>
 */
export function dispatchWindow(entries: readonly QueueEntry<ActorPayload>[], slots: readonly ActorSlot[]): Map<number, WindowGroup> {
  const groups = new Map<number, WindowGroup>();
  for (const entry of entries) {
    const slot = slots[entry.actor]!;
    let group = groups.get(slot.index);
    if (group === undefined) groups.set(slot.index, (group = { slot, events: [], drops: [], up: slot.status === 'up', needsHost: false }));
    if (slot.paused) {
      slot.held.push(entry);
      continue;
    }
    const payload = entry.payload;
    if (payload.kind === 'timer') slot.timers.delete(payload.timer);
    if (payload.kind === 'start') {
      group.up = true;
      group.needsHost = slot.host === undefined || !slot.host.alive;
      group.events.push(toHostEvent(entry, slot));
    } else if (!group.up) {
      if (payload.kind === 'deliver') group.drops.push({ t: entry.t, actor: slot.index, kind: 'drop', msg: payload.msg });
    } else {
      group.events.push(toHostEvent(entry, slot));
    }
  }
  return groups;
}

/**
 * Appends one actor's merge items: its drops, then its steps; after a crash (or a final
 * state) mid-window, what was still addressed to it becomes drops. A hard crash (a dead
 * worker) loses the whole window: one crash at its first event, then drops.
 *
 * @example
 * for (const group of groups.values()) collectItems(group, results[i++], items);
 */
export function collectItems(group: WindowGroup, result: WindowResult, items: MergeItem[]): void {
  const actor = group.slot.index;
  items.push(...group.drops);
  const events = group.events;
  if (!result.ok) {
    if (events.length === 0) return;
    items.push({ t: events[0]!.t, actor, kind: 'hard-crash', crash: result.crash });
    for (const event of events) if (event.kind === 'deliver') items.push({ t: event.t, actor, kind: 'drop', msg: event.msg });
    return;
  }
  let lastEvent = -1;
  for (const step of result.steps) {
    const event = 'event' in step.cause ? events[step.cause.event] : undefined;
    if ('event' in step.cause) lastEvent = step.cause.event;
    items.push({ t: step.t, actor, kind: 'step', step, event });
  }
  const last = result.steps[result.steps.length - 1];
  if (last !== undefined && (last.error !== undefined || last.done)) {
    for (let k = lastEvent + 1; k < events.length; k++) {
      const event = events[k]!;
      if (event.kind === 'deliver') items.push({ t: event.t, actor, kind: 'drop', msg: event.msg });
    }
  }
}
