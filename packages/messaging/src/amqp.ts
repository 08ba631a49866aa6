/**
 * `@apilife/messaging/amqp`: the RabbitMQ (AMQP 0-9-1) transport. Needs the optional peer
 * `amqplib` (`npm i amqplib`).
 * @example
 * import { AmqpTransport } from '@apilife/messaging/amqp';
 * const transport = new AmqpTransport({ url: 'amqp://guest:guest@127.0.0.1:5672' });
 */
export { AmqpTransport } from './amqp-transport.ts';
export type { AmqpTransportOptions } from './amqp-transport.ts';
