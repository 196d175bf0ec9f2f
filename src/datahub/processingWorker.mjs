// Piscina worker bootstrap: registers tsx when the task module is TypeScript (Node 20
// workers ignore `--import tsx`), then hands piscina the task function.
const taskUrl = new URL('./processing.ts', import.meta.url);
const { register } = await import('tsx/esm/api');
register();
const module = await import(taskUrl.href);
export default module.default;
