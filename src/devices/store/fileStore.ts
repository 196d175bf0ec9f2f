/**
 * The store backed by a real file, for `realtime` runs: records are JSON Lines appended to
 * one file per actor; `flush` calls fsync, so what was flushed survives a process or
 * machine crash. A torn last line (the process died mid-write) is dropped on read, which
 * is exactly the simulated store's "unflushed is lost".
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { TroupeError } from '../../runtime/errors.ts';

/** Largest store file read back, so a runaway file cannot exhaust memory. */
export const fileStoreBytesMax = 256 * 1024 * 1024;

/**
 * A file of JSON records with write, flush and read-all.
 *
 * @example
 * const store = new FileStore('data/server-1.jsonl');
 * store.write([{ k: 'term', t: [2, 'server-1'] }]); store.flush();
 * new FileStore('data/server-1.jsonl').readAll(); // => [{ k: 'term', … }]
 */
export class FileStore<R = unknown> {
  private fd: number | undefined;

  constructor(readonly path: string) {}

  /** Every complete record in the file, in order; a torn trailing line is ignored. */
  readAll(): R[] {
    if (!existsSync(this.path)) return [];
    const text = readFileSync(this.path, 'utf8');
    if (text.length > fileStoreBytesMax) {
      throw new TroupeError('STORE_INVALID', `store file '${this.path}' is larger than ${fileStoreBytesMax} bytes; move it away or compact it`);
    }
    const lines = text.split('\n');
    lines.pop(); // the part after the last newline is a torn write (or empty)
    return lines.map((line, i) => {
      try {
        return JSON.parse(line) as R;
      } catch {
        throw new TroupeError('STORE_INVALID', `store file '${this.path}' line ${i + 1} is not JSON; the file is corrupt, move it away to start empty`);
      }
    });
  }

  /** Appends records (in the OS's buffers until `flush`). */
  write(records: readonly R[]): void {
    if (records.length === 0) return;
    writeSync(this.open(), records.map((record) => JSON.stringify(record) + '\n').join(''));
  }

  /** Makes every written record durable (fsync). */
  flush(): void {
    if (this.fd !== undefined) fsyncSync(this.fd);
  }

  /** Replaces every record at once, durably: a new file, fsynced, renamed over the old (compaction). */
  rewrite(records: readonly R[]): void {
    this.close();
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.tmp`;
    const fd = openSync(temporary, 'w');
    try {
      if (records.length > 0) writeSync(fd, records.map((record) => JSON.stringify(record) + '\n').join(''));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.path);
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }

  private open(): number {
    if (this.fd === undefined) {
      mkdirSync(dirname(this.path), { recursive: true });
      this.fd = openSync(this.path, 'a');
    }
    return this.fd;
  }
}
