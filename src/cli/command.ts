/**
 * The shape of a troupe subcommand. Each command lives in its own file under
 * `src/cli/commands/` and default-exports one of these; `main.ts` finds them there, so a
 * new command needs no edit anywhere else.
 */
export interface Command {
  /** The word after `troupe`: `run`, `replay`, `ui`, `device`… */
  name: string;
  /** One line for `troupe help`. */
  summary: string;
  /** The usage line(s), shown on a usage error. */
  usage: string;
  /** Runs the command; resolves to the process exit code (0 ok, 1 a check failed, 2 bad usage or input). */
  run(args: string[]): Promise<number>;
}

/** Exit codes shared by every command. */
export const exitCodes = { ok: 0, failed: 1, usage: 2 } as const;
