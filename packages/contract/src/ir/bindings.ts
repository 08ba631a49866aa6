import { isObject } from '../model/resolve.ts';
import { escapeToken } from '../pointer.ts';
import type { At, DocumentReader } from './document.ts';
import type { BindingIR, BindingsIR, JsonValue } from './types.ts';

/**
 * The fields of each protocol's bindings whose value is a schema, by protocol.
 * @see https://github.com/asyncapi/bindings (http, ws, kafka, mqtt, anypointmq)
 */
const SCHEMA_FIELDS: { [protocol: string]: readonly string[] } = {
  http: ['query', 'headers'],
  ws: ['query', 'headers'],
  kafka: ['key', 'groupId', 'clientId'],
  mqtt: ['correlationData'],
  anypointmq: ['headers'],
};

/**
 * The `bindings` of a server, channel, operation or message (a Bindings Object, or a `$ref` to
 * one): each protocol's fields as written, the schema-valued ones built as schemas; undefined when
 * there are none.
 * @see https://www.asyncapi.com/docs/reference/specification/v3.0.0#messageBindingsObject
 */
export function readBindings(reader: DocumentReader, bindings: At | undefined): BindingsIR | undefined {
  const out: BindingsIR = {};
  for (const [protocol, at] of reader.entries(bindings)) {
    if (!isObject(at.value)) continue;
    const binding: BindingIR = { values: {}, schemas: {} };
    for (const [field, value] of Object.entries(at.value)) {
      if (field === 'bindingVersion') continue;
      if (Object.hasOwn(SCHEMA_FIELDS, protocol) && SCHEMA_FIELDS[protocol]!.includes(field))
        own(binding.schemas, field, reader.schemas.build(value, `${at.pointer}/${escapeToken(field)}`));
      else own(binding.values, field, value as JsonValue);
    }
    own(out, protocol, binding);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Sets an own member, whatever its name (a key `__proto__` from a contract is a key like any other). */
function own<T>(target: { [key: string]: T }, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
