import { afterEach, describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStore } from '../../../src/devices/store/index.ts';
import { isTroupeError as isError } from '../../../src/runtime/index.ts';

const dirs: string[] = [];
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-store-'));
  dirs.push(dir);
  return join(dir, 'sub', 'server-1.jsonl');
};
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('file-backed store', () => {
  it('reads back what was written and flushed, in order, from a new handle', () => {
    const path = tempFile();
    const store = new FileStore<{ n: number }>(path);
    store.write([{ n: 1 }, { n: 2 }]);
    store.flush();
    store.write([{ n: 3 }]);
    store.close();
    expect(new FileStore(path).readAll()).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('drops a torn last line, as a crash mid-write leaves it', () => {
    const path = tempFile();
    const store = new FileStore(path);
    store.write([{ n: 1 }]);
    store.close();
    appendFileSync(path, '{"n":');
    expect(new FileStore(path).readAll()).toEqual([{ n: 1 }]);
  });

  it('reports a corrupt line as STORE_INVALID naming the file and line', () => {
    const path = tempFile();
    new FileStore(path).write([{ n: 1 }]);
    writeFileSync(path, '{"n":1}\nnot json\n');
    expect(() => new FileStore(path).readAll()).toThrow(/line 2 is not JSON/);
    try {
      new FileStore(path).readAll();
    } catch (error) {
      expect(isError(error, 'STORE_INVALID')).toBe(true);
    }
  });

  it('reads an absent file as empty', () => {
    expect(new FileStore(tempFile()).readAll()).toEqual([]);
  });
});
