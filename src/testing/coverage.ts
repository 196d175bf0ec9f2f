/**
 * Path coverage: which states and transitions of a machine a set of tests reached, from
 * xstate's graph utilities (@xstate/graph). Every state node and every transition the
 * machine declares is listed; the ones no test actor visited are named, so a test can
 * assert full coverage and say what is missing when it is not.
 */
import { getStateNodes, toDirectedGraph } from '@xstate/graph';
import type { AnyStateMachine } from 'xstate';
import { transitionKey, type TestActor } from './testActor.ts';

export interface CoverageReport {
  states: { total: number; covered: string[]; missing: string[] };
  transitions: { total: number; covered: string[]; missing: string[] };
  /** True when every state and transition was reached. */
  complete: boolean;
}

interface GraphNode {
  id: string;
  children: GraphNode[];
  edges: { source: { id: string }; target: { id: string }; label: { text: string }; transition: { target?: { id: string }[] } }[];
}

interface AlwaysNode {
  id: string;
  always?: { target?: { id: string }[] }[];
}

/**
 * Every transition a machine declares, as `source|event|targets` keys; eventless
 * (`always`) transitions, which xstate's graph leaves out, are listed with event `always`.
 *
 * @example
 * machineTransitions(lamportVm) // => ['lamport-vm|MESSAGE|', 'lamport-vm|TICK|']
 */
export function machineTransitions(machine: AnyStateMachine): string[] {
  const keys = new Set<string>();
  const walk = (node: GraphNode) => {
    for (const edge of node.edges) keys.add(transitionKey(edge.source.id, edge.label.text, (edge.transition.target ?? []).map((target) => target.id)));
    node.children.forEach(walk);
  };
  walk(toDirectedGraph(machine) as unknown as GraphNode);
  for (const node of [machine.root, ...getStateNodes(machine)] as unknown as AlwaysNode[]) {
    for (const transition of node.always ?? []) keys.add(transitionKey(node.id, '', (transition.target ?? []).map((target) => target.id)));
  }
  return [...keys];
}

/**
 * The coverage of a machine by one or more test actors.
 *
 * @example
 * const report = pathCoverage(lockClient, [actorA, actorB]);
 * expect(report.states.missing).toEqual([]);
 */
export function pathCoverage(machine: AnyStateMachine, actors: readonly TestActor[]): CoverageReport {
  const states = getStateNodes(machine).map((node) => node.id);
  const transitions = machineTransitions(machine);
  const visitedStates = new Set<string>();
  const visitedTransitions = new Set<string>();
  for (const actor of actors) {
    actor.visited.states.forEach((id) => visitedStates.add(id));
    actor.visited.transitions.forEach((key) => visitedTransitions.add(key));
  }
  const part = (all: string[], seen: Set<string>) => ({ total: all.length, covered: all.filter((x) => seen.has(x)), missing: all.filter((x) => !seen.has(x)) });
  const report = { states: part(states, visitedStates), transitions: part(transitions, visitedTransitions) };
  return { ...report, complete: report.states.missing.length === 0 && report.transitions.missing.length === 0 };
}

/**
 * Throws an error listing what is missing unless coverage is complete.
 *
 * @example
 * expectFullCoverage(lockClient, [actorA, actorB]);
 */
export function expectFullCoverage(machine: AnyStateMachine, actors: readonly TestActor[]): CoverageReport {
  const report = pathCoverage(machine, actors);
  if (!report.complete) {
    const lines = [...report.states.missing.map((id) => `  state ${id}`), ...report.transitions.missing.map((key) => `  transition ${key}`)];
    throw new Error(`machine '${machine.id}' is not fully covered; never reached:\n${lines.join('\n')}`);
  }
  return report;
}
