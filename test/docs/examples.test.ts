/**
 * The docs cannot rot: every block fenced as ```ts example or ```sh example in docs/*.md
 * runs here. TypeScript examples are written under scratch/ (inside the package, so
 * xstate and friends resolve) with their `troupe` imports pointed at the sources, then
 * imported; they assert what they claim with node:assert. Shell examples run each
 * `troupe …` line through bin/troupe.mjs and compare the exit code with a trailing
 * `# exits N` (default 0).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '../..');
const docsDir = join(root, 'docs');
const outDir = join(root, 'scratch', 'docs-examples');

interface Example {
  chapter: string;
  index: number;
  lang: 'ts' | 'sh';
  code: string;
}

/** Every runnable block of every chapter, in order. */
function examples(): Example[] {
  const found: Example[] = [];
  for (const file of readdirSync(docsDir).filter((name) => name.endsWith('.md')).sort()) {
    const text = readFileSync(join(docsDir, file), 'utf8');
    const pattern = /^```(ts|sh) example\n([\s\S]*?)^```$/gm;
    let index = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      found.push({ chapter: file, index: ++index, lang: match[1] as 'ts' | 'sh', code: match[2]! });
    }
  }
  return found;
}

/** Points `troupe` and `troupe/<sub>` imports, and `./src/…` imports, at the sources from scratch/docs-examples/. */
function rewriteImports(code: string): string {
  const main = existsSync(join(root, 'src/index.ts')) ? 'src/index.ts' : 'src/runtime/index.ts';
  return code
    .replace(/from 'troupe'/g, `from '../../${main}'`)
    .replace(/from 'troupe\/([\w/-]+)'/g, (_m, sub: string) => `from '../../src/${sub}/index.ts'`)
    .replace(/from '\.\/(src|test)\//g, "from '../../$1/");
}

/** Runs `troupe …` from the checkout, bounded in time. */
function troupe(args: string[]): Promise<{ status: number | null; output: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, ['bin/troupe.mjs', ...args], { cwd: root, env: { ...process.env, TROUPE_FROM_SOURCE: '1' }, timeout: 20_000 });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (status) => resolvePromise({ status, output }));
  });
}

const all = examples();

describe('docs examples run', () => {
  it('every chapter has at least one runnable example', () => {
    const chapters = readdirSync(docsDir).filter((name) => /^\d\d-.*\.md$/.test(name));
    expect(chapters.length).toBeGreaterThanOrEqual(8);
    for (const chapter of chapters) expect(all.some((example) => example.chapter === chapter), chapter).toBe(true);
  });

  for (const example of all) {
    // Shell blocks spend their time starting node processes: run them side by side.
    const test = example.lang === 'sh' ? it.concurrent : it;
    test(`${example.chapter} example ${example.index} (${example.lang})`, async () => {
      if (example.lang === 'ts') {
        mkdirSync(outDir, { recursive: true });
        const file = join(outDir, `${example.chapter.replace(/\.md$/, '')}-${example.index}.mts`);
        writeFileSync(file, rewriteImports(example.code));
        await import(`${pathToFileURL(file).href}?t=${Date.now()}`);
        return;
      }
      for (const line of example.code.split('\n').filter((l) => l.startsWith('troupe '))) {
        const [command, expected] = line.split(/\s+# exits /);
        const args = command!.trim().split(/\s+/).slice(1);
        const result = await troupe(args);
        expect(result.status, `${line}\n${result.output}`).toBe(Number(expected ?? 0));
      }
    });
  }
});
