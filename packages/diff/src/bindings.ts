import type { BindingsIR, JsonValue } from '@apilife/contract';
import { child, type Changes, type Place } from './report.ts';
import { diffSchema, type SchemaContext } from './schema.ts';

/** Which AsyncAPI object the bindings belong to. */
export type BindingHolder = 'server' | 'channel' | 'operation' | 'message';

/**
 * Binding fields that say where messages go, by protocol and holder: changing one is like changing
 * the channel address (publishers and subscribers no longer meet).
 * @see https://github.com/asyncapi/bindings
 */
const DESTINATION: { [protocol: string]: Partial<Record<BindingHolder, readonly string[]>> } = {
  kafka: { channel: ['topic'] },
  amqp: { channel: ['is', 'exchange.name', 'exchange.type', 'exchange.vhost', 'queue.name', 'queue.vhost'], operation: ['cc', 'bcc'] },
  ibmmq: { channel: ['destinationType', 'queue.objectName', 'topic.string', 'topic.objectName'] },
  sns: { channel: ['name'] },
  sqs: { channel: ['queue.name'], operation: ['queues'] },
  googlepubsub: { channel: ['topic'] },
  anypointmq: { channel: ['destination', 'destinationType'] },
  solace: { operation: ['destinations'] },
  pulsar: { channel: ['namespace', 'persistence'] },
  http: { operation: ['method'] },
  ws: { channel: ['method'] },
};

/**
 * Binding fields of an operation that promise delivery, with which new value is weaker than the
 * old: MQTT QoS lowered or `retain` dropped, AMQP persistent (2) → transient (1), `mandatory` dropped.
 */
const DELIVERY: { [path: string]: (was: JsonValue, now: JsonValue | undefined) => boolean } = {
  'mqtt.qos': (was, now) => typeof was === 'number' && (typeof now !== 'number' || now < was),
  'mqtt.retain': (was, now) => was === true && now !== true,
  'amqp.deliveryMode': (was, now) => was === 2 && now !== 2,
  'amqp.mandatory': (was, now) => was === true && now !== true,
};

/** Where the bindings are, and who sends: for an operation or its channel and messages, whether the service sends. */
export interface BindingScope {
  holder: BindingHolder;
  subject: string;
  changes: Changes;
  places: { old: Place; new: Place };
  /** The service sends (its messages go to subscribers): weaker delivery breaks them. */
  sends: boolean;
  /** Compares the schema-valued fields, in the direction of the data (absent for servers). */
  schemas?: SchemaContext;
}

/**
 * Compares the bindings of one holder, protocol by protocol: a protocol's bindings added (info) or
 * removed (warning); a destination field changed (breaking, like the address); delivery promised
 * by what the service sends weakened (breaking); any other field changed (warning); schema-valued
 * fields (Kafka `key`, HTTP and WebSocket `query`/`headers`, …) compared as schemas.
 */
export function diffBindings(before: BindingsIR | undefined, after: BindingsIR | undefined, scope: BindingScope): void {
  const a = before ?? {};
  const b = after ?? {};
  const at = (place: Place, ...steps: string[]): Place => ({
    ...place,
    pointer: [...steps].reduce<string>(child, child(place.pointer, 'bindings')),
  });
  for (const protocol of Object.keys(a)) {
    if (!Object.hasOwn(b, protocol))
      scope.changes.add('binding-removed', scope.subject, `the ${protocol} bindings of the ${scope.holder} were removed`, {
        old: at(scope.places.old, protocol),
      });
  }
  for (const [protocol, now] of Object.entries(b)) {
    const was = Object.hasOwn(a, protocol) ? a[protocol] : undefined;
    if (!was) {
      scope.changes.add('binding-added', scope.subject, `${protocol} bindings were added to the ${scope.holder}`, {
        new: at(scope.places.new, protocol),
      });
      continue;
    }
    const old = flatten(was.values);
    const next = flatten(now.values);
    for (const path of [...new Set([...old.keys(), ...next.keys()])].sort()) {
      const x = old.get(path);
      const y = next.get(path);
      if (JSON.stringify(x) === JSON.stringify(y)) continue;
      const places = { old: at(scope.places.old, protocol, ...path.split('.')), new: at(scope.places.new, protocol, ...path.split('.')) };
      const message = `${protocol} ${path} of the ${scope.holder} changed from ${x === undefined ? 'none' : JSON.stringify(x)} to ${y === undefined ? 'none' : JSON.stringify(y)}`;
      const destination =
        x !== undefined &&
        y !== undefined &&
        Object.hasOwn(DESTINATION, protocol) &&
        DESTINATION[protocol]![scope.holder]?.includes(path) === true;
      const weakened =
        scope.holder === 'operation' &&
        scope.sends &&
        x !== undefined &&
        Object.hasOwn(DELIVERY, `${protocol}.${path}`) &&
        DELIVERY[`${protocol}.${path}`]!(x, y);
      const id = destination ? 'binding-destination-changed' : weakened ? 'binding-delivery-weakened' : 'binding-changed';
      scope.changes.add(id, scope.subject, message, {
        old: x === undefined ? at(scope.places.old, protocol) : places.old,
        new: y === undefined ? at(scope.places.new, protocol) : places.new,
      });
    }
    if (!scope.schemas) continue;
    for (const field of new Set([...Object.keys(was.schemas), ...Object.keys(now.schemas)])) {
      const [x, y] = [
        Object.hasOwn(was.schemas, field) ? was.schemas[field] : undefined,
        Object.hasOwn(now.schemas, field) ? now.schemas[field] : undefined,
      ];
      diffSchema(scope.schemas, x ?? { kind: 'any' }, y ?? { kind: 'any' }, {
        old: at(scope.places.old, protocol, ...(x ? [field] : [])),
        new: at(scope.places.new, protocol, ...(y ? [field] : [])),
      });
    }
  }
}

/** Binding values as dotted paths to their leaves (`exchange.name`); arrays are leaves. */
function flatten(values: { [field: string]: JsonValue }, prefix = '', out = new Map<string, JsonValue>()): Map<string, JsonValue> {
  for (const [field, value] of Object.entries(values)) {
    const path = prefix ? `${prefix}.${field}` : field;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) flatten(value, path, out);
    else out.set(path, value);
  }
  return out;
}
