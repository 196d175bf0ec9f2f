/**
 * A tiny BusyBox-ash look-alike: just enough shell to answer the commands people send
 * an mPower strip (`echo 1 > /proc/power/relay1`, `cat …`, `cd /proc/power; grep '' relay*`,
 * `cat /etc/board.inc | grep board_shortname`) with the output and exit codes the real
 * one gives. It runs against a `ShellFileSystem`; it owns no state but the working
 * directory, so it stays deterministic.
 *
 * Supported: `;` sequences, `|` pipelines, `>`/`>>` redirection of stdout, single and
 * double quotes, `*`/`?` globs, and the built-ins echo, cat, grep, cd, pwd, true, false.
 * Anything else answers `sh: NAME: not found` with exit 127, like ash.
 */

/** The files a shell sees. Paths are absolute and normalised. */
export interface ShellFileSystem {
  isDirectory(path: string): boolean;
  /** Entry names of a directory, sorted. */
  list(path: string): readonly string[];
  /** The file's content, or undefined if there is no such file. */
  read(path: string): string | undefined;
  /** Writes data; returns an error text (strerror style) when the write is refused. */
  write(path: string, data: string): string | undefined;
}

/** What one command line printed and how it ended. */
export interface ShellResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Longest command line accepted; past it the shell answers like ash with an error, exit 2. */
export const shellCommandLengthMax = 4096;

interface Word {
  text: string;
  /** Quoted words are never glob-expanded, as in any POSIX shell. */
  quoted: boolean;
}

interface SimpleCommand {
  words: Word[];
  redirect?: string;
}

/**
 * A shell session with its own working directory (an interactive `shell` channel keeps
 * one; each `exec` gets a fresh one, as with a real sshd).
 *
 * @example
 * const shell = new MiniShell(fileSystem);
 * shell.run("cd /proc/power; grep '' relay*").stdout // 'relay1:0\nrelay2:1\n…'
 */
export class MiniShell {
  private cwd = '/';

  constructor(private readonly fs: ShellFileSystem) {}

  /** Runs one command line and returns its output and the exit code of its last command. */
  run(line: string): ShellResult {
    const result: ShellResult = { stdout: '', stderr: '', exitCode: 0 };
    if (line.length > shellCommandLengthMax) {
      return { stdout: '', stderr: `sh: command line longer than ${shellCommandLengthMax} characters\n`, exitCode: 2 };
    }
    for (const part of splitOutsideQuotes(line, ';')) {
      if (part.trim() === '') continue;
      const one = this.runPipeline(part);
      result.stdout += one.stdout;
      result.stderr += one.stderr;
      result.exitCode = one.exitCode;
    }
    return result;
  }

  private runPipeline(text: string): ShellResult {
    let stdin: string | undefined;
    let stderr = '';
    let last: ShellResult = { stdout: '', stderr: '', exitCode: 0 };
    for (const stage of splitOutsideQuotes(text, '|')) {
      const parsed = parseSimpleCommand(stage);
      if (typeof parsed === 'string') return { stdout: '', stderr: stderr + parsed, exitCode: 2 };
      last = this.runSimple(parsed, stdin);
      stderr += last.stderr;
      stdin = last.stdout;
    }
    return { stdout: last.stdout, stderr, exitCode: last.exitCode };
  }

  private runSimple(command: SimpleCommand, stdin: string | undefined): ShellResult {
    const words = command.words.flatMap((word) => (word.quoted ? [word.text] : this.expandGlob(word.text)));
    const result = words.length === 0 ? { stdout: '', stderr: '', exitCode: 0 } : this.builtin(words, stdin);
    if (command.redirect === undefined) return result;
    const path = this.resolve(command.redirect);
    const error = this.fs.write(path, result.stdout);
    if (error !== undefined) {
      const verb = error === 'Invalid argument' ? 'write error' : `can't create ${command.redirect}`;
      return { stdout: '', stderr: result.stderr + `sh: ${verb}: ${error}\n`, exitCode: 1 };
    }
    return { stdout: '', stderr: result.stderr, exitCode: result.exitCode };
  }

  private builtin(words: string[], stdin: string | undefined): ShellResult {
    const [name, ...args] = words;
    switch (name) {
      case 'echo':
        return { stdout: `${args.join(' ')}\n`, stderr: '', exitCode: 0 };
      case 'cat':
        return this.cat(args, stdin);
      case 'grep':
        return this.grep(args, stdin);
      case 'cd':
        return this.cd(args[0] ?? '/');
      case 'pwd':
        return { stdout: `${this.cwd}\n`, stderr: '', exitCode: 0 };
      case 'true':
        return { stdout: '', stderr: '', exitCode: 0 };
      case 'false':
        return { stdout: '', stderr: '', exitCode: 1 };
      default:
        return { stdout: '', stderr: `sh: ${name}: not found\n`, exitCode: 127 };
    }
  }

  private cat(files: string[], stdin: string | undefined): ShellResult {
    if (files.length === 0) return { stdout: stdin ?? '', stderr: '', exitCode: 0 };
    const result: ShellResult = { stdout: '', stderr: '', exitCode: 0 };
    for (const file of files) {
      const content = this.readFile(file);
      if (typeof content === 'string') result.stdout += content;
      else {
        result.stderr += `cat: can't open '${file}': ${content.error}\n`;
        result.exitCode = 1;
      }
    }
    return result;
  }

  private grep(args: string[], stdin: string | undefined): ShellResult {
    const [pattern, ...files] = args;
    if (pattern === undefined) return { stdout: '', stderr: 'BusyBox grep: missing pattern\n', exitCode: 2 };
    let regex: RegExp;
    try {
      regex = new RegExp(pattern);
    } catch {
      return { stdout: '', stderr: `grep: bad regex '${pattern}'\n`, exitCode: 2 };
    }
    const sources = files.length === 0 ? [{ name: '', content: stdin ?? '' as string | { error: string } }] : files.map((name) => ({ name, content: this.readFile(name) }));
    const prefix = files.length > 1;
    const result: ShellResult = { stdout: '', stderr: '', exitCode: 1 };
    let failed = false;
    for (const { name, content } of sources) {
      if (typeof content !== 'string') {
        result.stderr += `grep: ${name}: ${content.error}\n`;
        failed = true;
        continue;
      }
      for (const line of splitLines(content)) {
        if (!regex.test(line)) continue;
        result.stdout += prefix ? `${name}:${line}\n` : `${line}\n`;
        result.exitCode = 0;
      }
    }
    // grep exits 2 on a read error even when other files matched, as GNU and BusyBox do.
    if (failed) result.exitCode = 2;
    return result;
  }

  private cd(target: string): ShellResult {
    const path = this.resolve(target);
    if (!this.fs.isDirectory(path)) {
      return { stdout: '', stderr: `sh: cd: can't cd to ${target}: No such file or directory\n`, exitCode: 2 };
    }
    this.cwd = path;
    return { stdout: '', stderr: '', exitCode: 0 };
  }

  private readFile(name: string): string | { error: string } {
    const path = this.resolve(name);
    if (this.fs.isDirectory(path)) return { error: 'Is a directory' };
    return this.fs.read(path) ?? { error: 'No such file or directory' };
  }

  /** ash expands a glob to the sorted matches in its directory, or leaves it as typed when nothing matches. */
  private expandGlob(word: string): string[] {
    if (!/[*?]/.test(word)) return [word];
    const slash = word.lastIndexOf('/');
    const dirPart = slash >= 0 ? word.slice(0, slash + 1) : '';
    const namePattern = word.slice(slash + 1);
    const dir = this.resolve(dirPart === '' ? '.' : dirPart);
    if (!this.fs.isDirectory(dir)) return [word];
    const regex = new RegExp(`^${namePattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    const matches = this.fs.list(dir).filter((name) => regex.test(name)).map((name) => dirPart + name);
    return matches.length === 0 ? [word] : matches;
  }

  private resolve(path: string): string {
    const parts = (path.startsWith('/') ? path : `${this.cwd}/${path}`).split('/');
    const out: string[] = [];
    for (const part of parts) {
      if (part === '' || part === '.') continue;
      if (part === '..') out.pop();
      else out.push(part);
    }
    return `/${out.join('/')}`;
  }
}

/** Lines of a text without the empty string after its final newline. */
function splitLines(content: string): string[] {
  const lines = content.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Splits on a separator character that is not inside single or double quotes. */
function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let quote: string | undefined;
  let current = '';
  for (const char of text) {
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === separator) {
      parts.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  parts.push(current);
  return parts;
}

/** Words and an optional `>` target; an error text (ash style) for a malformed line. */
function parseSimpleCommand(text: string): SimpleCommand | string {
  const words: Word[] = [];
  let redirect: string | undefined;
  let expectTarget = false;
  let current: string | undefined;
  let quote: string | undefined;
  let quoted = false;
  const finish = (): void => {
    if (current === undefined) return;
    if (expectTarget) {
      redirect = current;
      expectTarget = false;
    } else words.push({ text: current, quoted });
    current = undefined;
    quoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      else current += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      quoted = true;
      current ??= '';
    } else if (char === ' ' || char === '\t') finish();
    else if (char === '>') {
      finish();
      if (text[i + 1] === '>') i++;
      expectTarget = true;
    } else current = (current ?? '') + char;
  }
  if (quote !== undefined) return 'sh: syntax error: unterminated quoted string\n';
  finish();
  if (expectTarget) return 'sh: syntax error: unexpected newline\n';
  return { words, redirect };
}
