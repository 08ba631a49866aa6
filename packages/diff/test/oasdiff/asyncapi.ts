/**
 * AsyncAPI 3 has no oasdiff: these are the equivalents, part by part of the document, with the
 * apilife check ids that report each change and why at that level. Who is hurt depends on who
 * sends: for an operation the service `send`s (and replies it sends) subscribers receive, so what
 * may only get tighter; for one it `receive`s clients send, so what may only get looser.
 */
export interface AsyncApiCoverage {
  part: string;
  /** The apilife check ids reporting changes to it; none when nothing is reported. */
  apilife: string[];
  /** The level, argued; or why nothing is reported. */
  why: string;
}

export const ASYNCAPI_COVERAGE: AsyncApiCoverage[] = [
  {
    part: 'operations',
    apilife: [
      'operation-removed-without-deprecation',
      'operation-removed-before-sunset',
      'operation-removed-after-sunset',
      'operation-retired-without-deprecation',
      'operation-retired-before-sunset',
      'operation-retired',
      'operation-added',
      'operation-action-changed',
      'operation-deprecated',
      'operation-undeprecated',
      'operation-sunset-brought-forward',
    ],
    why: 'as for HTTP operations: a removal (or a retirement, which answers no more) is breaking unless it was deprecated and its sunset came; send ↔ receive turns the contract around (breaking).',
  },
  {
    part: 'channel address (literal segments, separators, parameters added, removed or moved, dynamic ↔ fixed)',
    apilife: ['channel-address-changed'],
    why: 'publishers and subscribers no longer meet: breaking. Addresses are compared as templates, so `orders.{region}` → `orders/{region}` and `{a}.{b}` → `{b}.{a}` are changes.',
  },
  {
    part: 'address parameter renamed (`orders.{region}` → `orders.{zone}`)',
    apilife: ['channel-parameter-renamed'],
    why: 'the same addresses: info (generated code names the parameter differently).',
  },
  {
    part: 'channel parameters: `enum`, `default`',
    apilife: [
      'request-enum-value-added',
      'request-enum-value-removed',
      'response-enum-value-added',
      'response-enum-value-removed',
      'request-type-narrowed',
      'response-type-narrowed',
      'request-type-widened',
      'response-type-widened',
      'request-default-changed',
      'response-default-changed',
      'request-default-added',
      'request-default-removed',
    ],
    why: "a parameter is a value of the operation's direction: a value removed from a channel the service receives on is no longer heard (breaking); a value added to one it sends on reaches subscribers that do not know it (breaking).",
  },
  {
    part: 'channel parameters: `location`',
    apilife: ['channel-parameter-location-changed'],
    why: 'where in the message the value is found moved: a warning (what reads it depends on the clients).',
  },
  {
    part: 'channel parameters: `pattern`, `schema`',
    apilife: [],
    why: 'AsyncAPI 3.0 parameters have `enum`, `default`, `location` and docs only (2.x had a schema); apilife reads 3.0.',
  },
  {
    part: 'channels removed; the servers a channel is on (`channels.<c>.servers`)',
    apilife: ['channel-removed', 'channel-server-removed', 'channel-server-added'],
    why: 'clients connected to a server the channel left no longer meet it: breaking (unless the server itself was removed: server-removed).',
  },
  {
    part: 'messages of an operation (by `name`)',
    apilife: ['message-removed', 'message-added-to-sent', 'message-added-to-received'],
    why: 'a message the service now sends may not be handled by subscribers (breaking); one it now accepts asks nothing of senders (info).',
  },
  {
    part: 'payload schema',
    apilife: ['request-type-changed', 'response-type-changed', 'request-property-added-required', 'response-property-removed'],
    why: "every schema check of `apilife diff`, in the operation's direction (see the oasdiff table for each).",
  },
  {
    part: 'payload fields and values deprecated (`deprecated: true` with `x-lifecycle.sunset`; `x-lifecycle.deprecatedValues`)',
    apilife: [
      'request-property-deprecated',
      'response-property-deprecated',
      'request-property-removed-before-sunset',
      'response-property-removed-before-sunset',
      'request-property-removed-after-sunset',
      'response-property-removed-after-sunset',
      'request-enum-value-deprecated',
      'request-enum-value-removed-before-sunset',
      'request-enum-value-removed-after-sunset',
    ],
    why: 'as in OpenAPI: a deprecated field goes by its sunset (removed before it: breaking; on or after it: info), whether subscribers receive it or clients send it; values are deprecated in what clients send only (a value subscribers receive can go any day).',
  },
  {
    part: 'message headers: schema, required headers added or removed',
    apilife: [
      'request-property-added-required',
      'request-property-added-optional',
      'response-property-removed',
      'response-property-became-optional',
      'request-property-became-required',
      'response-type-changed',
    ],
    why: 'headers are a schema like the payload, in the same direction; a message without `headers` takes any headers, so adding optional ones is an addition, not a change of type.',
  },
  {
    part: 'content type (`contentType`, `defaultContentType`)',
    apilife: ['message-content-type-changed'],
    why: 'the other side cannot decode it: breaking in both directions; an explicit type equal to the default is not a change.',
  },
  {
    part: 'correlation id (`correlationId.location`)',
    apilife: ['message-correlation-id-changed', 'message-correlation-id-removed', 'message-correlation-id-added'],
    why: 'moved: requests and replies no longer match (breaking); removed from what the service sends or from a request and its reply: breaking; from a message only received outside request/reply: nothing asked of senders, not reported.',
  },
  {
    part: 'reply (`reply.channel`, `reply.address.location`, `reply.messages`)',
    apilife: [
      'reply-removed',
      'reply-added',
      'channel-address-changed',
      'message-removed',
      'message-added-to-sent',
      'message-added-to-received',
    ],
    why: 'a reply removed breaks requesters; its address compared as any address; its messages in the reverse direction of the request (what a responder sends may only get tighter).',
  },
  {
    part: 'bindings: where messages go (Kafka `topic`; AMQP `is`, `exchange`, `queue`, `cc`/`bcc`; IBM MQ, SNS, SQS, Pub/Sub, Anypoint MQ, Solace, Pulsar destinations; HTTP and WebSocket `method`)',
    apilife: ['binding-destination-changed'],
    why: 'like a channel address: breaking.',
  },
  {
    part: 'bindings: delivery promised by what the service sends (MQTT `qos`, `retain`; AMQP `deliveryMode`, `mandatory`)',
    apilife: ['binding-delivery-weakened', 'binding-changed'],
    why: 'weaker delivery loses or drops messages subscribers relied on: breaking; on an operation the service receives, the QoS it subscribes with is its own business (a warning); raised: a warning.',
  },
  {
    part: 'bindings: schema-valued fields (Kafka `key`, `groupId`, `clientId`; HTTP and WebSocket `query`, `headers`; MQTT `correlationData`; Anypoint MQ `headers`)',
    apilife: ['request-type-changed', 'response-type-changed', 'request-format-added'],
    why: 'compared as schemas in the direction of the data: a Kafka key that changed type in what the service sends breaks subscribers.',
  },
  {
    part: "bindings: any other field, of servers, channels, operations and messages; a protocol's bindings added or removed",
    apilife: ['binding-changed', 'binding-added', 'binding-removed'],
    why: 'the contract cannot tell who depends on a protocol setting (Kafka partitions, a NATS queue group, MQTT keepAlive): a warning; added: info. `bindingVersion` is not a change.',
  },
  {
    part: 'servers: removed, added, protocol, host',
    apilife: ['server-removed', 'server-added', 'server-protocol-changed', 'server-host-changed'],
    why: 'another protocol is breaking; a server removed or moved is a warning (clients configured for it must move); renamed with the same protocol and host is not a change.',
  },
  {
    part: 'security of operations and servers; security schemes',
    apilife: [
      'operation-security-added',
      'operation-security-removed',
      'operation-security-alternative-added',
      'server-security-added',
      'server-security-removed',
      'server-security-alternative-added',
      'security-scheme-changed',
      'security-scheme-url-changed',
    ],
    why: 'as for HTTP: callers without a new requirement or scope, or using a removed way in, are refused.',
  },
  {
    part: 'message and operation traits',
    apilife: [],
    why: 'applied by the IR before comparing (each top-level member from the object, else the last trait that has it), so a change in a trait is reported where it applies.',
  },
  {
    part: 'names and documentation: message `name` is the identity (renamed: removed and added); `title`, `summary`, `description`, `examples`, `tags`, `externalDocs`; channel and server keys',
    apilife: [],
    why: 'nothing on the wire changes.',
  },
  {
    part: 'payloads in other schema formats (Avro, RAML, Protobuf)',
    apilife: [],
    why: 'the IR reads JSON Schema (and OpenAPI/AsyncAPI schemas) only; another `schemaFormat` is an input error naming it.',
  },
];
