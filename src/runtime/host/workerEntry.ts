/**
 * The worker side of the worker host: loads one actor's machine from its scenario file,
 * then runs windows posted by the supervisor. Data (windows and their results) goes over
 * the raw parent port, one message per window; control calls (load, inspect) go through
 * comlink on a separate port so they never interleave with data.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import * as Comlink from 'comlink/dist/esm/comlink.mjs';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { ActorRunner } from './actorRunner.ts';
import { loadScenario, scenarioActors } from '../scenario.ts';
import type { ActorLoad } from './host.ts';
import type { SupervisorToWorker, WindowResult } from '../messages.ts';

let runner: ActorRunner | undefined;

async function load(request: ActorLoad): Promise<void> {
  if (request.scenarioPath === undefined) throw new Error('worker load needs a scenarioPath');
  const scenario = await loadScenario(request.scenarioPath);
  const context = { seed: request.seed, params: request.params };
  let machine;
  if (request.template !== undefined) {
    const template = scenario.templates?.[request.template.name];
    if (template === undefined) throw new Error(`scenario '${scenario.name}' has no template '${request.template.name}'`);
    machine = template(request.actorId, request.template.input, context).machine;
  } else {
    machine = scenarioActors(scenario, context).find((actor) => actor.id === request.actorId)?.machine;
  }
  if (machine === undefined) throw new Error(`scenario '${scenario.name}' declares no machine actor '${request.actorId}'`);
  // A pooled worker may have hosted another actor before: that one is over.
  runner?.stop();
  runner = new ActorRunner(request.actorId, machine, request.input);
}

const control = {
  load,
  inspect: () => runner?.inspect(),
};
Comlink.expose(control, nodeEndpoint((workerData as { controlPort: MessagePort }).controlPort));

parentPort!.on('message', (message: SupervisorToWorker) => {
  let result: WindowResult;
  if (runner === undefined) {
    result = { ok: false, crash: { reason: 'error', message: 'window received before the actor was loaded' } };
  } else {
    result = runner.runWindow(message.request);
  }
  try {
    parentPort!.postMessage({ type: 'window-result', id: message.id, result });
  } catch (error) {
    // Something the actor emitted cannot cross threads (a function, a class instance).
    const crash = { reason: 'error' as const, message: `step result cannot be sent to the supervisor: ${(error as Error).message}` };
    parentPort!.postMessage({ type: 'window-result', id: message.id, result: { ok: false, crash } });
  }
});
