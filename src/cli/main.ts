/**
 * `troupe <command> …`: finds the command in `src/cli/commands/` and runs it. Operating
 * errors print their code and message and exit 2; anything else is a bug and prints its stack.
 */
import { readdirSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Command } from './command.ts';
import { isTroupeError } from '../runtime/errors.ts';

async function loadCommands(): Promise<Map<string, Command>> {
  const folder = fileURLToPath(new URL('./commands/', import.meta.url));
  const extension = extname(fileURLToPath(import.meta.url));
  const files = readdirSync(folder).filter((file) => file.endsWith(extension) && !file.endsWith(`.d${extension}`)).sort();
  const commands = new Map<string, Command>();
  for (const file of files) {
    const command = ((await import(pathToFileURL(`${folder}${file}`).href)) as { default: Command }).default;
    commands.set(command.name, command);
  }
  return commands;
}

function help(commands: Map<string, Command>): string {
  const width = Math.max(...[...commands.keys()].map((name) => name.length));
  const lines = [...commands.values()].map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return `troupe: build, break and watch small distributed systems\n\nusage: troupe <command> [options]\n\n${lines.join('\n')}\n\n'troupe <command> --help' shows a command's options.\n`;
}

async function main(argv: string[]): Promise<number> {
  const commands = await loadCommands();
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(help(commands));
    return name === undefined ? 2 : 0;
  }
  const command = commands.get(name);
  if (command === undefined) {
    process.stderr.write(`troupe: USAGE: unknown command '${name}'\n\n${help(commands)}`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`usage: ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (isTroupeError(error)) {
      process.stderr.write(`troupe ${name}: ${error.code}: ${error.message}\n`);
      if (error.code === 'USAGE') process.stderr.write(`usage: ${command.usage}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
