/**
 * A statechart outline per actor: the tree of state node keys of its machine, so the page
 * can draw the chart and highlight the current state without shipping the machine.
 */
import type { AnyStateMachine } from 'xstate';
import type { Scenario } from '../runtime/index.ts';

/** One state node: its key, its type and its children, in declaration order. */
export interface StateOutline {
  key: string;
  type: string;
  children: StateOutline[];
}

/** Deepest nesting drawn; deeper states are summarised by their parent. */
const outlineDepthMax = 6;
/** Most children listed per state node. */
const outlineChildrenMax = 40;

interface StateNodeLike {
  key: string;
  type: string;
  states: Record<string, StateNodeLike>;
}

/**
 * The outline of a machine's states.
 *
 * @example
 * machineOutline(lamportVm) // => { key: 'lamport-vm', type: 'compound', children: [{ key: 'running', type: 'atomic', children: [] }] }
 */
export function machineOutline(machine: AnyStateMachine): StateOutline {
  const walk = (node: StateNodeLike, depth: number): StateOutline => ({
    key: node.key,
    type: node.type,
    children: depth >= outlineDepthMax ? [] : Object.values(node.states ?? {}).slice(0, outlineChildrenMax).map((child) => walk(child, depth + 1)),
  });
  return walk(machine.root as unknown as StateNodeLike, 0);
}

/**
 * Outlines of every declared actor of a scenario: a list of distinct outlines and, per
 * actor id, the index of its outline. Actors spawned later are not covered (their
 * template needs an input the page does not have); the page then shows the state value only.
 *
 * @example
 * const { outlines, byActor } = scenarioOutlines(scenario, 1, {});
 */
export function scenarioOutlines(scenario: Scenario, seed: number, params: Record<string, unknown>): { outlines: StateOutline[]; byActor: Record<string, number> } {
  const actors = typeof scenario.actors === 'function' ? scenario.actors({ seed, params }) : scenario.actors;
  const outlines: StateOutline[] = [];
  const byMachine = new Map<AnyStateMachine, number>();
  const byActor: Record<string, number> = {};
  for (const actor of actors) {
    // Device actors (real hardware behind an adapter) have no machine to outline.
    if (actor.machine === undefined) continue;
    let index = byMachine.get(actor.machine);
    if (index === undefined) {
      index = outlines.push(machineOutline(actor.machine)) - 1;
      byMachine.set(actor.machine, index);
    }
    byActor[actor.id] = index;
  }
  return { outlines, byActor };
}
