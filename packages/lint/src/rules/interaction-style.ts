import { INTERACTION_STYLES } from '@apilife/contract';
import { defineRule } from './define-rule.ts';
import { rawChild } from './schema-walk.ts';

const STYLES: readonly string[] = INTERACTION_STYLES;
/** Styles in which a request expects answers on a reply channel. */
const REPLY_STYLES: readonly string[] = ['async-request-response', 'publish-async-responses'];

/**
 * Every operation names its interaction style in `x-interaction-style`, and the style fits the
 * protocol: an HTTP operation is `request-response`, or `async-request-response` when it answers
 * `202 Accepted` (the work goes on, the client follows a status resource); an AsyncAPI operation
 * with a `reply` is `async-request-response` or `publish-async-responses`.
 * Code generation, docs and the messaging runtime pick their pattern from it.
 */
export default defineRule({
  id: 'interaction-style',
  description:
    'Every operation states `x-interaction-style` (one of the five styles), consistent with HTTP (request-response; async-request-response when it answers 202) or its AsyncAPI `reply`.',
  severity: 'warn',
  ruleset: 'recommended',
  formats: ['openapi', 'asyncapi'],
  docs: {
    why: 'Code generation, the docs portal and the messaging runtime pick their pattern (wait for the answer, poll a status resource, listen on a reply channel, fire and forget) from the interaction style. Stating it, and keeping it consistent with the protocol, keeps them in step.',
    failing: "/deliveries:\n  post:\n    operationId: createDelivery\n    responses:\n      '202': { description: Accepted }",
    passing:
      "/deliveries:\n  post:\n    operationId: createDelivery\n    x-interaction-style: async-request-response\n    responses:\n      '202': { description: Accepted }",
  },
  check({ document, report }) {
    for (const operation of document.operations) {
      const name = operation.operationId ?? `${operation.method.toUpperCase()} ${operation.route}`;
      const at = rawChild(operation.at, 'x-interaction-style');
      const style = operation.interactionStyle;
      if (!at) {
        const hint =
          operation.protocol === 'http'
            ? 'request-response'
            : operation.reply
              ? 'async-request-response'
              : 'publish-subscribe or one-way-notification';
        report({
          message: `${name} has no \`x-interaction-style\`: say how it interacts (${hint}; one of ${STYLES.join(', ')})`,
          at: operation.at,
        });
      } else if (style === undefined || !STYLES.includes(style)) {
        report({
          message: `\`x-interaction-style\` of ${name} is "${String(at.value)}", not an interaction style: use one of ${STYLES.join(', ')}`,
          at,
        });
      } else if (
        operation.protocol === 'http' &&
        style !== 'request-response' &&
        !(style === 'async-request-response' && operation.responses.some((r) => r.status === '202'))
      ) {
        const accepted =
          style === 'async-request-response'
            ? ' (asynchronous over HTTP means answering 202 Accepted with a status resource: declare the 202)'
            : '';
        report({
          message: `${name} is an HTTP operation, so its \`x-interaction-style\` is request-response, not ${style}${accepted}`,
          at,
        });
      } else if (operation.reply && !REPLY_STYLES.includes(style)) {
        report({
          message: `${name} has a \`reply\`, so its \`x-interaction-style\` is async-request-response or publish-async-responses, not ${style}`,
          at,
        });
      }
    }
  },
});
