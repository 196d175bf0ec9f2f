/**
 * docs/errors.md is generated from the one error registry (src/runtime/errors.ts), so the
 * reference cannot drift from the code. After adding a code, refresh it with
 * `UPDATE_DOCS=1 npx vitest run test/docs/errorsReference.test.ts`.
 */
import { expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { errorCodes } from '../../src/runtime/errors.ts';

function render(): string {
  const rows = Object.entries(errorCodes).map(([code, meaning]) => `| \`${code}\` | ${meaning} |`);
  return [
    '# Error codes',
    '',
    'Every operating error troupe reports is a `TroupeError` with one of these stable codes;',
    'its message names the actor, file, field or command and says what to do. The CLI prints',
    '`troupe <command>: CODE: message` and exits 2. This page is generated from',
    '`src/runtime/errors.ts`.',
    '',
    '| code | meaning |',
    '|---|---|',
    ...rows,
    '',
  ].join('\n');
}

it('docs/errors.md lists every code of the registry, as generated', () => {
  const path = new URL('../../docs/errors.md', import.meta.url);
  if (process.env.UPDATE_DOCS === '1') writeFileSync(path, render());
  expect(readFileSync(path, 'utf8')).toBe(render());
});
