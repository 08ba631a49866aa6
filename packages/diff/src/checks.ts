/**
 * Every check `apilife diff` knows: a stable id, its level and what it means. Ids never change
 * meaning; new checks get new ids. Schema checks come in a `request-` form (what clients send:
 * it may only get looser) and a `response-` form (what clients receive: it may only get tighter).
 */
export type Level = 'breaking' | 'warning' | 'info';

export interface CheckInfo {
  level: Level;
  summary: string;
}

const both = (name: string, request: [Level, string], response: [Level, string]): Record<string, CheckInfo> => ({
  [`request-${name}`]: { level: request[0], summary: request[1] },
  [`response-${name}`]: { level: response[0], summary: response[1] },
});

export const CHECKS: Record<string, CheckInfo> = {
  'api-removed': { level: 'breaking', summary: 'a whole contract was removed' },
  'api-added': { level: 'info', summary: 'a contract was added' },
  'operation-removed-without-deprecation': { level: 'breaking', summary: 'an operation was removed that was never deprecated' },
  'operation-removed-before-sunset': { level: 'breaking', summary: 'a deprecated operation was removed before its sunset date' },
  'operation-removed-after-sunset': { level: 'info', summary: 'a deprecated operation was removed on or after its sunset date, or once retired' },
  'operation-added': { level: 'info', summary: 'an operation was added' },
  'operation-deprecated': { level: 'warning', summary: 'an operation was deprecated' },
  'operation-undeprecated': { level: 'info', summary: 'an operation is no longer deprecated' },
  'operation-security-added': { level: 'breaking', summary: 'a security requirement (or scope) was added: callers without it are refused' },
  'operation-security-removed': { level: 'breaking', summary: 'a way to authenticate was removed: callers using it are refused' },
  'operation-security-alternative-added': { level: 'info', summary: 'a new way to authenticate was added' },
  'request-parameter-removed': { level: 'warning', summary: 'a request parameter was removed (clients still sending it may be refused or ignored)' },
  'request-parameter-added-required': { level: 'breaking', summary: 'a required request parameter was added' },
  'request-parameter-added-optional': { level: 'info', summary: 'an optional request parameter was added' },
  'request-parameter-became-required': { level: 'breaking', summary: 'a request parameter became required' },
  'request-parameter-became-optional': { level: 'info', summary: 'a request parameter became optional' },
  'request-body-added-required': { level: 'breaking', summary: 'a required request body was added' },
  'request-body-became-required': { level: 'breaking', summary: 'the request body became required' },
  'request-body-removed': { level: 'breaking', summary: 'the request body was removed' },
  'request-media-type-removed': { level: 'breaking', summary: 'a request media type is no longer accepted' },
  'request-media-type-added': { level: 'info', summary: 'a request media type is now accepted' },
  'response-status-removed': { level: 'breaking', summary: 'a response status was removed' },
  'response-success-status-added': { level: 'warning', summary: 'a success status was added (clients may not expect it)' },
  'response-status-added': { level: 'info', summary: 'an error status was added' },
  'response-media-type-removed': { level: 'breaking', summary: 'a response media type is no longer produced' },
  'response-media-type-added': { level: 'info', summary: 'a response media type was added' },
  'response-header-removed': { level: 'breaking', summary: 'a required response header was removed' },
  'response-header-became-optional': { level: 'breaking', summary: 'a response header clients could rely on became optional' },
  'channel-removed': { level: 'breaking', summary: 'a channel was removed' },
  'channel-address-changed': { level: 'breaking', summary: 'a channel address changed (publishers and subscribers no longer meet)' },
  'message-removed': { level: 'breaking', summary: 'a message was removed from an operation' },
  'message-added-to-received': { level: 'info', summary: 'an operation now accepts another message' },
  'message-added-to-sent': { level: 'breaking', summary: 'an operation now sends another message (subscribers may not handle it)' },
  'reply-removed': { level: 'breaking', summary: 'an operation no longer replies' },
  'server-removed': { level: 'warning', summary: 'a server was removed (clients configured for it must move to another)' },
  'server-added': { level: 'info', summary: 'a server was added' },
  'server-protocol-changed': { level: 'breaking', summary: 'a server now speaks another protocol: clients can no longer connect' },
  'server-host-changed': { level: 'warning', summary: 'a server moved to another host (clients configured with the old one must follow)' },
  'server-security-added': { level: 'breaking', summary: 'connecting to a server needs a security scheme (or scope) it did not: clients without it are refused' },
  'server-security-removed': { level: 'breaking', summary: 'a way to authenticate to a server was removed: clients using it are refused' },
  'server-security-alternative-added': { level: 'info', summary: 'a new way to authenticate to a server was added' },
  'operation-action-changed': { level: 'breaking', summary: 'an operation changed between send and receive' },
  ...both('type-changed', ['breaking', 'the type of what clients send changed'], ['breaking', 'the type of what clients receive changed']),
  ...both('type-widened', ['info', 'what clients send may now be of more types'], ['breaking', 'what clients receive may now be of more types']),
  ...both('type-narrowed', ['breaking', 'what clients send may now be of fewer types'], ['info', 'what clients receive is now of fewer types']),
  ...both('format-changed', ['breaking', 'the format of a sent value changed'], ['breaking', 'the format of a received value changed']),
  ...both('format-added', ['breaking', 'a format now constrains a sent value'], ['info', 'a format now describes a received value']),
  ...both('format-removed', ['info', 'a sent value no longer has a format'], ['warning', 'a received value no longer promises a format']),
  ...both('constraint-tightened', ['breaking', 'a bound on a sent value got tighter (min/max, length, items, multipleOf, an allOf part added)'], ['info', 'a bound on a received value got tighter']),
  ...both('constraint-loosened', ['info', 'a bound on a sent value got looser'], ['breaking', 'a bound on a received value got looser (or an allOf part was removed): clients may get values they do not expect']),
  ...both('pattern-added', ['breaking', 'a pattern now constrains a sent string'], ['info', 'a pattern now describes a received string']),
  ...both('pattern-changed', ['breaking', 'the pattern of a sent string changed'], ['warning', 'the pattern of a received string changed']),
  ...both('pattern-removed', ['info', 'a sent string is no longer constrained by a pattern'], ['warning', 'a received string no longer promises a pattern']),
  ...both('enum-value-removed', ['breaking', 'a value clients send is no longer accepted'], ['info', 'a value clients receive is no longer produced']),
  ...both('enum-value-added', ['info', 'clients may send another value'], ['breaking', 'clients may receive a value they do not know']),
  ...both('became-nullable', ['info', 'clients may now send null'], ['breaking', 'clients may now receive null']),
  ...both('became-not-nullable', ['breaking', 'clients may no longer send null'], ['info', 'clients no longer receive null']),
  ...both('property-removed', ['breaking', 'a property clients send was removed (and unknown properties are refused)'], ['breaking', 'a property clients receive was removed']),
  ...both('optional-property-removed', ['warning', 'an optional property clients may send was removed'], ['warning', 'an optional property clients may receive was removed']),
  ...both('property-added-required', ['breaking', 'a required property was added to what clients send'], ['info', 'a property was added to what clients receive']),
  ...both('property-added-optional', ['info', 'an optional property was added to what clients send'], ['info', 'an optional property was added to what clients receive']),
  ...both('property-became-required', ['breaking', 'a property clients send became required'], ['info', 'a property clients receive is now always present']),
  ...both('property-became-optional', ['info', 'a property clients send became optional'], ['breaking', 'a property clients receive may now be absent']),
  ...both('additional-properties-restricted', ['breaking', 'properties the contract did not list are no longer accepted'], ['info', 'no properties beyond the listed ones are sent']),
  ...both('additional-properties-allowed', ['info', 'properties beyond the listed ones are accepted'], ['warning', 'properties beyond the listed ones may be sent']),
  ...both('variant-removed', ['breaking', 'a oneOf/anyOf alternative clients send was removed'], ['info', 'a oneOf/anyOf alternative clients receive was removed']),
  ...both('variant-added', ['info', 'a oneOf/anyOf alternative clients may send was added'], ['breaking', 'a oneOf/anyOf alternative clients may receive was added']),
};

export type CheckId = keyof typeof CHECKS;
