#!/usr/bin/env node
// The troupe command. Runs the built JavaScript when `npm run build` has made it, and the
// TypeScript sources (through tsx) otherwise, so a fresh checkout works without a build.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const built = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
const source = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
if (existsSync(built) && process.env.TROUPE_FROM_SOURCE === undefined) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(source).href);
}
