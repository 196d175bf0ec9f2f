/**
 * `troupe device <kind> [flags]`: runs a device emulator on its own, so anyone can try a
 * system without hardware. `mpower` starts an SSH mPower strip emulator
 * (src/devices/mpower/emulator.ts); `elevator` starts the elevator hardware server
 * (src/devices/elevator/server.ts). Both bind 127.0.0.1 unless `--host` says otherwise
 * and run until Ctrl-C.
 */
import type { Command } from '../command.ts';
import { exitCodes } from '../command.ts';
import { TroupeError } from '../../runtime/errors.ts';

const usage = [
  'usage: troupe device mpower [--port 2222] [--outlets 6] [--host 127.0.0.1] [--password P]',
  '       troupe device elevator [--port 15657] [--floors 4] [--host 127.0.0.1]',
].join('\n');

type Closable = { close(): Promise<void> };

/** Each device kind: how to start it from its flags (loaded lazily, so one missing module does not break the other). */
const devices: Record<string, (args: string[]) => Promise<Closable>> = {
  mpower: async (args) => {
    const module = (await import('../../devices/mpower/emulator.ts')) as { runMpowerEmulatorCommand?: (args: string[]) => Promise<Closable> };
    if (typeof module.runMpowerEmulatorCommand !== 'function') throw new TroupeError('USAGE', "'troupe device mpower' is not available in this build: src/devices/mpower/emulator.ts exports no runMpowerEmulatorCommand");
    return module.runMpowerEmulatorCommand(args);
  },
  elevator: async (args) => {
    const module = (await import('../../devices/elevator/server.ts')) as { runElevatorServerCommand?: (args: string[]) => Promise<Closable> };
    if (typeof module.runElevatorServerCommand !== 'function') throw new TroupeError('USAGE', "'troupe device elevator' is not available in this build: src/devices/elevator/server.ts exports no runElevatorServerCommand");
    return module.runElevatorServerCommand(args);
  },
};

/** Waits for SIGINT or SIGTERM, then closes the device. */
function untilSignal(device: Closable): Promise<number> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void device.close().then(() => resolve(exitCodes.ok));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * The `device` command.
 *
 * @example
 * await deviceCommand.run(['mpower', '--port', '2222', '--outlets', '6']);
 */
const deviceCommand: Command = {
  name: 'device',
  summary: 'Run a device emulator on its own: an mPower strip over SSH, or the elevator hardware server',
  usage,
  async run(args) {
    const [kind, ...rest] = args;
    const start = kind === undefined ? undefined : devices[kind];
    if (start === undefined) {
      throw new TroupeError('USAGE', `${kind === undefined ? 'troupe device needs a device kind' : `unknown device '${kind}'`}; known: ${Object.keys(devices).join(', ')}\n${usage}`);
    }
    const device = await start(rest);
    return untilSignal(device);
  },
};

export default deviceCommand;
