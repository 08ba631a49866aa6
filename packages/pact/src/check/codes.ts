import type { Severity } from '@apilife/contract';

/**
 * Every code `apilife pact check` reports, with its severity and meaning. Codes shared with
 * PactFlow's openapi-pact-comparator mean what they mean there.
 */
export const PACT_CHECK_CODES = {
  'request.path-or-method.unknown': {
    severity: 'error',
    description: 'No operation of the contract has this method and path (or a path parameter is invalid).',
  },
  'request.body.incompatible': {
    severity: 'error',
    description: 'The request body does not match the operation\u2019s request body schema.',
  },
  'request.content-type.incompatible': { severity: 'error', description: 'The request Content-Type is not one the operation accepts.' },
  'request.header.incompatible': { severity: 'error', description: 'A request header (or cookie) parameter is missing or invalid.' },
  'request.query.incompatible': { severity: 'error', description: 'A query parameter is missing or invalid.' },
  'request.authorization.missing': {
    severity: 'error',
    description: 'The request carries none of the credentials the operation\u2019s security requires.',
  },
  'request.body.unknown': { severity: 'warn', description: 'The pact sends a request body; the operation declares none.' },
  'request.header.unknown': { severity: 'warn', description: 'A request header the contract does not define.' },
  'request.query.unknown': { severity: 'warn', description: 'A query parameter the contract does not define.' },
  'response.status.unknown': { severity: 'error', description: 'The response status is not declared for the operation.' },
  'response.status.default': { severity: 'warn', description: 'The response status is only covered by the default response.' },
  'response.body.incompatible': {
    severity: 'error',
    description: 'The provider can never send the response body the consumer expects (judged by the matching rules).',
  },
  'response.body.unknown': { severity: 'error', description: 'The pact expects a response body where the contract declares none.' },
  'response.body.property.unknown': { severity: 'warn', description: 'The consumer expects a property the contract does not declare.' },
  'response.content-type.incompatible': { severity: 'error', description: 'The response Content-Type is not one the status declares.' },
  'response.content-type.unknown': {
    severity: 'warn',
    description: 'The pact expects a Content-Type where the status declares no content.',
  },
  'response.header.incompatible': { severity: 'error', description: 'A response header\u2019s value does not match its schema.' },
  'response.header.unknown': { severity: 'error', description: 'The consumer expects a response header the contract does not define.' },
  'response.header.undefined': { severity: 'warn', description: 'A standard response header the contract does not define.' },
  'message.operation.unknown': {
    severity: 'error',
    description: 'The referenced AsyncAPI operation does not exist, or is not one the provider sends.',
  },
  'message.references.missing': {
    severity: 'warn',
    description: 'The message interaction names no AsyncAPI operation; it was matched by its metadata.',
  },
  'message.no.match': {
    severity: 'error',
    description: 'The message matches none of the operation\u2019s messages (causes: payload, headers, content type).',
  },
  'message.reply.missing': { severity: 'error', description: 'A synchronous message interaction for an operation without a reply.' },
  'message.payload.property.unknown': {
    severity: 'warn',
    description: 'The consumer expects a payload or header property the contract does not declare.',
  },
  'operation.deprecated': {
    severity: 'warn',
    description: 'The interaction uses a deprecated operation, message or parameter (its sunset named).',
  },
  'operation.retired': { severity: 'error', description: 'The interaction uses a retired operation or message (or one past its sunset).' },
  'provider-state.unknown': { severity: 'error', description: 'A provider state the provider\u2019s x-provider-states does not declare.' },
  'provider-state.params.incompatible': {
    severity: 'error',
    description: 'The params of a provider state do not match the state\u2019s params schema.',
  },
} as const satisfies Record<string, { severity: Severity; description: string }>;

export type PactCheckCode = keyof typeof PACT_CHECK_CODES;
