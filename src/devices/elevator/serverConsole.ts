/**
 * The text commands a person types at `troupe device elevator` to play the car's world:
 * press buttons, hold the obstruction switch, inject the motor fault, look at the car.
 * One line in, one line of answer out; no I/O here, the command wires stdin/stdout.
 */
import { TroupeError } from '../../runtime/errors.ts';
import type { ButtonType } from './protocol.ts';
import type { ElevatorServer } from './server.ts';

/** Help shown by `help` and on an unknown console command. */
export const CONSOLE_HELP = [
  'commands:',
  '  press up|down|cab <floor>   press a button (held 200 ms)',
  '  obstruction on|off          the obstruction switch',
  '  stop on|off                 the stop button',
  '  motor-fault on|off          motor runs but the car does not move',
  '  state                       show the car',
  '  help',
].join('\n');

const BUTTON_WORDS: Record<string, ButtonType> = { up: 'hallUp', down: 'hallDown', cab: 'cab' };

function onOff(word: string | undefined, command: string): boolean {
  if (word === 'on') return true;
  if (word === 'off') return false;
  throw new TroupeError('COMMAND_INVALID', `${command}: expected on or off, got ${word ?? 'nothing'}`);
}

/** One line describing the car, e.g. `t=1520ms pos=0.76 sensor=- motor=up door=off obstruction=off`. */
export function describeCar(server: ElevatorServer): string {
  const s = server.sync().state();
  const lit = s.buttonLights.flatMap((l, f) => (['hallUp', 'hallDown', 'cab'] as const).filter((b) => l[b]).map((b) => `${b}@${f}`));
  return [
    `t=${Math.round(s.nowMs)}ms`,
    `pos=${s.positionFloors.toFixed(2)}`,
    `sensor=${s.floorSensor ?? '-'}`,
    `motor=${s.motorDirection}${s.motorStopped ? '(fault)' : ''}`,
    `door=${s.doorLight ? 'on' : 'off'}`,
    `obstruction=${s.obstruction ? 'on' : 'off'}`,
    `stop=${s.stopPressed ? 'on' : 'off'}`,
    `indicator=${s.floorIndicator}`,
    `lights=[${lit.join(' ')}]`,
    `client=${server.hasClient() ? 'yes' : 'no'}`,
  ].join(' ');
}

/**
 * Applies one console line to the server and returns the answer to print. A malformed
 * line is a COMMAND_INVALID error whose message says what was expected.
 *
 * @example
 * applyConsoleLine(server, 'press cab 2') // 'pressed cab at floor 2'
 */
export function applyConsoleLine(server: ElevatorServer, line: string): string {
  const [command, ...rest] = line.trim().split(/\s+/);
  const car = server.sync();
  switch (command) {
    case '':
    case undefined:
      return '';
    case 'help':
      return CONSOLE_HELP;
    case 'state':
      return describeCar(server);
    case 'press': {
      const button = BUTTON_WORDS[rest[0] ?? ''];
      const floor = Number(rest[1]);
      if (button === undefined || !Number.isInteger(floor)) {
        throw new TroupeError('COMMAND_INVALID', `press: expected "press up|down|cab <floor>", got "${line.trim()}"`);
      }
      if (!server.press(button, floor)) {
        throw new TroupeError('COMMAND_INVALID', `press: there is no ${rest[0]} button at floor ${floor} in a ${car.floors}-floor building`);
      }
      return `pressed ${rest[0]} at floor ${floor}`;
    }
    case 'obstruction':
      car.setObstruction(onOff(rest[0], command));
      return `obstruction ${rest[0]}`;
    case 'stop':
      car.setStopPressed(onOff(rest[0], command));
      return `stop ${rest[0]}`;
    case 'motor-fault':
      car.setMotorStopped(onOff(rest[0], command));
      return `motor fault ${rest[0]}`;
    default:
      throw new TroupeError('COMMAND_INVALID', `unknown command "${command}"\n${CONSOLE_HELP}`);
  }
}
