/**
 * The messages of the elevator system, one vocabulary for every pacing:
 * - car -> controller: what the hardware poller saw (the ElevatorDriver's events);
 * - controller -> car: the hardware writes (motor, lights, door light, floor indicator);
 * - controller <-> controller: heartbeats carrying the world view;
 * - controller <-> disks: the cab/hall calls store that survives restarts;
 * - workload -> car: passengers pressing buttons, and scripted hardware faults.
 * Against real hardware over TCP, a device actor (src/devices/elevator/carDevice.ts) takes
 * the car's place and speaks these same messages.
 */
import type { ButtonType, MotorDirection } from '../../devices/elevator/protocol.ts';
import type { Calls } from './calls.ts';
import type { Dir } from './requests.ts';

/** Hardware readings, car -> controller. */
export type CarReport =
  | { type: 'FLOOR_REACHED'; floor: number }
  | { type: 'FLOOR_LEFT'; floor: number }
  | { type: 'BUTTON'; button: ButtonType; floor: number }
  | { type: 'OBSTRUCTION'; active: boolean }
  | { type: 'STOP_BUTTON'; pressed: boolean };

/** Hardware writes, controller -> car. `CONNECT` asks the car to report its whole state again (like a driver's first poll). */
export type CarCommand =
  | { type: 'CONNECT' }
  | { type: 'MOTOR'; direction: MotorDirection }
  | { type: 'LIGHT'; button: ButtonType; floor: number; on: boolean }
  | { type: 'DOOR_LIGHT'; on: boolean }
  | { type: 'FLOOR_INDICATOR'; floor: number };

/** The physical world acting on a car: passengers and hardware faults. */
export type CarInput =
  | { type: 'PRESS'; button: ButtonType; floor: number }
  | { type: 'SET_OBSTRUCTION'; active: boolean }
  | { type: 'SET_MOTOR_STOPPED'; stopped: boolean }
  | { type: 'SET_POWER'; on: boolean };

/** An elevator's own state as the world view holds it (the assigner's input, plus availability). */
export interface ElevatorStatus {
  behaviour: 'idle' | 'moving' | 'doorOpen';
  floor: number;
  direction: Dir;
  /** False while its floor is unknown, its motor seems stopped or its door is blocked: it gets no hall calls. */
  available: boolean;
}

/** Who serves each hall call: `owners[floor][0 up | 1 down]` is an elevator index, or -1 for no one. Compact, as it rides every heartbeat. */
export type Assignment = number[][];

/** The heartbeat every controller sends every peer each period; a primary's carries the world view. */
export type Heartbeat = {
  type: 'HEARTBEAT';
  role: 'primary' | 'backup';
  /** Version of the world view the sender holds (a primary bumps it on every change). */
  version: number;
  /** Whom the sender follows (itself when primary), or null while it knows no primary. */
  primary: string | null;
  status: ElevatorStatus;
  calls: Calls;
  /** Only from a primary: the hall calls it gave each elevator. */
  assignment: Assignment | null;
};

/** Controller <-> disks. */
export type DiskRequest = { type: 'STORE'; seq: number; calls: Calls } | { type: 'LOAD' };
export type DiskReply = { type: 'STORED'; seq: number } | { type: 'LOADED'; calls: Calls | null };

/** Button types of hall calls, by direction index. */
export const HALL_BUTTONS = ['hallUp', 'hallDown'] as const;
