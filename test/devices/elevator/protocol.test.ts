import { describe, expect, it } from 'vitest';
import { decodeReply, decodeRequest, encodeReply, encodeRequest, isReadRequest } from '../../../src/devices/elevator/index.ts';
import type { ElevatorReadRequest, ElevatorRequest } from '../../../src/devices/elevator/index.ts';
import { isTroupeError } from '../../../src/runtime/errors.ts';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

function expectProtocolError(fn: () => unknown, pattern: RegExp): void {
  try {
    fn();
  } catch (error) {
    expect(isTroupeError(error, 'ELEVATOR_PROTOCOL')).toBe(true);
    expect((error as Error).message).toMatch(pattern);
    return;
  }
  throw new Error('expected an ELEVATOR_PROTOCOL error');
}

describe('elevator protocol', () => {
  const table: [ElevatorRequest, number[]][] = [
    [{ type: 'reloadConfig' }, [0, 0, 0, 0]],
    [{ type: 'motorDirection', direction: 'stop' }, [1, 0, 0, 0]],
    [{ type: 'motorDirection', direction: 'up' }, [1, 1, 0, 0]],
    [{ type: 'motorDirection', direction: 'down' }, [1, 255, 0, 0]],
    [{ type: 'buttonLight', button: 'hallUp', floor: 0, on: true }, [2, 0, 0, 1]],
    [{ type: 'buttonLight', button: 'hallDown', floor: 3, on: false }, [2, 1, 3, 0]],
    [{ type: 'buttonLight', button: 'cab', floor: 2, on: true }, [2, 2, 2, 1]],
    [{ type: 'floorIndicator', floor: 3 }, [3, 3, 0, 0]],
    [{ type: 'doorLight', on: true }, [4, 1, 0, 0]],
    [{ type: 'stopLight', on: false }, [5, 0, 0, 0]],
    [{ type: 'buttonPressed', button: 'cab', floor: 1 }, [6, 2, 1, 0]],
    [{ type: 'floorSensor' }, [7, 0, 0, 0]],
    [{ type: 'stopButton' }, [8, 0, 0, 0]],
    [{ type: 'obstruction' }, [9, 0, 0, 0]],
  ];

  it('encodes every command as the 4 bytes of the table and decodes them back', () => {
    for (const [request, wire] of table) {
      expect(Array.from(encodeRequest(request, 4)), request.type).toEqual(wire);
      expect(decodeRequest(bytes(...wire), 4)).toEqual(request);
    }
    expect(table.filter(([r]) => isReadRequest(r)).map(([r]) => r.type)).toEqual(['buttonPressed', 'floorSensor', 'stopButton', 'obstruction']);
  });

  it('encodes and decodes every reply', () => {
    expect(Array.from(encodeReply({ type: 'floorSensor', floor: 2 }))).toEqual([7, 1, 2, 0]);
    expect(Array.from(encodeReply({ type: 'floorSensor', floor: null }))).toEqual([7, 0, 0, 0]);
    expect(Array.from(encodeReply({ type: 'buttonPressed', pressed: true }))).toEqual([6, 1, 0, 0]);
    expect(Array.from(encodeReply({ type: 'stopButton', pressed: true }))).toEqual([8, 1, 0, 0]);
    expect(Array.from(encodeReply({ type: 'obstruction', active: false }))).toEqual([9, 0, 0, 0]);
    const reads: ElevatorReadRequest[] = [{ type: 'buttonPressed', button: 'hallUp', floor: 0 }, { type: 'floorSensor' }, { type: 'stopButton' }, { type: 'obstruction' }];
    for (const read of reads) {
      const reply = read.type === 'floorSensor' ? { type: read.type, floor: 3 } : read.type === 'obstruction' ? { type: read.type, active: true } : { type: read.type, pressed: true };
      expect(decodeReply(read, encodeReply(reply as never), 4)).toEqual(reply);
    }
  });

  it('trusts only byte 1 of the stop reply, since one server sends a wrong first byte', () => {
    expect(decodeReply({ type: 'stopButton' }, bytes(0, 1, 0, 0), 4)).toEqual({ type: 'stopButton', pressed: true });
    expect(decodeReply({ type: 'stopButton' }, bytes(42, 0, 7, 7), 4)).toEqual({ type: 'stopButton', pressed: false });
  });

  it('rejects a reply whose first byte does not echo its read', () => {
    expectProtocolError(() => decodeReply({ type: 'floorSensor' }, bytes(6, 1, 2, 0), 4), /first byte is 6, expected 7/);
    expectProtocolError(() => decodeReply({ type: 'obstruction' }, bytes(0, 0, 0, 0), 4), /first byte is 0, expected 9/);
  });

  it('rejects an out-of-range floor, a non-boolean value and a short message', () => {
    expectProtocolError(() => decodeReply({ type: 'floorSensor' }, bytes(7, 1, 4, 0), 4), /floor 4 is outside 0\.\.3/);
    expectProtocolError(() => decodeReply({ type: 'buttonPressed', button: 'cab', floor: 0 }, bytes(6, 2, 0, 0), 4), /value byte is 2/);
    expectProtocolError(() => decodeReply({ type: 'obstruction' }, bytes(9, 1, 0), 4), /exactly 4/);
    expect(decodeReply({ type: 'floorSensor' }, bytes(7, 0, 9, 0), 4)).toEqual({ type: 'floorSensor', floor: null });
  });

  it('rejects malformed requests: unknown command, motor byte, button type, floor', () => {
    expectProtocolError(() => decodeRequest(bytes(10, 0, 0, 0), 4), /command 10 is unknown/);
    expectProtocolError(() => decodeRequest(bytes(1, 2, 0, 0), 4), /direction byte 2/);
    expectProtocolError(() => decodeRequest(bytes(6, 3, 0, 0), 4), /button type 3/);
    expectProtocolError(() => decodeRequest(bytes(2, 0, 4, 1), 4), /floor 4 is outside/);
    expectProtocolError(() => encodeRequest({ type: 'floorIndicator', floor: -1 }, 4), /floor -1 is outside/);
  });
});
