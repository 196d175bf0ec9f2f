#!/usr/bin/env node
// The troupe command. Runs the built JavaScript when `npm run build` has made it, and the
// TypeScript sources otherwise, so a fresh checkout works without a build. tsx is
// registered either way: scenario files are TypeScript.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const built = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
const source = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const fromBuild = existsSync(built) && process.env.TROUPE_FROM_SOURCE === undefined;
await import(pathToFileURL(fromBuild ? built : source).href);
