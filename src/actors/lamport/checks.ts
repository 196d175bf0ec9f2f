/**
 * The Lamport clock promises (SYSTEMS.md §3), checked on the trace:
 * - every receive's logical time exceeds the time the message carried, and the message
 *   it names was really sent with that clock;
 * - each VM's logical clock never decreases (within one incarnation);
 * - logs are complete: every delivered message is received in arrival order, or still
 *   queued at the end, and every tick left exactly one log line.
 */
import { safety, type Check, type TraceView } from '../../runtime/checks.ts';
import type { TraceRecord } from '../../runtime/trace.ts';
import type { LamportLogEntry } from './vm.ts';

type Violation = { atMs: number; detail: string } | undefined;

function receiveAfterSend(view: TraceView): Violation {
  const sent = new Set<string>();
  for (const record of view.records) {
    if (record.kind === 'send' && record.event.type === 'MESSAGE') sent.add(`${record.actor}>${record.to}@${String(record.event.clock)}`);
    if (record.kind !== 'fact' || record.name !== 'lamport.log') continue;
    const entry = record.value as LamportLogEntry;
    if (entry.event !== 'receive') continue;
    if (!(entry.clock > entry.sentClock!)) {
      return { atMs: record.t, detail: `${record.actor} received a message sent at clock ${entry.sentClock} at clock ${entry.clock}` };
    }
    if (!sent.has(`${entry.from}>${record.actor}@${entry.sentClock}`)) {
      return { atMs: record.t, detail: `${record.actor} logged a receive from ${entry.from} at clock ${entry.sentClock} that was never sent` };
    }
  }
  return undefined;
}

function clockMonotonic(view: TraceView): Violation {
  const last = new Map<string, number>();
  for (const record of view.records) {
    if (record.kind === 'start') last.delete(record.actor); // a restarted VM begins again at 0
    if (record.kind !== 'fact' || record.name !== 'lamport.log') continue;
    const clock = (record.value as LamportLogEntry).clock;
    const previous = last.get(record.actor);
    if (previous !== undefined && clock < previous) {
      return { atMs: record.t, detail: `${record.actor}'s clock went from ${previous} to ${clock}` };
    }
    last.set(record.actor, clock);
  }
  return undefined;
}

function logsComplete(view: TraceView): Violation {
  const carried = new Map<number, { from: string; clock: number }>();
  const inbox = new Map<string, { from: string; clock: number }[]>();
  const tickTimers = new Map<string, number>();
  const logLines = new Map<string, number>();
  for (const record of view.records as TraceRecord[]) {
    switch (record.kind) {
      case 'send':
        if (record.event.type === 'MESSAGE') carried.set(record.msg, { from: record.actor, clock: record.event.clock as number });
        break;
      case 'start':
        inbox.set(record.actor, []); // a crash loses the queue
        break;
      case 'deliver': {
        const message = carried.get(record.msg);
        if (message !== undefined) inbox.get(record.actor)?.push(message);
        break;
      }
      case 'timer':
        tickTimers.set(record.actor, (tickTimers.get(record.actor) ?? 0) + 1);
        break;
      case 'fact': {
        if (record.name !== 'lamport.log') break;
        const entry = record.value as LamportLogEntry;
        logLines.set(record.actor, (logLines.get(record.actor) ?? 0) + 1);
        if (entry.event === 'overflow') inbox.get(record.actor)?.pop();
        if (entry.event !== 'receive') break;
        const expected = inbox.get(record.actor)?.shift();
        if (expected === undefined || expected.from !== entry.from || expected.clock !== entry.sentClock) {
          return { atMs: record.t, detail: `${record.actor} logged a receive from ${entry.from}@${entry.sentClock}, but the next delivered message was ${expected === undefined ? 'none' : `${expected.from}@${expected.clock}`}` };
        }
        break;
      }
    }
  }
  for (const [actor, ticks] of tickTimers) {
    const lines = (logLines.get(actor) ?? 0) - overflowLines(view, actor);
    if (lines !== ticks) return { atMs: view.durationMs, detail: `${actor} ticked ${ticks} times but logged ${lines} tick lines` };
  }
  return undefined;
}

function overflowLines(view: TraceView, actor: string): number {
  return view.facts('lamport.log').filter((f) => f.actor === actor && (f.value as LamportLogEntry).event === 'overflow').length;
}

/** The three Lamport checks. */
export const lamportChecks: Check[] = [
  safety('every receive is later than its send', receiveAfterSend),
  safety('each logical clock never decreases', clockMonotonic),
  safety('logs are complete and in arrival order', logsComplete),
];
