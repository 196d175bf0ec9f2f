#!/usr/bin/env node
// `npm run bench`: runs every benchmark in bench/ in turn (each prints JSON lines).
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../bench/', import.meta.url));
const only = process.argv.slice(2);
for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts')).sort()) {
  if (only.length > 0 && !only.some((name) => file.startsWith(name))) continue;
  process.stderr.write(`# bench/${file}\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', `${dir}${file}`], { stdio: 'inherit' });
  if (result.status !== 0) process.stderr.write(`# bench/${file} exited with ${result.status}\n`);
}
