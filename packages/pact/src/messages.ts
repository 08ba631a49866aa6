import { MatchersV3 as M, type PactV4 } from '@pact-foundation/pact';
import type { AsynchronousMessage } from '@pact-foundation/pact/src/v4/message/types.js';
import { channelAddress, encodeEnvelope, type Envelope, type WireMessage } from '@apilife/messaging';
import { DATE_TIME, escapeRegex, type Matchable, type SchemaPlan, type SchemaPlans, withMatchers } from './plans.ts';
import { given, type Given } from './states.ts';

/** One message a provider sends, as the generated `pact.gen.ts` describes it. */
export interface MessageSpec {
  /** CloudEvents `type` (the `ce-type` header), when the contract names it. */
  type?: string;
  contentType: string;
  payload?: SchemaPlan;
}

/** A send operation of the provider's AsyncAPI contract: its channel and its messages by name. */
export interface MessageOperationSpec {
  operationId: string;
  /** Address template of the channel, e.g. `delivery.{deliveryId}.events`; `''` for a dynamic one (a reply to the request's `replyto`). */
  channel: string;
  /** A reply the provider sends to a request it receives (`reply` of a receive operation). */
  reply?: boolean;
  messages: { readonly [name: string]: MessageSpec };
}

/** CloudEvents attributes a consumer may rely on besides the ones every message has (`id`, `source`, `time`, `type`). */
export interface EnvelopeAttributes {
  source?: Matchable<string>;
  subject?: Matchable<string>;
  correlationid?: Matchable<string>;
  causationid?: Matchable<string>;
  replyto?: Matchable<string>;
}

/**
 * One message interaction, typed by the provider's send operation: `M` maps its messages' names to
 * their payloads, `P` is the channel's parameters, `S` the provider's states.
 */
export type MessageInteraction<M, P, S> = {
  given?: Given<S>;
  /** What the consumer receives, e.g. `a DeliveryCreated event` (unique within the pact). */
  expectsToReceive: string;
  /** The channel's parameters: the concrete address the message arrives on. */
  params: P;
  /** The concrete address, for a channel without one in the contract (a reply sent to the request's `replyto`). */
  address?: string;
  attributes?: EnvelopeAttributes;
} & { [K in keyof M]: { message: K; data: Matchable<M[K]> } }[keyof M];

/** The message of a pact, as the consumer's messaging receives it: the address, the envelope, the wire form. */
export interface PactMessage {
  channel: string;
  envelope: Envelope;
  wire: WireMessage;
}

/** A message interaction ready to run against the consumer's code. */
export interface ReadyMessageInteraction {
  /** Runs the consumer's code on the message (e.g. `PactTransport.deliver`); the pact is written when it succeeds. */
  executeTest(handler: (message: PactMessage) => Promise<unknown>): Promise<void>;
}

/**
 * Adds an asynchronous message interaction: the payload with the schema's matchers, the metadata
 * with the channel (its template as a regex), the content type and the CloudEvents attributes
 * (`type` exact, `id` a UUID, `time` RFC 3339), and the AsyncAPI operation it belongs to
 * (`comments.references.AsyncAPI.operationId`, which `apilife pact check` reads).
 */
export function addMessageInteraction<M, P, S>(
  pact: PactV4,
  spec: MessageOperationSpec,
  plans: SchemaPlans,
  interaction: MessageInteraction<M, P, S>,
): ReadyMessageInteraction {
  const name = interaction.message as string;
  const message = spec.messages[name];
  if (!message) throw new TypeError(`${spec.operationId}: the contract's operation sends no message "${name}"`);
  const channel = spec.channel === '' ? interaction.address : channelAddress(spec.channel, interaction.params as Record<string, string>);
  if (channel === undefined)
    throw new TypeError(`${spec.operationId}: the channel has no address in the contract; give the interaction's \`address\``);
  const metadata: Record<string, unknown> = {
    contentType: message.contentType,
    channel: spec.channel === '' ? M.string(channel) : M.regex(addressRegex(spec.channel), channel),
    specversion: '1.0',
    id: M.uuid('4f2d6c1e-8a3b-4c5d-9e6f-7a8b9c0d1e2f'),
    source: M.string('/provider'),
    time: M.regex(DATE_TIME, '2026-01-01T00:00:00.000Z'),
    datacontenttype: message.contentType,
  };
  if (message.type !== undefined) metadata.type = message.type;
  for (const [key, value] of Object.entries(interaction.attributes ?? {}))
    if (value !== undefined) metadata[key] = withMatchers(undefined, plans, value);
  const unconfigured = given(pact.addAsynchronousInteraction(), interaction.given as Given<unknown> | undefined)
    .reference('AsyncAPI', 'operationId', spec.operationId)
    .reference('AsyncAPI', 'message', name);
  const ready = unconfigured.expectsToReceive(interaction.expectsToReceive, (builder) => {
    builder.withJSONContent(withMatchers(message.payload, plans, interaction.data)).withMetadata(metadata as Record<string, string>);
  });
  return {
    async executeTest(handler) {
      await ready.executeTest(async (received: AsynchronousMessage) => {
        await handler(toPactMessage(received));
      });
    },
  };
}

/** A regex for the concrete addresses of an address template (`delivery.{id}.events` → `^delivery\.[^.]+\.events$`). */
export function addressRegex(template: string): string {
  return `^${template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^./]+' : escapeRegex(part)))
    .join('')}$`;
}

/** The pact's example message as an envelope on the wire (CloudEvents binary mode). */
function toPactMessage(received: AsynchronousMessage): PactMessage {
  const meta = received.metadata as Record<string, unknown>;
  const attribute = (key: string): string | undefined => (typeof meta[key] === 'string' ? (meta[key] as string) : undefined);
  const envelope: Envelope = {
    specversion: '1.0',
    id: attribute('id') ?? '',
    source: attribute('source') ?? '',
    type: attribute('type') ?? '',
    time: attribute('time') ?? '',
    datacontenttype: attribute('datacontenttype') ?? attribute('contentType') ?? 'application/json',
    data: received.contents.content,
  };
  for (const key of ['subject', 'correlationid', 'causationid', 'replyto'] as const) {
    const value = attribute(key);
    if (value !== undefined) envelope[key] = value;
  }
  return { channel: attribute('channel') ?? '', envelope, wire: encodeEnvelope(envelope) };
}
