/**
 * `@apilife/messaging/nats`: the NATS JetStream transport. Needs the optional peers
 * `@nats-io/transport-node` and `@nats-io/jetstream` (`npm i @nats-io/transport-node @nats-io/jetstream`).
 * @example
 * import { createMessaging } from '@apilife/messaging';
 * import { NatsTransport } from '@apilife/messaging/nats';
 * const messaging = createMessaging({ transport: new NatsTransport({ servers: '127.0.0.1:4222' }), source: '/orders' });
 */
export { NatsTransport, PublishNotAcknowledgedError } from './nats-transport.ts';
export type { NatsTransportOptions } from './nats-transport.ts';
