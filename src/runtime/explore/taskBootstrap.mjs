// The piscina worker file when troupe runs from its TypeScript sources: registers tsx in
// the worker (`--import tsx` in execArgv does not reach workers on Node 20), then hands
// piscina the task. Built JavaScript (dist/) points piscina at task.js directly.
import { register } from 'tsx/esm/api';

register();
const task = await import(new URL('./task.ts', import.meta.url).href);

export default task.default;
