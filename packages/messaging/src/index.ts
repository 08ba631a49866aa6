/**
 * `@apilife/messaging`: what generated publishers and subscribers import. A transport interface
 * (in-memory, NATS JetStream, RabbitMQ, Redis Streams, MQTT 5), the CloudEvents envelope, and the asynchronous
 * interaction styles with acknowledgement, retries, dead letters and de-duplication.
 */
export { createEnvelope, decodeEnvelope, encodeEnvelope, encodeStructured, EnvelopeError, STRUCTURED_CONTENT_TYPE } from './envelope.ts';
export type { Envelope, EnvelopeInit, WireMessage } from './envelope.ts';
export type { ConsumeOptions, Consumer, Transport, TransportDelivery } from './transport.ts';
export { MemoryTransport } from './memory-transport.ts';
export { createMemoryDedupeStore } from './dedupe.ts';
export type { DedupeStore, MemoryDedupeOptions } from './dedupe.ts';
export { createMessaging, DEAD_LETTER_GROUP, InvalidMessageError, ReplyTimeoutError } from './messaging.ts';
export { NatsTransport, PublishNotAcknowledgedError } from './nats-transport.ts';
export type { NatsTransportOptions } from './nats-transport.ts';
export { AmqpTransport } from './amqp-transport.ts';
export type { AmqpTransportOptions } from './amqp-transport.ts';
export type { HandlerContext, Messaging, MessagingEvent, MessagingOptions, PayloadValidator, SubscribeOptions, Subscription } from './messaging.ts';
export { AddressError, channelAddress, channelPattern, parseAddress, RESERVED } from './address.ts';
export type { AddressPart, AddressTemplate } from './address.ts';
export { messageValidator } from './message-validator.ts';
export type { GeneratedCheck } from './message-validator.ts';
export { bindOperations } from './bindings.ts';
export type { HandlerOptions, MessageSpec, MessagingOperationSpec, SendInit } from './bindings.ts';
export { selectTransport, TransportConfigError } from './select-transport.ts';
export type { ContractServer, SelectTransportOptions, TransportKind } from './select-transport.ts';
export { MqttTransport } from './mqtt-transport.ts';
export type { MqttTransportOptions } from './mqtt-transport.ts';
export { RedisTransport } from './redis-transport.ts';
export type { RedisTransportOptions } from './redis-transport.ts';
export type { OrderingKey } from './key-sequencer.ts';
export { createPostgresInbox } from './inbox.ts';
export type { Inbox } from './inbox.ts';
