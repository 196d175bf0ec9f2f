import { describe, expect, it } from 'vitest';
import { chooseDirection, clearsAtFloor, clearsWhileOpen, shouldStop, type FloorRequests } from '../../../src/actors/elevator/requests.ts';

const none = (): FloorRequests => ({ hallUp: false, hallDown: false, cab: false });
function building(floors: number, calls: Record<number, Partial<FloorRequests>>): FloorRequests[] {
  return Array.from({ length: floors }, (_, f) => ({ ...none(), ...calls[f] }));
}

describe('single-elevator requests', () => {
  it('passes a floor whose only call goes the other way while work lies ahead', () => {
    const r = building(4, { 1: { hallDown: true }, 3: { cab: true } });
    expect(shouldStop(r, 1, 'up')).toBe(false);
    expect(shouldStop(r, 3, 'up')).toBe(true);
  });

  it('arriving up at a floor with both calls clears only the up call, then the down call after another door period', () => {
    const r = building(4, { 2: { hallUp: true, hallDown: true }, 3: { cab: true } });
    expect(clearsAtFloor(r, 2, 'up')).toEqual({ buttons: ['hallUp'], direction: 'up' });
    // With nothing above, it turns: the up call first, and the down call waits for its own door period.
    const top = building(4, { 2: { hallUp: true, hallDown: true } });
    expect(clearsAtFloor(top, 2, 'up')).toEqual({ buttons: ['hallUp'], direction: 'up' });
    const afterFirst = building(4, { 2: { hallDown: true } });
    expect(clearsWhileOpen(afterFirst, 2, 'up').buttons).toEqual([]);
    expect(chooseDirection(afterFirst, 2, 'up')).toEqual({ direction: 'down', behaviour: 'doorOpen' });
    expect(clearsAtFloor(afterFirst, 2, 'down')).toEqual({ buttons: ['hallDown'], direction: 'down' });
  });

  it('turns at the last call in its direction and clears the call it will leave in', () => {
    const r = building(4, { 3: { hallDown: true }, 0: { cab: true } });
    expect(shouldStop(r, 3, 'up')).toBe(true);
    expect(clearsAtFloor(r, 3, 'up')).toEqual({ buttons: ['hallDown'], direction: 'down' });
  });

  it('an idle elevator opens its door for a call at its floor, else heads for the work', () => {
    expect(chooseDirection(building(4, { 1: { cab: true } }), 1, 'stop')).toEqual({ direction: 'stop', behaviour: 'doorOpen' });
    expect(chooseDirection(building(4, { 0: { hallUp: true } }), 2, 'stop')).toEqual({ direction: 'down', behaviour: 'moving' });
    expect(chooseDirection(building(4, {}), 2, 'stop')).toEqual({ direction: 'stop', behaviour: 'idle' });
  });

  it('while the door is open, a cab call here is cleared at once', () => {
    expect(clearsWhileOpen(building(4, { 1: { cab: true, hallDown: true } }), 1, 'up')).toEqual({ buttons: ['cab'], direction: 'up' });
  });
});
