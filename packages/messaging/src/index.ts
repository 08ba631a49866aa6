/**
 * `@apilife/messaging`: what generated publishers and subscribers import. The core: the CloudEvents
 * envelope, the `Transport` interface and the in-memory transport, the asynchronous interaction
 * styles with acknowledgement, retries, dead letters and de-duplication, addresses, validators,
 * bindings and `selectTransport`. It loads no broker client: each transport is a subpath entry
 * (`@apilife/messaging/nats`, `/amqp`, `/redis`, `/mqtt`; the PostgreSQL inbox at `/postgres`),
 * its client an optional peer dependency (ADR 0023).
 */
export { createEnvelope, decodeEnvelope, encodeEnvelope, encodeStructured, EnvelopeError, STRUCTURED_CONTENT_TYPE } from './envelope.ts';
export type { Envelope, EnvelopeInit, WireMessage } from './envelope.ts';
export type { ConsumeOptions, Consumer, Transport, TransportDelivery } from './transport.ts';
export { MemoryTransport } from './memory-transport.ts';
export { createMemoryDedupeStore } from './dedupe.ts';
export type { DedupeStore, MemoryDedupeOptions } from './dedupe.ts';
export { createMessaging, DEAD_LETTER_GROUP, InvalidMessageError, ReplyTimeoutError } from './messaging.ts';
export type {
  HandlerContext,
  Messaging,
  MessagingEvent,
  MessagingOptions,
  PayloadValidator,
  SubscribeOptions,
  Subscription,
} from './messaging.ts';
export { AddressError, channelAddress, channelPattern, parseAddress, RESERVED } from './address.ts';
export type { AddressPart, AddressTemplate } from './address.ts';
export { messageValidator } from './message-validator.ts';
export type { GeneratedCheck, MessageValidatorOptions } from './message-validator.ts';
export { bindOperations } from './bindings.ts';
export type { ChannelContext, HandlerOptions, MessageSpec, MessagingOperationSpec, SendInit } from './bindings.ts';
export { chooseTransport, selectTransport, TransportConfigError } from './select-transport.ts';
export type { ContractServer, SelectTransportOptions, TransportChoice, TransportKind } from './select-transport.ts';
export type { OrderingKey } from './key-sequencer.ts';
export type { Inbox } from './inbox.ts';
