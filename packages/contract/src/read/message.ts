import type { Cursor, Report } from './cursor.ts';
import { readLifecycleFacts, type LifecycleFacts } from './lifecycle.ts';
import { isObject } from './values.ts';

/**
 * An AsyncAPI 3 Message Object with its traits applied: its texts, payload and headers (also in
 * the Multi Format Schema form), correlation id and lifecycle.
 * @see https://www.asyncapi.com/docs/reference/specification/v3.0.0#messageObject
 * @see https://www.asyncapi.com/docs/reference/specification/v3.0.0#messageTraitObject
 * @see https://www.asyncapi.com/docs/reference/specification/v3.0.0#multiFormatSchemaObject
 */
export interface MessageRead<N> {
  /** The message, its `$ref` followed. */
  at: N;
  /** A member with the traits applied (`withTraits`). */
  field: (key: string) => N | undefined;
  name?: string;
  title?: string;
  summary?: string;
  contentType?: string;
  payload?: SchemaHolderRead<N>;
  headers?: SchemaHolderRead<N>;
  /** The Correlation ID Object, its `$ref` followed, and its `location`. */
  correlationId?: { at: N; location?: string };
  /** `deprecated: true` (of the message or a trait). */
  deprecated: boolean;
  lifecycle?: LifecycleFacts;
}

/** A payload or headers schema: where it is written, and the schema itself (a Multi Format Schema Object unwrapped). */
export interface SchemaHolderRead<N> {
  /** The member as written (`payload`, `headers`). */
  at: N;
  /** The schema as written (a `$ref` stays a `$ref`): the member, or its `schema` in the Multi Format form. */
  schema: N;
  /** `schemaFormat` of the Multi Format form. */
  format?: string;
}

/** Reads a message (its `$ref` followed first); one that is not an object is reported and `undefined`. */
export function readMessage<N extends { value: unknown }>(cursor: Cursor<N>, written: N, report: Report<N>): MessageRead<N> | undefined {
  const at = cursor.deref(written);
  if (!isObject(at.value)) {
    report('a message must be an object', at);
    return undefined;
  }
  const field = withTraits(cursor, at);
  const text = (key: string) => {
    const value = field(key)?.value;
    return typeof value === 'string' ? value : undefined;
  };
  const message: MessageRead<N> = { at, field, deprecated: field('deprecated')?.value === true };
  for (const key of ['name', 'title', 'summary', 'contentType'] as const) {
    const value = text(key);
    if (value !== undefined) message[key] = value;
  }
  const payload = field('payload');
  if (payload) message.payload = readSchemaHolder(cursor, payload, report);
  const headers = field('headers');
  if (headers) message.headers = readSchemaHolder(cursor, headers, report);
  const correlation = field('correlationId');
  if (correlation) {
    const target = cursor.deref(correlation);
    if (isObject(target.value))
      message.correlationId = typeof target.value.location === 'string' ? { at: target, location: target.value.location } : { at: target };
  }
  const lifecycle = readLifecycleFacts(field('x-lifecycle')?.value);
  if (lifecycle) message.lifecycle = lifecycle;
  return message;
}

/**
 * A schema member, also in the Multi Format Schema form (`{ schemaFormat, schema }`); a format
 * apilife does not read (anything but JSON Schema, OpenAPI or AsyncAPI schemas) is reported.
 */
export function readSchemaHolder<N extends { value: unknown }>(cursor: Cursor<N>, at: N, report: Report<N>): SchemaHolderRead<N> {
  const target = cursor.deref(at);
  const value = target.value;
  if (isObject(value) && typeof value.schemaFormat === 'string' && value.schema !== undefined) {
    if (!/json|openapi|asyncapi|schema\+yaml/i.test(value.schemaFormat))
      report(`schemaFormat "${value.schemaFormat}" is not supported (JSON Schema, OpenAPI or AsyncAPI schemas)`, target);
    return { at, schema: cursor.member(target, 'schema')!, format: value.schemaFormat };
  }
  return { at, schema: at };
}

/**
 * A message or operation with its `traits` applied: `field(key)` is the object's own member as
 * written (a `$ref` stays a `$ref`), else that of the last trait that has it. The AsyncAPI traits
 * merge is a JSON Merge Patch in which the object wins; this takes each top-level member whole
 * from the object or one trait, so a member written in both (two `headers` schemas) is the
 * object's own, not the two merged.
 * @see https://www.asyncapi.com/docs/reference/specification/v3.0.0#messageTraitObject
 */
export function withTraits<N extends { value: unknown }>(cursor: Cursor<N>, target: N): (key: string) => N | undefined {
  const traits = cursor
    .items(cursor.child(target, 'traits'))
    .filter((t) => isObject(t.value))
    .reverse();
  return (key) => {
    for (const holder of [target, ...traits]) {
      const member = cursor.member(holder, key);
      if (member !== undefined) return member;
    }
    return undefined;
  };
}
