/**
 * What the driver's poller reads each cycle, and how two consecutive readings turn into
 * events. Pure: the driver owns the socket and the timer; this file owns "what changed".
 */
import { BUTTON_TYPES } from './protocol.ts';
import type { ButtonType } from './protocol.ts';

/** Everything one poll cycle reads. `buttons[floor][type]` is true while held. */
export interface ElevatorReadings {
  floor: number | null;
  obstruction: boolean;
  stop: boolean;
  buttons: Record<ButtonType, boolean>[];
}

/** Events the poller reports, in the order they are emitted within one cycle. */
export type PollEvent =
  | { type: 'floorLeft'; floor: number }
  | { type: 'floorReached'; floor: number }
  | { type: 'obstruction'; active: boolean }
  | { type: 'stop'; pressed: boolean }
  | { type: 'buttonPressed'; button: ButtonType; floor: number };

/**
 * The readings before anything is known: no floor, switches off, nothing pressed. Diffing
 * the first real readings against these reports the car's current state as events.
 *
 * @example
 * initialReadings(4).buttons.length // 4
 */
export function initialReadings(floors: number): ElevatorReadings {
  return {
    floor: null,
    obstruction: false,
    stop: false,
    buttons: Array.from({ length: floors }, () => ({ hallUp: false, hallDown: false, cab: false })),
  };
}

/**
 * The buttons that exist in a building of `floors` floors, in poll order (floor, then
 * up/down/cab): no hall up at the top floor and no hall down at the bottom.
 *
 * @example
 * existingButtons(2) // [[0,'hallUp'],[0,'cab'],[1,'hallDown'],[1,'cab']]
 */
export function existingButtons(floors: number): [number, ButtonType][] {
  const buttons: [number, ButtonType][] = [];
  for (let floor = 0; floor < floors; floor++) {
    for (const button of BUTTON_TYPES) {
      if (button === 'hallUp' && floor === floors - 1) continue;
      if (button === 'hallDown' && floor === 0) continue;
      buttons.push([floor, button]);
    }
  }
  return buttons;
}

/**
 * The events between two readings: floor left before floor reached, then the switches,
 * then buttons that went from released to pressed (a held button reports once).
 *
 * @example
 * diffReadings(initialReadings(4), { ...initialReadings(4), floor: 0 }) // [{ type: 'floorReached', floor: 0 }]
 */
export function diffReadings(before: ElevatorReadings, after: ElevatorReadings): PollEvent[] {
  const events: PollEvent[] = [];
  if (before.floor !== after.floor) {
    if (before.floor !== null) events.push({ type: 'floorLeft', floor: before.floor });
    if (after.floor !== null) events.push({ type: 'floorReached', floor: after.floor });
  }
  if (before.obstruction !== after.obstruction) events.push({ type: 'obstruction', active: after.obstruction });
  if (before.stop !== after.stop) events.push({ type: 'stop', pressed: after.stop });
  after.buttons.forEach((floorButtons, floor) => {
    for (const button of BUTTON_TYPES) {
      if (floorButtons[button] && !before.buttons[floor]?.[button]) events.push({ type: 'buttonPressed', button, floor });
    }
  });
  return events;
}
