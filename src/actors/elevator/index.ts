/**
 * The networked elevators (SYSTEMS.md §5): controller, simulated car, disks, passengers,
 * the pure parts they are built from, and the checks.
 */
export { elevatorController, type ControllerEvent } from './controller.ts';
export { defaultControllerTiming, type ControllerInput, type ControllerTiming } from './controllerLogic.ts';
export { simulatedCar, type CarInputOptions } from './car.ts';
export { elevatorDisks } from './disks.ts';
export { passengers, type ScriptStep, type WorkloadInput } from './workload.ts';
export * from './calls.ts';
export * from './requests.ts';
export { alivePeers, heartbeatOf, isAlive, lightsOf, myRequests, receiveHeartbeat, refreshView, tick, type Lights, type NetState, type PeerInfo } from './worldView.ts';
export type { Assignment, CarCommand, CarInput, CarReport, ElevatorStatus, Heartbeat } from './messages.ts';
export { assignHallRequests } from './assigner.ts';
