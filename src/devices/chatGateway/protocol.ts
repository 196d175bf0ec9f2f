/**
 * The chat gateway's WebSocket protocol (JSON text frames), shared by the gateway and the
 * terminal client. A person's command names one chat operation; the gateway answers with
 * its result and pushes messages as they arrive.
 */
import { TroupeError } from '../../runtime/errors.ts';
import type { ChatMessage, ClientOp, OpResult } from '../../actors/chat/types.ts';

/** Client -> gateway: one operation. `send` needs no `from`: the gateway fills in the logged-in account. */
export type GatewayCommand =
  | { kind: 'create'; name: string }
  | { kind: 'login'; name: string }
  | { kind: 'list'; pattern: string }
  | { kind: 'send'; to: string; text: string }
  | { kind: 'fetch' }
  | { kind: 'delete'; name: string };

/** Gateway -> client. */
export type GatewayEvent =
  | { type: 'hello'; slot: string; leader: string | null }
  | { type: 'result'; op: ClientOp; result: OpResult }
  | { type: 'failed'; op: ClientOp; reason: string }
  | { type: 'message'; message: Omit<ChatMessage, 'fc' | 'o'> }
  | { type: 'leader'; leader: string }
  | { type: 'error'; code: string; message: string };

/** Longest command frame accepted. */
export const commandBytesMax = 4_096;

/**
 * Parses and validates a command frame, naming the wrong part.
 *
 * @example
 * parseCommand('{"kind":"send","to":"bob","text":"hi"}') // => { kind: 'send', to: 'bob', text: 'hi' }
 */
export function parseCommand(text: string): GatewayCommand {
  const fail = (message: string): never => {
    throw new TroupeError('CHAT_COMMAND_INVALID', message);
  };
  if (text.length > commandBytesMax) fail(`command is ${text.length} bytes; at most ${commandBytesMax}`);
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text);
  } catch {
    return fail('command is not JSON; send e.g. {"kind":"send","to":"bob","text":"hi"}');
  }
  const field = (name: string) => {
    const v = value[name];
    if (typeof v !== 'string' || v.length === 0) fail(`command '${String(value.kind)}' needs a non-empty string '${name}'`);
    return v as string;
  };
  switch (value?.kind) {
    case 'create':
    case 'login':
    case 'delete':
      return { kind: value.kind, name: field('name') };
    case 'list':
      return { kind: 'list', pattern: typeof value.pattern === 'string' && value.pattern !== '' ? value.pattern : '*' };
    case 'send':
      return { kind: 'send', to: field('to'), text: field('text') };
    case 'fetch':
      return { kind: 'fetch' };
    default:
      return fail(`unknown command kind ${JSON.stringify(value?.kind)}; one of create, login, list, send, fetch, delete`);
  }
}
