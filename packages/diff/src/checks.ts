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
  'api-deprecated': {
    level: 'warning',
    summary:
      'a whole API was deprecated (info.x-lifecycle.stage: deprecated, or a sunset): every operation sends Deprecation and Sunset headers',
  },
  'api-undeprecated': { level: 'info', summary: 'a whole API is no longer deprecated' },
  'api-sunset-brought-forward': {
    level: 'warning',
    summary: "a deprecated API's sunset came earlier, or was dropped: clients have less time to move",
  },
  'operation-removed-without-deprecation': { level: 'breaking', summary: 'an operation was removed that was never deprecated' },
  'operation-removed-before-sunset': { level: 'breaking', summary: 'a deprecated operation was removed before its sunset date' },
  'operation-removed-after-sunset': {
    level: 'info',
    summary: 'a deprecated operation was removed on or after its sunset date, or once retired',
  },
  'operation-retired-without-deprecation': {
    level: 'breaking',
    summary: 'an operation was retired (it answers 410) that was never deprecated',
  },
  'operation-retired-before-sunset': {
    level: 'breaking',
    summary: 'a deprecated operation was retired (it answers 410) before its sunset date',
  },
  'operation-retired': { level: 'info', summary: 'a deprecated operation was retired on or after its sunset date' },
  'operation-added': { level: 'info', summary: 'an operation was added' },
  'operation-deprecated': { level: 'warning', summary: 'an operation was deprecated' },
  'operation-undeprecated': { level: 'info', summary: 'an operation is no longer deprecated' },
  'operation-security-added': { level: 'breaking', summary: 'a security requirement (or scope) was added: callers without it are refused' },
  'operation-security-removed': { level: 'breaking', summary: 'a way to authenticate was removed: callers using it are refused' },
  'operation-security-alternative-added': { level: 'info', summary: 'a new way to authenticate was added' },
  'operation-id-changed': {
    level: 'warning',
    summary: 'the operationId changed: regenerated clients name the method differently (the wire is the same)',
  },
  'operation-sunset-brought-forward': {
    level: 'warning',
    summary:
      "a deprecated operation's sunset came earlier, or was dropped (it may then be removed any day): clients have less time to move",
  },
  'security-scheme-changed': {
    level: 'breaking',
    summary: 'a security scheme clients use changed how they authenticate (type, where the key goes, its name, the HTTP scheme)',
  },
  'security-scheme-url-changed': {
    level: 'warning',
    summary:
      'a security scheme clients use moved its token, authorization or OpenID Connect URL (clients configured with the old one must follow)',
  },
  'webhook-removed': { level: 'breaking', summary: 'a webhook was removed: consumers no longer get its calls' },
  'webhook-added': { level: 'info', summary: 'a webhook was added' },
  'request-parameter-removed': {
    level: 'breaking',
    summary:
      'a request parameter was removed that was never deprecated: clients still sending it are refused, or have it ignored (what they ask for is no longer what they get)',
  },
  'request-parameter-removed-before-sunset': {
    level: 'breaking',
    summary: 'a deprecated request parameter was removed before its sunset date',
  },
  'request-parameter-removed-after-sunset': {
    level: 'info',
    summary: 'a deprecated request parameter was removed on or after its sunset date (or it had none)',
  },
  'request-parameter-added-required': { level: 'breaking', summary: 'a required request parameter was added' },
  'request-parameter-added-optional': { level: 'info', summary: 'an optional request parameter was added' },
  'request-parameter-became-required': { level: 'breaking', summary: 'a request parameter became required' },
  'request-parameter-became-optional': { level: 'info', summary: 'a request parameter became optional' },
  'request-parameter-deprecated': { level: 'warning', summary: 'a request parameter was deprecated' },
  'request-parameter-undeprecated': { level: 'info', summary: 'a request parameter is no longer deprecated' },
  'request-parameter-sunset-brought-forward': {
    level: 'warning',
    summary: "a deprecated request parameter's sunset came earlier, or was dropped: clients have less time to stop sending it",
  },
  'request-body-added-required': { level: 'breaking', summary: 'a required request body was added' },
  'request-body-became-required': { level: 'breaking', summary: 'the request body became required' },
  'request-body-removed': { level: 'breaking', summary: 'the request body was removed' },
  'request-body-added-optional': { level: 'info', summary: 'an optional request body was added' },
  'request-body-became-optional': { level: 'info', summary: 'the request body became optional' },
  'request-media-type-removed': { level: 'breaking', summary: 'a request media type is no longer accepted' },
  'request-media-type-added': { level: 'info', summary: 'a request media type is now accepted' },
  'response-status-removed': {
    level: 'breaking',
    summary: 'a success, redirect or default response was removed (clients expecting it get another status)',
  },
  'response-error-status-removed': {
    level: 'warning',
    summary:
      'an error status (4xx, 5xx) is no longer declared: the wire is safe, but regenerated typed clients that test for it may stop compiling',
  },
  'response-success-status-added': { level: 'warning', summary: 'a success status was added (clients may not expect it)' },
  'response-status-added': { level: 'info', summary: 'an error status was added' },
  'response-media-type-removed': { level: 'breaking', summary: 'a response media type is no longer produced' },
  'response-media-type-added': { level: 'info', summary: 'a response media type was added' },
  'response-header-removed': { level: 'breaking', summary: 'a required response header was removed' },
  'response-header-became-optional': { level: 'breaking', summary: 'a response header clients could rely on became optional' },
  'response-optional-header-removed': {
    level: 'warning',
    summary: 'an optional response header was removed (clients that read it when present no longer get it)',
  },
  'response-header-added': { level: 'info', summary: 'a response header was added' },
  'channel-removed': { level: 'breaking', summary: 'a channel was removed' },
  'channel-address-changed': { level: 'breaking', summary: 'a channel address changed (publishers and subscribers no longer meet)' },
  'message-removed': { level: 'breaking', summary: 'a message was removed from an operation' },
  'message-added-to-received': { level: 'info', summary: 'an operation now accepts another message' },
  'message-added-to-sent': { level: 'breaking', summary: 'an operation now sends another message (subscribers may not handle it)' },
  'reply-removed': { level: 'breaking', summary: 'an operation no longer replies' },
  'reply-added': { level: 'info', summary: 'an operation now replies (or expects a reply)' },
  'channel-parameter-renamed': {
    level: 'info',
    summary: 'a parameter of a channel address was renamed: the addresses are the same (generated code names it differently)',
  },
  'channel-parameter-location-changed': {
    level: 'warning',
    summary: "where in the message a channel parameter's value is found (`location`) changed",
  },
  'channel-server-removed': {
    level: 'breaking',
    summary: 'a channel is no longer available on a server: clients connected there no longer meet it',
  },
  'channel-server-added': { level: 'info', summary: 'a channel is now available on another server' },
  'message-content-type-changed': { level: 'breaking', summary: 'the content type of a message changed: the other side cannot decode it' },
  'message-correlation-id-changed': {
    level: 'breaking',
    summary: "where a message's correlation id is (`correlationId.location`) changed: requests and replies no longer match",
  },
  'message-correlation-id-removed': {
    level: 'breaking',
    summary: 'a message sent, or part of a request and reply, no longer carries a correlation id',
  },
  'message-correlation-id-added': { level: 'info', summary: 'a message now declares a correlation id' },
  'binding-destination-changed': {
    level: 'breaking',
    summary:
      'a binding field that says where messages go changed (Kafka topic, AMQP exchange, queue or routing keys, HTTP method, …): publishers and subscribers no longer meet',
  },
  'binding-delivery-weakened': {
    level: 'breaking',
    summary:
      'a binding of what the service sends promises less delivery (MQTT QoS lowered or retain dropped, AMQP persistent → transient, mandatory dropped)',
  },
  'binding-changed': {
    level: 'warning',
    summary: 'another binding field changed (check the clients that depend on that protocol setting)',
  },
  'binding-removed': { level: 'warning', summary: "a protocol's bindings were removed (clients that relied on those settings must check)" },
  'binding-added': { level: 'info', summary: "a protocol's bindings were added" },
  'server-removed': { level: 'warning', summary: 'a server was removed (clients configured for it must move to another)' },
  'server-added': { level: 'info', summary: 'a server was added' },
  'server-protocol-changed': { level: 'breaking', summary: 'a server now speaks another protocol: clients can no longer connect' },
  'server-host-changed': { level: 'warning', summary: 'a server moved to another host (clients configured with the old one must follow)' },
  'server-security-added': {
    level: 'breaking',
    summary: 'connecting to a server needs a security scheme (or scope) it did not: clients without it are refused',
  },
  'server-security-removed': { level: 'breaking', summary: 'a way to authenticate to a server was removed: clients using it are refused' },
  'server-security-alternative-added': { level: 'info', summary: 'a new way to authenticate to a server was added' },
  'operation-action-changed': { level: 'breaking', summary: 'an operation changed between send and receive' },
  ...both('type-changed', ['breaking', 'the type of what clients send changed'], ['breaking', 'the type of what clients receive changed']),
  ...both(
    'type-widened',
    ['info', 'what clients send may now be of more types'],
    ['breaking', 'what clients receive may now be of more types'],
  ),
  ...both(
    'type-narrowed',
    ['breaking', 'what clients send may now be of fewer types'],
    ['info', 'what clients receive is now of fewer types'],
  ),
  ...both('format-changed', ['breaking', 'the format of a sent value changed'], ['breaking', 'the format of a received value changed']),
  ...both('format-added', ['breaking', 'a format now constrains a sent value'], ['info', 'a format now describes a received value']),
  ...both('format-removed', ['info', 'a sent value no longer has a format'], ['warning', 'a received value no longer promises a format']),
  ...both(
    'constraint-tightened',
    [
      'breaking',
      'a bound on a sent value got tighter (min/max, length, items, properties, multipleOf, an allOf part, patternProperties or propertyNames added)',
    ],
    ['info', 'a bound on a received value got tighter'],
  ),
  ...both(
    'constraint-loosened',
    ['info', 'a bound on a sent value got looser'],
    [
      'breaking',
      'a bound on a received value got looser (or an allOf part, patternProperties or propertyNames was removed): clients may get values they do not expect',
    ],
  ),
  ...both('pattern-added', ['breaking', 'a pattern now constrains a sent string'], ['info', 'a pattern now describes a received string']),
  ...both('pattern-changed', ['breaking', 'the pattern of a sent string changed'], ['warning', 'the pattern of a received string changed']),
  ...both(
    'pattern-removed',
    ['info', 'a sent string is no longer constrained by a pattern'],
    ['warning', 'a received string no longer promises a pattern'],
  ),
  ...both(
    'enum-value-removed',
    ['breaking', 'a value clients send is no longer accepted (it was never deprecated)'],
    ['info', 'a value clients receive is no longer produced'],
  ),
  // A value clients receive can always go: only what they send is deprecated and held to a sunset.
  'request-enum-value-removed-before-sunset': {
    level: 'breaking',
    summary: 'a deprecated value clients send is no longer accepted, before its sunset date',
  },
  'request-enum-value-removed-after-sunset': {
    level: 'info',
    summary: 'a deprecated value clients send is no longer accepted, on or after its sunset date (or it had none)',
  },
  'request-enum-value-deprecated': { level: 'warning', summary: 'a value clients send was deprecated (`x-lifecycle.deprecatedValues`)' },
  'request-enum-value-undeprecated': { level: 'info', summary: 'a value clients send is no longer deprecated' },
  'request-enum-value-sunset-brought-forward': {
    level: 'warning',
    summary: "a deprecated value's sunset came earlier, or was dropped: clients have less time to stop sending it",
  },
  ...both('enum-value-added', ['info', 'clients may send another value'], ['breaking', 'clients may receive a value they do not know']),
  ...both('became-nullable', ['info', 'clients may now send null'], ['breaking', 'clients may now receive null']),
  ...both('became-not-nullable', ['breaking', 'clients may no longer send null'], ['info', 'clients no longer receive null']),
  ...both(
    'property-removed',
    ['breaking', 'a property clients send was removed that was never deprecated (and unknown properties are refused)'],
    ['breaking', 'a property clients receive was removed that was never deprecated'],
  ),
  ...both(
    'optional-property-removed',
    ['warning', 'an optional property clients may send was removed that was never deprecated'],
    ['warning', 'an optional property clients may receive was removed that was never deprecated'],
  ),
  ...both(
    'property-removed-before-sunset',
    ['breaking', 'a deprecated property clients send was removed before its sunset date'],
    ['breaking', 'a deprecated property clients receive was removed before its sunset date'],
  ),
  ...both(
    'property-removed-after-sunset',
    ['info', 'a deprecated property clients send was removed on or after its sunset date (or it had none)'],
    ['info', 'a deprecated property clients receive was removed on or after its sunset date (or it had none)'],
  ),
  ...both(
    'property-added-required',
    ['breaking', 'a required property was added to what clients send'],
    ['info', 'a property was added to what clients receive'],
  ),
  ...both(
    'property-added-optional',
    ['info', 'an optional property was added to what clients send'],
    ['info', 'an optional property was added to what clients receive'],
  ),
  ...both(
    'property-became-required',
    ['breaking', 'a property clients send became required'],
    ['info', 'a property clients receive is now always present'],
  ),
  ...both(
    'property-became-optional',
    ['info', 'a property clients send became optional'],
    ['breaking', 'a property clients receive may now be absent'],
  ),
  ...both(
    'additional-properties-restricted',
    ['breaking', 'properties the contract did not list are no longer accepted'],
    ['info', 'no properties beyond the listed ones are sent'],
  ),
  ...both(
    'additional-properties-allowed',
    ['info', 'properties beyond the listed ones are accepted'],
    ['warning', 'properties beyond the listed ones may be sent'],
  ),
  ...both(
    'variant-removed',
    ['breaking', 'a oneOf/anyOf alternative clients send was removed'],
    ['info', 'a oneOf/anyOf alternative clients receive was removed'],
  ),
  ...both(
    'variant-added',
    ['info', 'a oneOf/anyOf alternative clients may send was added'],
    ['breaking', 'a oneOf/anyOf alternative clients may receive was added'],
  ),
  ...both(
    'default-added',
    ['warning', 'a value clients may leave out now has a default: the server fills it in, which may not be what it did before'],
    ['info', 'a value clients receive now documents a default'],
  ),
  ...both(
    'default-changed',
    ['breaking', 'the default of a value clients may leave out changed: clients that leave it out get another behaviour'],
    ['info', 'the documented default of a value clients receive changed'],
  ),
  ...both(
    'default-removed',
    ['breaking', 'a value clients may leave out no longer has a default: the server no longer fills it in'],
    ['info', 'a value clients receive no longer documents a default'],
  ),
  ...both(
    'property-deprecated',
    ['warning', 'a property clients send was deprecated'],
    ['warning', 'a property clients receive was deprecated'],
  ),
  ...both(
    'property-undeprecated',
    ['info', 'a property clients send is no longer deprecated'],
    ['info', 'a property clients receive is no longer deprecated'],
  ),
  ...both(
    'property-sunset-brought-forward',
    ['warning', "a deprecated property's sunset came earlier, or was dropped: clients have less time to stop sending it"],
    ['warning', "a deprecated property's sunset came earlier, or was dropped: clients have less time to stop reading it"],
  ),
  ...both(
    'media-type-widened',
    ['info', 'a request media type range now covers more types (application/json → application/*)'],
    ['breaking', 'a response media type now covers more types: clients may get one they cannot read'],
  ),
  ...both(
    'media-type-narrowed',
    ['breaking', 'a request media type range was narrowed: clients sending another type of it are refused'],
    ['info', 'a response media type range was narrowed'],
  ),
  ...both(
    'schema-changed',
    [
      'warning',
      'something apilife does not judge changed in what clients send (`not`, `if`/`then`/`else`, `contains`, `dependentRequired`, `unevaluatedProperties`, `contentMediaType`, …): check it by hand',
    ],
    [
      'warning',
      'something apilife does not judge changed in what clients receive (`not`, `if`/`then`/`else`, `contains`, `dependentRequired`, `unevaluatedProperties`, `contentMediaType`, …): check it by hand',
    ],
  ),
};

export type CheckId = keyof typeof CHECKS;
