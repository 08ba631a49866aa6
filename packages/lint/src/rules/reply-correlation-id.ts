import { isObject, type Located, type Message } from '@apilife/contract';
import { defineRule, type RuleContext } from './define-rule.ts';
import { locationKey, rawChild } from './schema-walk.ts';

/** A runtime expression into the message: `$message.header#/correlationid`, `$message.payload#/requestId`. */
export const CORRELATION_LOCATION = /^\$message\.(?:header|payload)#(?:\/\S*)?$/;

/** The message's `correlationId`, or one a trait brings. */
function correlationIdOf(resolver: RuleContext['resolver'], message: Message): Located | undefined {
  if (message.correlationId) return message.correlationId;
  for (const trait of resolver.items(resolver.child(message.at, 'traits'))) {
    const found = resolver.child(trait, 'correlationId');
    if (found && isObject(found.value)) return found;
  }
  return undefined;
}

/**
 * In a request/reply exchange every message — of the operation and of its reply — has a
 * `correlationId` whose `location` points into the header or payload, so a reply can be matched to
 * the request that is waiting for it.
 * @see https://www.asyncapi.com/docs/reference/specification/v3.0.0#correlationIdObject
 */
export default defineRule({
  id: 'reply-correlation-id',
  description:
    'An operation with a `reply`: every request and reply message has a `correlationId` with a `$message.header#…` or `$message.payload#…` location.',
  severity: 'error',
  ruleset: 'recommended',
  formats: ['asyncapi'],
  docs: {
    why: 'A requester matches replies to its requests by a correlation id. When the request or the reply message does not say where that id is (`$message.header#/…` or `$message.payload#/…`), generated requesters cannot wait for the right answer.',
    failing: 'messages:\n  AssignDrone:\n    payload: { type: object }',
    passing:
      "messages:\n  AssignDrone:\n    payload: { type: object }\n    correlationId:\n      location: '$message.header#/correlationId'",
  },
  check({ document, resolver, report }) {
    const seen = new Set<string>();
    for (const operation of document.operations) {
      if (!operation.reply) continue;
      const name = operation.operationId ?? operation.route;
      const messages = [
        ...operation.messages.map((m) => [m, 'request'] as const),
        ...operation.reply.messages.map((m) => [m, 'reply'] as const),
      ];
      for (const [message, role] of messages) {
        const key = locationKey(message.at);
        if (seen.has(key)) continue;
        seen.add(key);
        const what = `${role} message ${message.name ?? message.id} of ${name}`;
        const correlationId = correlationIdOf(resolver, message);
        if (!correlationId) {
          report({
            message: `${what} has no \`correlationId\`: add one with \`location: $message.header#/correlationid\` so replies can be matched to requests`,
            at: message.at,
          });
          continue;
        }
        const location = rawChild(correlationId, 'location');
        if (typeof location?.value !== 'string' || !CORRELATION_LOCATION.test(location.value)) {
          report({
            message: `\`correlationId.location\` of ${what} is ${location ? `"${String(location.value)}"` : 'missing'}: use a runtime expression such as $message.header#/correlationid or $message.payload#/requestId`,
            at: location ?? correlationId,
          });
        }
      }
    }
  },
});
