/** The chat gateway: people chat through a realtime chat run over WebSocket on loopback. */
export { ChatGateway, type ChatGatewayOptions } from './gateway.ts';
export { parseCommand, commandBytesMax, type GatewayCommand, type GatewayEvent } from './protocol.ts';
