import type { Case, Doc } from './harness.ts';

/** The base AsyncAPI 3 document every row changes. */
export const ASYNCAPI: Doc = {
  asyncapi: '3.0.0',
  info: { title: 'Orders', version: '1.0.0' },
  defaultContentType: 'application/json',
  channels: {
    orders: {
      address: 'orders.{region}',
      parameters: { region: {} },
      messages: {
        OrderPlaced: { $ref: '#/components/messages/OrderPlaced' },
        OrderCancelled: { $ref: '#/components/messages/OrderCancelled' },
      },
    },
    shipments: { address: 'shipments.requests', messages: { ShipOrder: { $ref: '#/components/messages/ShipOrder' } } },
    shipmentReplies: { address: 'shipments.replies', messages: { ShipReply: { $ref: '#/components/messages/ShipReply' } } },
  },
  operations: {
    publishOrders: {
      action: 'send',
      channel: { $ref: '#/channels/orders' },
      messages: [{ $ref: '#/channels/orders/messages/OrderPlaced' }, { $ref: '#/channels/orders/messages/OrderCancelled' }],
    },
    receiveShipOrder: {
      action: 'receive',
      channel: { $ref: '#/channels/shipments' },
      messages: [{ $ref: '#/channels/shipments/messages/ShipOrder' }],
      reply: { channel: { $ref: '#/channels/shipmentReplies' }, messages: [{ $ref: '#/channels/shipmentReplies/messages/ShipReply' }] },
    },
  },
  components: {
    messages: {
      OrderPlaced: { name: 'OrderPlaced', payload: { $ref: '#/components/schemas/Order' } },
      OrderCancelled: {
        name: 'OrderCancelled',
        payload: {
          type: 'object',
          required: ['orderId'],
          properties: { orderId: { type: 'string' }, reason: { type: 'string', enum: ['customer', 'fraud'] } },
        },
      },
      ShipOrder: {
        name: 'ShipOrder',
        payload: {
          type: 'object',
          additionalProperties: false,
          required: ['orderId'],
          properties: { orderId: { type: 'string', maxLength: 36 }, express: { type: 'boolean' }, notes: { type: 'string' } },
        },
      },
      ShipReply: {
        name: 'ShipReply',
        payload: {
          type: 'object',
          required: ['orderId', 'status'],
          properties: { orderId: { type: 'string' }, status: { type: 'string', enum: ['accepted', 'rejected'] } },
        },
      },
    },
    schemas: {
      Order: {
        type: 'object',
        required: ['orderId', 'total', 'lines'],
        properties: {
          orderId: { type: 'string', format: 'uuid' },
          total: { type: 'number', minimum: 0 },
          currency: { type: 'string', pattern: '^[A-Z]{3}$' },
          lines: {
            type: 'array',
            maxItems: 50,
            items: {
              type: 'object',
              required: ['sku'],
              properties: { sku: { type: 'string' }, quantity: { type: 'integer', minimum: 1 } },
            },
          },
          coupon: { type: ['string', 'null'] },
        },
      },
    },
  },
};

const order = (d: Doc) => d.components.schemas.Order;
const ship = (d: Doc) => d.components.messages.ShipOrder.payload;
const reply = (d: Doc) => d.components.messages.ShipReply.payload;

const publish = (d: Doc) => d.operations.publishOrders;
const SECURITY = ['operation-security-added', 'operation-security-removed', 'operation-security-alternative-added'];
const scheme = (name: string) => ({ $ref: `#/components/securitySchemes/${name}` });
/** Publishing orders needs an OAuth token with the `orders:read` scope; `user` is another way in. */
const secured = (d: Doc) => {
  d.components.securitySchemes = {
    oauth: {
      type: 'oauth2',
      flows: {
        clientCredentials: {
          tokenUrl: 'https://auth.example.com/token',
          availableScopes: { 'orders:read': 'read', 'orders:write': 'write' },
        },
      },
      scopes: ['orders:read'],
    },
    user: { type: 'userPassword' },
  };
  publish(d).security = [scheme('oauth')];
};
/** A broker the clients connect to; connecting needs the OAuth token with `orders:read`. */
const SERVER_SECURITY = ['server-security-added', 'server-security-removed', 'server-security-alternative-added'];
const broker = (d: Doc) => d.servers.production;
const served = (d: Doc) => {
  secured(d);
  delete publish(d).security;
  d.servers = {
    production: { host: 'broker.example.com:5672', protocol: 'amqp', security: [scheme('oauth')] },
    staging: { host: 'staging.example.com:5672', protocol: 'amqp' },
  };
};
const deprecate = (sunset?: string) => (d: Doc) => {
  publish(d)['x-lifecycle'] = { stage: 'deprecated', ...(sunset ? { sunset } : {}) };
};
/** Adds message `name` (an empty object payload) to `channel`'s messages. */
const addMessage = (d: Doc, channel: string, name: string) => {
  d.components.messages[name] = { name, payload: { type: 'object' } };
  d.channels[channel].messages[name] = { $ref: `#/components/messages/${name}` };
  return { $ref: `#/channels/${channel}/messages/${name}` };
};
/** The service also asks for quotes: it sends QuoteRequest and receives a Quote reply. */
const requester = (d: Doc) => {
  d.components.messages.QuoteRequest = {
    name: 'QuoteRequest',
    payload: {
      type: 'object',
      required: ['orderId'],
      properties: { orderId: { type: 'string' }, speed: { type: 'string', enum: ['standard', 'express'] } },
    },
  };
  d.components.messages.Quote = {
    name: 'Quote',
    payload: { type: 'object', required: ['price'], properties: { price: { type: 'number' }, currency: { type: 'string' } } },
  };
  d.channels.quotes = { address: 'quotes.requests', messages: { QuoteRequest: { $ref: '#/components/messages/QuoteRequest' } } };
  d.channels.quoteReplies = { address: 'quotes.replies', messages: { Quote: { $ref: '#/components/messages/Quote' } } };
  d.operations.requestQuote = {
    action: 'send',
    channel: { $ref: '#/channels/quotes' },
    messages: [{ $ref: '#/channels/quotes/messages/QuoteRequest' }],
    reply: { channel: { $ref: '#/channels/quoteReplies' }, messages: [{ $ref: '#/channels/quoteReplies/messages/Quote' }] },
  };
};
const quote = (d: Doc) => d.components.messages.Quote.payload;
const ordersHeaders = (d: Doc) => {
  d.components.messages.OrderPlaced.headers = {
    type: 'object',
    required: ['traceparent'],
    properties: { traceparent: { type: 'string' } },
  };
};
const shipHeaders = (d: Doc) => {
  d.components.messages.ShipOrder.headers = { type: 'object', properties: { traceparent: { type: 'string' } } };
};

/** Requests and replies carry the correlation id in a header. */
const correlated = (d: Doc) => {
  for (const name of ['ShipOrder', 'ShipReply', 'OrderPlaced', 'OrderCancelled'])
    d.components.messages[name].correlationId = { location: '$message.header#/correlationId' };
};
/** Shipments are received on `shipments.{priority}`, a parameter with two values. */
const priorities = (d: Doc) => {
  d.channels.shipments.address = 'shipments.{priority}';
  d.channels.shipments.parameters = { priority: { enum: ['standard', 'express'] } };
};
const region = (d: Doc) => d.channels.orders.parameters.region;
/** Orders go to a Kafka topic, keyed by order id; shipments come through an AMQP exchange. */
const bound = (d: Doc) => {
  d.channels.orders.bindings = { kafka: { topic: 'orders', partitions: 6, bindingVersion: '0.5.0' } };
  d.channels.shipments.bindings = { amqp: { is: 'routingKey', exchange: { name: 'shipping', type: 'topic' }, bindingVersion: '0.3.0' } };
  d.components.messages.OrderPlaced.bindings = { kafka: { key: { type: 'string', format: 'uuid' } } };
  d.components.messages.ShipOrder.bindings = { kafka: { key: { type: 'string' } } };
  publish(d).bindings = { mqtt: { qos: 1, retain: true } };
  d.operations.receiveShipOrder.bindings = { mqtt: { qos: 1 }, nats: { queue: 'shipping' } };
};
const BINDINGS = ['binding-destination-changed', 'binding-delivery-weakened', 'binding-changed', 'binding-removed', 'binding-added'];
/** A message trait that gives OrderPlaced its trace header. */
const traced = (d: Doc) => {
  d.components.messageTraits = {
    traced: { headers: { type: 'object', required: ['traceparent'], properties: { traceparent: { type: 'string' } } } },
  };
  d.components.messages.OrderPlaced.traits = [{ $ref: '#/components/messageTraits/traced' }];
};

export const ASYNCAPI_CASES: Case[] = [
  // Operations and channels
  { name: 'operation removed', change: (d) => delete d.operations.publishOrders, expect: ['operation-removed-without-deprecation'] },
  {
    name: 'deprecated operation removed before its sunset',
    setup: (d) => {
      d.operations.publishOrders['x-lifecycle'] = { stage: 'deprecated', sunset: '2027-12-31' };
    },
    change: (d) => delete d.operations.publishOrders,
    expect: ['operation-removed-before-sunset'],
  },
  {
    name: 'deprecated operation removed after its sunset',
    setup: (d) => {
      d.operations.publishOrders['x-lifecycle'] = { stage: 'deprecated', sunset: '2026-01-31' };
    },
    change: (d) => delete d.operations.publishOrders,
    expect: ['operation-removed-after-sunset'],
  },
  {
    name: 'operation added',
    change: (d) => {
      d.operations.receiveOrders = { action: 'receive', channel: { $ref: '#/channels/orders' } };
    },
    expect: ['operation-added'],
  },
  {
    name: 'operation deprecated',
    change: (d) => {
      d.operations.publishOrders['x-lifecycle'] = { stage: 'deprecated', sunset: '2027-12-31' };
    },
    expect: ['operation-deprecated'],
  },
  {
    name: 'channel address changed',
    change: (d) => {
      d.channels.shipments.address = 'shipping.requests';
    },
    expect: ['channel-address-changed'],
  },
  {
    name: 'channel parameter renamed: the same addresses',
    change: (d) => {
      d.channels.orders.address = 'orders.{zone}';
      d.channels.orders.parameters = { zone: {} };
    },
    expect: ['channel-parameter-renamed'],
    forbid: ['channel-address-changed'],
  },
  {
    name: 'channel key renamed, same address: not a change',
    change: (d) => {
      d.channels.orderEvents = d.channels.orders;
      delete d.channels.orders;
      d.operations.publishOrders = JSON.parse(
        JSON.stringify(d.operations.publishOrders).replaceAll('#/channels/orders', '#/channels/orderEvents'),
      );
    },
    expect: [],
  },
  {
    name: 'action changed',
    change: (d) => {
      d.operations.publishOrders.action = 'receive';
    },
    expect: ['operation-action-changed'],
  },
  { name: 'reply removed', change: (d) => delete d.operations.receiveShipOrder.reply, expect: ['reply-removed'] },
  {
    name: 'received operation removed',
    change: (d) => delete d.operations.receiveShipOrder,
    expect: ['operation-removed-without-deprecation'],
  },
  {
    name: 'operation renamed',
    change: (d) => {
      d.operations.publishOrderEvents = publish(d);
      delete d.operations.publishOrders;
    },
    expect: ['operation-removed-without-deprecation', 'operation-added'],
  },
  {
    name: 'deprecated operation removed on its sunset day',
    setup: deprecate('2026-11-25'),
    change: (d) => delete d.operations.publishOrders,
    expect: ['operation-removed-after-sunset'],
  },
  {
    name: 'deprecated operation without a sunset removed',
    setup: deprecate(),
    change: (d) => delete d.operations.publishOrders,
    expect: ['operation-removed-after-sunset'],
  },
  {
    name: 'deprecated operation retired before its sunset',
    setup: deprecate('2027-06-30'),
    change: (d) => {
      publish(d)['x-lifecycle'].stage = 'retired';
    },
    expect: ['operation-retired-before-sunset'],
  },
  {
    name: 'deprecated operation retired on its sunset day',
    setup: deprecate('2026-11-25'),
    change: (d) => {
      publish(d)['x-lifecycle'].stage = 'retired';
    },
    expect: ['operation-retired'],
  },
  {
    name: 'operation retired without being deprecated',
    change: (d) => {
      publish(d)['x-lifecycle'] = { stage: 'retired', sunset: '2027-06-30' };
    },
    expect: ['operation-retired-without-deprecation'],
    forbid: ['operation-deprecated'],
  },
  {
    name: 'retired operation removed',
    setup: (d) => {
      publish(d)['x-lifecycle'] = { stage: 'retired', sunset: '2026-01-31' };
    },
    change: (d) => delete d.operations.publishOrders,
    expect: ['operation-removed-after-sunset'],
  },
  {
    name: 'operation un-deprecated',
    setup: deprecate('2027-12-31'),
    change: (d) => delete publish(d)['x-lifecycle'],
    expect: ['operation-undeprecated'],
  },
  {
    name: 'sunset postponed is not a change',
    setup: deprecate('2027-12-31'),
    change: (d) => {
      publish(d)['x-lifecycle'].sunset = '2028-06-30';
    },
    expect: [],
    forbid: ['operation-deprecated', 'operation-undeprecated'],
  },
  {
    name: 'channel removed with its operation',
    change: (d) => {
      delete d.operations.publishOrders;
      delete d.channels.orders;
    },
    expect: ['operation-removed-without-deprecation', 'channel-removed'],
  },
  {
    name: 'unused channel removed',
    setup: (d) => {
      d.channels.audit = { address: 'audit.events' };
    },
    change: (d) => delete d.channels.audit,
    expect: ['channel-removed'],
  },
  {
    name: 'channel added',
    change: (d) => {
      d.channels.audit = { address: 'audit.events' };
    },
    expect: [],
  },
  {
    name: 'operation moved to a channel with another address',
    change: (d) => {
      d.channels.ordersV2 = { ...d.channels.orders, address: 'orders.v2.{region}' };
      delete d.channels.orders;
      d.operations.publishOrders = JSON.parse(JSON.stringify(publish(d)).replaceAll('#/channels/orders', '#/channels/ordersV2'));
    },
    expect: ['channel-address-changed', 'channel-removed'],
  },
  {
    name: 'reply channel address changed',
    change: (d) => {
      d.channels.shipmentReplies.address = 'shipping.replies';
    },
    expect: ['channel-address-changed'],
  },
  {
    name: 'channel parameter described is not a change',
    change: (d) => {
      d.channels.orders.parameters.region = { description: 'eu or us' };
    },
    expect: [],
    forbid: ['channel-address-changed', 'channel-removed'],
  },
  {
    name: 'received operation becomes a send',
    change: (d) => {
      d.operations.receiveShipOrder.action = 'send';
    },
    expect: ['operation-action-changed'],
  },
  // Security: any listed scheme suffices; an OAuth scheme needs all its scopes
  {
    name: 'security required where there was none',
    change: (d) => {
      d.components.securitySchemes = { user: { type: 'userPassword' } };
      publish(d).security = [scheme('user')];
    },
    expect: ['operation-security-added'],
  },
  {
    name: 'security removed (operation made public)',
    setup: secured,
    change: (d) => delete publish(d).security,
    expect: [],
    forbid: SECURITY,
  },
  {
    name: 'security scheme replaced',
    setup: secured,
    change: (d) => {
      publish(d).security = [scheme('user')];
    },
    expect: ['operation-security-removed', 'operation-security-alternative-added'],
  },
  {
    name: 'security alternative added',
    setup: secured,
    change: (d) => {
      publish(d).security.push(scheme('user'));
    },
    expect: ['operation-security-alternative-added'],
  },
  {
    name: 'security alternative removed',
    setup: (d) => {
      secured(d);
      publish(d).security.push(scheme('user'));
    },
    change: (d) => {
      publish(d).security.pop();
    },
    expect: ['operation-security-removed'],
  },
  {
    name: 'scope added',
    setup: secured,
    change: (d) => {
      d.components.securitySchemes.oauth.scopes.push('orders:write');
    },
    expect: ['operation-security-added'],
  },
  {
    name: 'scope removed',
    setup: (d) => {
      secured(d);
      d.components.securitySchemes.oauth.scopes.push('orders:write');
    },
    change: (d) => {
      d.components.securitySchemes.oauth.scopes = ['orders:read'];
    },
    expect: [],
    forbid: SECURITY,
  },
  // Servers: what a client meets when it connects (protocol, host and the server's own security)
  {
    name: 'server security required where there was none',
    setup: served,
    change: (d) => {
      d.servers.staging.security = [scheme('user')];
    },
    expect: ['server-security-added'],
    forbid: [...SECURITY, 'server-security-removed'],
  },
  {
    name: 'server security removed (broker opened)',
    setup: served,
    change: (d) => delete broker(d).security,
    expect: [],
    forbid: [...SECURITY, ...SERVER_SECURITY],
  },
  {
    name: 'server security scheme replaced',
    setup: served,
    change: (d) => {
      broker(d).security = [scheme('user')];
    },
    expect: ['server-security-removed', 'server-security-alternative-added'],
    forbid: SECURITY,
  },
  {
    name: 'server security alternative added',
    setup: served,
    change: (d) => {
      broker(d).security.push(scheme('user'));
    },
    expect: ['server-security-alternative-added'],
  },
  {
    name: 'server security alternative removed',
    setup: (d) => {
      served(d);
      broker(d).security.push(scheme('user'));
    },
    change: (d) => {
      broker(d).security.shift();
    },
    expect: ['server-security-removed'],
  },
  {
    name: 'server scope added',
    setup: served,
    change: (d) => {
      d.components.securitySchemes.oauth.scopes.push('orders:write');
    },
    expect: ['server-security-added'],
    forbid: SECURITY,
  },
  {
    name: 'an empty server security list is the same as none: not a change',
    setup: served,
    change: (d) => {
      d.servers.staging.security = [];
    },
    expect: [],
    forbid: SERVER_SECURITY,
  },
  { name: 'server removed', setup: served, change: (d) => delete d.servers.staging, expect: ['server-removed'] },
  {
    name: 'server added',
    setup: served,
    change: (d) => {
      d.servers.dr = { host: 'dr.example.com:5672', protocol: 'amqp' };
    },
    expect: ['server-added'],
    forbid: ['server-removed', ...SERVER_SECURITY],
  },
  {
    name: 'server renamed, same protocol and host: not a change',
    setup: served,
    change: (d) => {
      d.servers.prod = d.servers.production;
      delete d.servers.production;
    },
    expect: [],
    forbid: ['server-removed', 'server-added', 'server-host-changed', ...SERVER_SECURITY],
  },
  {
    name: 'two servers on one host merged into one: the other is removed',
    setup: (d) => {
      served(d);
      d.servers.staging.host = broker(d).host;
    },
    change: (d) => {
      d.servers.shared = d.servers.staging;
      delete d.servers.staging;
      delete d.servers.production;
    },
    expect: ['server-removed'],
    forbid: ['server-added'],
  },
  {
    name: 'server protocol changed',
    setup: served,
    change: (d) => {
      broker(d).protocol = 'mqtt';
    },
    expect: ['server-protocol-changed'],
  },
  {
    name: 'server moved to another host',
    setup: served,
    change: (d) => {
      broker(d).host = 'broker-2.example.com:5672';
    },
    expect: ['server-host-changed'],
    forbid: ['server-protocol-changed', 'server-removed', ...SERVER_SECURITY],
  },
  // Message headers (a message without headers takes any headers)
  {
    name: 'received: headers with a required header where there were none',
    change: (d) => {
      d.components.messages.ShipOrder.headers = { type: 'object', required: ['tenant'], properties: { tenant: { type: 'string' } } };
    },
    expect: ['request-property-added-required'],
    forbid: ['request-type-narrowed'],
  },
  {
    name: 'received: optional headers where there were none',
    change: shipHeaders,
    expect: ['request-property-added-optional'],
    forbid: ['request-type-narrowed', 'request-type-changed'],
  },
  {
    name: 'sent: headers with a required header dropped',
    setup: ordersHeaders,
    change: (d) => delete d.components.messages.OrderPlaced.headers,
    expect: ['response-property-removed'],
  },
  {
    name: 'sent: a header changed type',
    setup: ordersHeaders,
    change: (d) => {
      d.components.messages.OrderPlaced.headers.properties.traceparent = { type: 'integer' };
    },
    expect: ['response-type-changed'],
  },
  {
    name: 'sent: a header from a message trait became optional',
    setup: traced,
    change: (d) => {
      d.components.messageTraits.traced.headers.required = [];
    },
    expect: ['response-property-became-optional'],
  },
  {
    name: 'sent: a message trait with a required header applied',
    change: traced,
    expect: ['response-property-added-required'],
    forbid: ['response-type-narrowed'],
  },
  // Content type
  {
    name: 'sent: the content type of a message changed',
    change: (d) => {
      d.components.messages.OrderPlaced.contentType = 'application/avro';
    },
    expect: ['message-content-type-changed'],
  },
  {
    name: 'the default content type changed for messages without their own',
    change: (d) => {
      d.defaultContentType = 'application/cloudevents+json';
    },
    expect: ['message-content-type-changed'],
  },
  {
    name: 'a content type written out equal to the default is not a change',
    change: (d) => {
      d.components.messages.ShipOrder.contentType = 'application/json';
    },
    expect: [],
  },
  // Correlation ids: what matches a reply to its request
  {
    name: 'request and reply: the correlation id moved',
    setup: correlated,
    change: (d) => {
      d.components.messages.ShipReply.correlationId = { location: '$message.payload#/orderId' };
    },
    expect: ['message-correlation-id-changed'],
  },
  {
    name: 'a request with a reply no longer carries a correlation id',
    setup: correlated,
    change: (d) => delete d.components.messages.ShipOrder.correlationId,
    expect: ['message-correlation-id-removed'],
  },
  {
    name: 'sent: an event no longer carries a correlation id',
    setup: correlated,
    change: (d) => delete d.components.messages.OrderCancelled.correlationId,
    expect: ['message-correlation-id-removed'],
  },
  {
    name: 'received without a reply: a correlation id the service stops reading is not a change for senders',
    setup: (d) => {
      correlated(d);
      delete d.operations.receiveShipOrder.reply;
    },
    change: (d) => delete d.components.messages.ShipOrder.correlationId,
    expect: [],
    forbid: ['message-correlation-id-removed'],
  },
  {
    name: 'a correlation id added',
    change: (d) => {
      d.components.messages.ShipOrder.correlationId = { location: '$message.header#/correlationId' };
    },
    expect: ['message-correlation-id-added'],
  },
  {
    name: 'a reply address at another place of the request',
    setup: (d) => {
      delete d.operations.receiveShipOrder.reply.channel;
      d.operations.receiveShipOrder.reply.address = { location: '$message.header#/replyTo' };
    },
    change: (d) => {
      d.operations.receiveShipOrder.reply.address.location = '$message.header#/reply-to';
    },
    expect: ['channel-address-changed'],
  },
  // Address templates and channel parameters
  {
    name: 'channel parameters swapped places',
    setup: (d) => {
      d.channels.orders.address = 'orders.{region}.{kind}';
      d.channels.orders.parameters.kind = {};
    },
    change: (d) => {
      d.channels.orders.address = 'orders.{kind}.{region}';
    },
    expect: ['channel-address-changed'],
    forbid: ['channel-parameter-renamed'],
  },
  {
    name: 'a separator of the address changed',
    change: (d) => {
      d.channels.orders.address = 'orders/{region}';
    },
    expect: ['channel-address-changed'],
  },
  {
    name: 'a parameter added to the address',
    change: (d) => {
      d.channels.orders.address = 'orders.{region}.{kind}';
      d.channels.orders.parameters.kind = {};
    },
    expect: ['channel-address-changed'],
  },
  {
    name: 'sent: a channel parameter may take another value',
    setup: (d) => {
      region(d).enum = ['eu', 'us'];
    },
    change: (d) => {
      region(d).enum.push('apac');
    },
    expect: ['response-enum-value-added'],
  },
  {
    name: 'sent: a channel parameter takes fewer values',
    setup: (d) => {
      region(d).enum = ['eu', 'us'];
    },
    change: (d) => {
      region(d).enum = ['eu'];
    },
    expect: ['response-enum-value-removed'],
  },
  {
    name: 'received: a channel parameter value is no longer listened to',
    setup: priorities,
    change: (d) => {
      d.channels.shipments.parameters.priority.enum = ['standard'];
    },
    expect: ['request-enum-value-removed'],
  },
  {
    name: 'received: a channel parameter takes another value',
    setup: priorities,
    change: (d) => {
      d.channels.shipments.parameters.priority.enum.push('drone');
    },
    expect: ['request-enum-value-added'],
  },
  {
    name: 'received: a channel parameter default changed',
    setup: (d) => {
      priorities(d);
      d.channels.shipments.parameters.priority.default = 'standard';
    },
    change: (d) => {
      d.channels.shipments.parameters.priority.default = 'express';
    },
    expect: ['request-default-changed'],
  },
  {
    name: 'sent: a channel parameter now lists its values',
    change: (d) => {
      region(d).enum = ['eu', 'us'];
    },
    expect: ['response-type-narrowed'],
  },
  {
    name: 'a channel parameter found elsewhere in the message',
    setup: (d) => {
      region(d).location = '$message.payload#/region';
    },
    change: (d) => {
      region(d).location = '$message.header#/region';
    },
    expect: ['channel-parameter-location-changed'],
  },
  // The servers a channel is on
  {
    name: 'a channel no longer on a server',
    setup: served,
    change: (d) => {
      d.channels.orders.servers = [{ $ref: '#/servers/production' }];
    },
    expect: ['channel-server-removed'],
  },
  {
    name: 'a channel now on another server',
    setup: (d) => {
      served(d);
      d.channels.orders.servers = [{ $ref: '#/servers/production' }];
    },
    change: (d) => delete d.channels.orders.servers,
    expect: ['channel-server-added'],
  },
  {
    name: 'a channel listing every server is not a change',
    setup: served,
    change: (d) => {
      d.channels.orders.servers = [{ $ref: '#/servers/production' }, { $ref: '#/servers/staging' }];
    },
    expect: [],
  },
  {
    name: 'a channel leaving a server that is removed: only the server is reported',
    setup: served,
    change: (d) => {
      delete d.servers.staging;
    },
    expect: ['server-removed'],
    forbid: ['channel-server-removed'],
  },
  // Bindings
  {
    name: 'the Kafka topic of a channel changed',
    setup: bound,
    change: (d) => {
      d.channels.orders.bindings.kafka.topic = 'orders-v2';
    },
    expect: ['binding-destination-changed'],
  },
  {
    name: 'the AMQP exchange of a channel changed',
    setup: bound,
    change: (d) => {
      d.channels.shipments.bindings.amqp.exchange.name = 'shipping-v2';
    },
    expect: ['binding-destination-changed'],
  },
  {
    name: 'sent: MQTT QoS lowered',
    setup: bound,
    change: (d) => {
      publish(d).bindings.mqtt.qos = 0;
    },
    expect: ['binding-delivery-weakened'],
  },
  {
    name: 'sent: MQTT retain dropped',
    setup: bound,
    change: (d) => {
      publish(d).bindings.mqtt.retain = false;
    },
    expect: ['binding-delivery-weakened'],
  },
  {
    name: "received: MQTT QoS lowered is the service's own business",
    setup: bound,
    change: (d) => {
      d.operations.receiveShipOrder.bindings.mqtt.qos = 0;
    },
    expect: ['binding-changed'],
    forbid: ['binding-delivery-weakened'],
  },
  {
    name: 'sent: MQTT QoS raised',
    setup: bound,
    change: (d) => {
      publish(d).bindings.mqtt.qos = 2;
    },
    expect: ['binding-changed'],
    forbid: ['binding-delivery-weakened'],
  },
  {
    name: 'the NATS queue group changed',
    setup: bound,
    change: (d) => {
      d.operations.receiveShipOrder.bindings.nats.queue = 'shipping-v2';
    },
    expect: ['binding-changed'],
  },
  {
    name: 'the Kafka partitions of a channel changed',
    setup: bound,
    change: (d) => {
      d.channels.orders.bindings.kafka.partitions = 12;
    },
    expect: ['binding-changed'],
    forbid: ['binding-destination-changed'],
  },
  {
    name: 'Kafka bindings added to a message',
    change: (d) => {
      d.components.messages.OrderCancelled.bindings = { kafka: { key: { type: 'string' } } };
    },
    expect: ['binding-added'],
  },
  {
    name: 'AMQP bindings removed from a channel',
    setup: bound,
    change: (d) => delete d.channels.shipments.bindings,
    expect: ['binding-removed'],
  },
  {
    name: 'sent: the Kafka key changed type',
    setup: bound,
    change: (d) => {
      d.components.messages.OrderPlaced.bindings.kafka.key = { type: 'integer' };
    },
    expect: ['response-type-changed'],
  },
  {
    name: 'received: the Kafka key must now be a uuid',
    setup: bound,
    change: (d) => {
      d.components.messages.ShipOrder.bindings.kafka.key.format = 'uuid';
    },
    expect: ['request-format-added'],
  },
  {
    name: 'a binding version changed is not a change',
    setup: bound,
    change: (d) => {
      d.channels.orders.bindings.kafka.bindingVersion = '0.4.0';
    },
    expect: [],
    forbid: BINDINGS,
  },
  {
    name: 'a server binding changed',
    setup: (d) => {
      served(d);
      broker(d).bindings = { mqtt: { keepAlive: 60 } };
    },
    change: (d) => {
      broker(d).bindings.mqtt.keepAlive = 30;
    },
    expect: ['binding-changed'],
  },
  // Sunsets and security schemes
  {
    name: 'a sunset brought forward',
    setup: deprecate('2027-12-31'),
    change: (d) => {
      publish(d)['x-lifecycle'].sunset = '2027-06-30';
    },
    expect: ['operation-sunset-brought-forward'],
  },
  // Payload properties and values carry their own sunset, as in OpenAPI (issue 14, item 8)
  {
    name: 'a deprecated field of a sent event removed after its sunset',
    setup: (d) => Object.assign(order(d).properties.coupon, { deprecated: true, 'x-lifecycle': { sunset: '2026-06-30' } }),
    change: (d) => delete order(d).properties.coupon,
    expect: ['response-property-removed-after-sunset'],
    forbid: ['response-optional-property-removed', 'response-property-removed-before-sunset'],
  },
  {
    name: 'a deprecated field of a received command removed before its sunset',
    setup: (d) => Object.assign(ship(d).properties.notes, { deprecated: true, 'x-lifecycle': { sunset: '2027-06-30' } }),
    change: (d) => delete ship(d).properties.notes,
    expect: ['request-property-removed-before-sunset'],
  },
  {
    name: 'a field of a received command deprecated with a sunset',
    change: (d) => Object.assign(ship(d).properties.notes, { deprecated: true, 'x-lifecycle': { sunset: '2027-06-30' } }),
    expect: ['request-property-deprecated'],
  },
  {
    name: 'a deprecated value of a received command removed after its sunset',
    setup: (d) => {
      ship(d).properties.speed = {
        type: 'string',
        enum: ['standard', 'express'],
        'x-lifecycle': { deprecatedValues: { express: { sunset: '2026-06-30' } } },
      };
    },
    change: (d) => {
      ship(d).properties.speed.enum = ['standard'];
    },
    expect: ['request-enum-value-removed-after-sunset'],
    forbid: ['request-enum-value-removed'],
  },
  {
    name: 'a security scheme changed how clients authenticate',
    setup: secured,
    change: (d) => {
      d.components.securitySchemes.user = { type: 'X509' };
      publish(d).security.push(scheme('user'));
      // A valid OpenID Connect scheme (the official parser refuses one without its URL).
      d.components.securitySchemes.oauth = {
        type: 'openIdConnect',
        openIdConnectUrl: 'https://auth.example.com/.well-known/openid-configuration',
        scopes: ['orders:read'],
      };
    },
    expect: ['security-scheme-changed', 'operation-security-alternative-added'],
  },
  // Messages
  {
    name: 'message removed from a sent operation',
    change: (d) => {
      d.operations.publishOrders.messages.pop();
    },
    expect: ['message-removed'],
  },
  {
    name: 'message added to a sent operation',
    change: (d) => {
      d.components.messages.OrderShipped = { name: 'OrderShipped', payload: { type: 'object' } };
      d.channels.orders.messages.OrderShipped = { $ref: '#/components/messages/OrderShipped' };
      d.operations.publishOrders.messages.push({ $ref: '#/channels/orders/messages/OrderShipped' });
    },
    expect: ['message-added-to-sent'],
  },
  {
    name: 'message added to a received operation',
    change: (d) => {
      d.components.messages.ShipBatch = { name: 'ShipBatch', payload: { type: 'object' } };
      d.channels.shipments.messages.ShipBatch = { $ref: '#/components/messages/ShipBatch' };
      d.operations.receiveShipOrder.messages.push({ $ref: '#/channels/shipments/messages/ShipBatch' });
    },
    expect: ['message-added-to-received'],
  },
  {
    name: 'message removed from a received operation',
    setup: (d) => {
      d.operations.receiveShipOrder.messages.push(addMessage(d, 'shipments', 'ShipBatch'));
    },
    change: (d) => {
      d.operations.receiveShipOrder.messages.shift();
    },
    expect: ['message-removed'],
  },
  {
    name: 'message removed from a reply',
    setup: (d) => {
      d.operations.receiveShipOrder.reply.messages.push(addMessage(d, 'shipmentReplies', 'ShipDelayed'));
    },
    change: (d) => {
      d.operations.receiveShipOrder.reply.messages.pop();
    },
    expect: ['message-removed'],
  },
  {
    name: 'message added to a reply (the service sends it)',
    change: (d) => {
      d.operations.receiveShipOrder.reply.messages.push(addMessage(d, 'shipmentReplies', 'ShipDelayed'));
    },
    expect: ['message-added-to-sent'],
  },
  {
    name: 'message renamed',
    change: (d) => {
      d.components.messages.OrderCancelled.name = 'OrderCanceled';
    },
    expect: ['message-removed', 'message-added-to-sent'],
  },
  {
    name: 'message key renamed, same name: not a change',
    change: (d) => {
      const m = d.components.messages;
      m.OrderVoided = m.OrderCancelled;
      delete m.OrderCancelled;
      d.channels.orders.messages.OrderCancelled = { $ref: '#/components/messages/OrderVoided' };
    },
    expect: [],
    forbid: ['message-removed', 'message-added-to-sent'],
  },
  // What subscribers receive (sent messages): may only get tighter
  {
    name: 'sent: required property removed',
    change: (d) => {
      delete order(d).properties.total;
      order(d).required = ['orderId', 'lines'];
    },
    expect: ['response-property-removed'],
  },
  {
    name: 'sent: optional property removed',
    change: (d) => delete order(d).properties.currency,
    expect: ['response-optional-property-removed'],
  },
  {
    name: 'sent: property became optional',
    change: (d) => {
      order(d).required = ['orderId', 'lines'];
    },
    expect: ['response-property-became-optional'],
  },
  {
    name: 'sent: property added',
    change: (d) => {
      order(d).properties.channel = { type: 'string' };
    },
    expect: ['response-property-added-optional'],
  },
  {
    name: 'sent: property became required',
    change: (d) => {
      order(d).required.push('currency');
    },
    expect: ['response-property-became-required'],
  },
  {
    name: 'sent: enum value added',
    change: (d) => {
      d.components.messages.OrderCancelled.payload.properties.reason.enum.push('stock');
    },
    expect: ['response-enum-value-added'],
  },
  {
    name: 'sent: enum value removed',
    change: (d) => {
      d.components.messages.OrderCancelled.payload.properties.reason.enum = ['customer'];
    },
    expect: ['response-enum-value-removed'],
  },
  {
    name: 'sent: became nullable',
    change: (d) => {
      order(d).properties.total.type = ['number', 'null'];
    },
    expect: ['response-became-nullable'],
  },
  {
    name: 'sent: became not nullable',
    change: (d) => {
      order(d).properties.coupon.type = 'string';
    },
    expect: ['response-became-not-nullable'],
  },
  {
    name: 'sent: minimum lowered',
    change: (d) => {
      order(d).properties.total.minimum = -100;
    },
    expect: ['response-constraint-loosened'],
  },
  {
    name: 'sent: minimum raised',
    change: (d) => {
      order(d).properties.total.minimum = 1;
    },
    expect: ['response-constraint-tightened'],
  },
  {
    name: 'sent: maxItems raised',
    change: (d) => {
      order(d).properties.lines.maxItems = 500;
    },
    expect: ['response-constraint-loosened'],
  },
  { name: 'sent: pattern removed', change: (d) => delete order(d).properties.currency.pattern, expect: ['response-pattern-removed'] },
  { name: 'sent: format removed', change: (d) => delete order(d).properties.orderId.format, expect: ['response-format-removed'] },
  {
    name: 'sent: type changed',
    change: (d) => {
      order(d).properties.total = { type: 'string' };
    },
    expect: ['response-type-changed'],
  },
  {
    name: 'sent: nested item property type changed',
    change: (d) => {
      order(d).properties.lines.items.properties.quantity.type = 'number';
    },
    expect: ['response-type-widened'],
  },
  {
    name: 'sent: description changed only',
    change: (d) => {
      order(d).description = 'An order';
    },
    expect: [],
  },
  {
    name: 'sent: required property added',
    change: (d) => {
      order(d).properties.placedAt = { type: 'string', format: 'date-time' };
      order(d).required.push('placedAt');
    },
    expect: ['response-property-added-required'],
  },
  {
    name: 'sent: format added',
    change: (d) => {
      d.components.messages.OrderCancelled.payload.properties.orderId.format = 'uuid';
    },
    expect: ['response-format-added'],
  },
  {
    name: 'sent: format changed',
    change: (d) => {
      order(d).properties.orderId.format = 'uri';
    },
    expect: ['response-format-changed'],
  },
  {
    name: 'sent: pattern added',
    change: (d) => {
      d.components.messages.OrderCancelled.payload.properties.orderId.pattern = '^[0-9a-f-]+$';
    },
    expect: ['response-pattern-added'],
  },
  {
    name: 'sent: pattern changed',
    change: (d) => {
      order(d).properties.currency.pattern = '^[A-Z]{3,4}$';
    },
    expect: ['response-pattern-changed'],
  },
  {
    name: 'sent: number narrowed to integer',
    change: (d) => {
      order(d).properties.total.type = 'integer';
    },
    expect: ['response-type-narrowed'],
  },
  {
    name: 'sent: additional properties closed',
    change: (d) => {
      order(d).additionalProperties = false;
    },
    expect: ['response-additional-properties-restricted'],
  },
  {
    name: 'sent: additional properties opened',
    setup: (d) => {
      order(d).additionalProperties = false;
    },
    change: (d) => delete order(d).additionalProperties,
    expect: ['response-additional-properties-allowed'],
  },
  {
    name: 'sent: union alternative added',
    setup: (d) => {
      order(d).properties.discount = { oneOf: [{ type: 'number' }, { type: 'string' }] };
    },
    change: (d) => {
      order(d).properties.discount.oneOf.push({ type: 'boolean' });
    },
    expect: ['response-variant-added'],
  },
  {
    name: 'sent: union alternative removed',
    setup: (d) => {
      order(d).properties.discount = { oneOf: [{ type: 'number' }, { type: 'string' }, { type: 'boolean' }] };
    },
    change: (d) => {
      order(d).properties.discount.oneOf.pop();
    },
    expect: ['response-variant-removed'],
  },
  {
    name: 'sent: maxItems lowered',
    change: (d) => {
      order(d).properties.lines.maxItems = 20;
    },
    expect: ['response-constraint-tightened'],
  },
  {
    name: 'sent: required header removed',
    setup: ordersHeaders,
    change: (d) => {
      d.components.messages.OrderPlaced.headers = { type: 'object', properties: {} };
    },
    expect: ['response-property-removed'],
  },
  {
    name: 'sent: header became optional',
    setup: ordersHeaders,
    change: (d) => {
      d.components.messages.OrderPlaced.headers.required = [];
    },
    expect: ['response-property-became-optional'],
  },
  // What the service receives (clients send): may only get looser
  {
    name: 'received: required property added',
    change: (d) => {
      ship(d).properties.priority = { type: 'integer' };
      ship(d).required.push('priority');
    },
    expect: ['request-property-added-required'],
  },
  {
    name: 'received: optional property added',
    change: (d) => {
      ship(d).properties.priority = { type: 'integer' };
    },
    expect: ['request-property-added-optional'],
  },
  {
    name: 'received: property removed (unknown ones refused)',
    change: (d) => delete ship(d).properties.notes,
    expect: ['request-property-removed'],
  },
  {
    name: 'received: property removed (unknown ones allowed)',
    change: (d) => {
      delete ship(d).properties.notes;
      delete ship(d).additionalProperties;
    },
    expect: ['request-optional-property-removed', 'request-additional-properties-allowed'],
  },
  {
    name: 'received: maxLength lowered',
    change: (d) => {
      ship(d).properties.orderId.maxLength = 10;
    },
    expect: ['request-constraint-tightened'],
  },
  {
    name: 'received: maxLength raised',
    change: (d) => {
      ship(d).properties.orderId.maxLength = 64;
    },
    expect: ['request-constraint-loosened'],
  },
  {
    name: 'received: type changed',
    change: (d) => {
      ship(d).properties.express = { type: 'string' };
    },
    expect: ['request-type-changed'],
  },
  {
    name: 'received: property became optional',
    change: (d) => {
      ship(d).required = [];
    },
    expect: ['request-property-became-optional'],
  },
  {
    name: 'received: pattern added',
    change: (d) => {
      ship(d).properties.orderId.pattern = '^[0-9]+$';
    },
    expect: ['request-pattern-added'],
  },
  {
    name: 'received: additional properties closed',
    setup: (d) => delete ship(d).additionalProperties,
    change: (d) => {
      ship(d).additionalProperties = false;
    },
    expect: ['request-additional-properties-restricted'],
  },
  {
    name: 'received: enum value removed',
    setup: (d) => {
      ship(d).properties.speed = { type: 'string', enum: ['standard', 'express'] };
    },
    change: (d) => {
      ship(d).properties.speed.enum = ['standard'];
    },
    expect: ['request-enum-value-removed'],
  },
  {
    name: 'received: enum value added',
    setup: (d) => {
      ship(d).properties.speed = { type: 'string', enum: ['standard', 'express'] };
    },
    change: (d) => {
      ship(d).properties.speed.enum.push('drone');
    },
    expect: ['request-enum-value-added'],
  },
  {
    name: 'received: became nullable',
    change: (d) => {
      ship(d).properties.notes.type = ['string', 'null'];
    },
    expect: ['request-became-nullable'],
  },
  {
    name: 'received: became not nullable',
    setup: (d) => {
      ship(d).properties.notes.type = ['string', 'null'];
    },
    change: (d) => {
      ship(d).properties.notes.type = 'string';
    },
    expect: ['request-became-not-nullable'],
  },
  {
    name: 'received: format added',
    change: (d) => {
      ship(d).properties.orderId.format = 'uuid';
    },
    expect: ['request-format-added'],
  },
  {
    name: 'received: format removed',
    setup: (d) => {
      ship(d).properties.orderId.format = 'uuid';
    },
    change: (d) => delete ship(d).properties.orderId.format,
    expect: ['request-format-removed'],
  },
  {
    name: 'received: format changed',
    setup: (d) => {
      ship(d).properties.orderId.format = 'uuid';
    },
    change: (d) => {
      ship(d).properties.orderId.format = 'uri';
    },
    expect: ['request-format-changed'],
  },
  {
    name: 'received: pattern removed',
    setup: (d) => {
      ship(d).properties.orderId.pattern = '^[0-9]+$';
    },
    change: (d) => delete ship(d).properties.orderId.pattern,
    expect: ['request-pattern-removed'],
  },
  {
    name: 'received: pattern changed',
    setup: (d) => {
      ship(d).properties.orderId.pattern = '^[0-9]+$';
    },
    change: (d) => {
      ship(d).properties.orderId.pattern = '^[0-9a-f]+$';
    },
    expect: ['request-pattern-changed'],
  },
  {
    name: 'received: property became required',
    change: (d) => {
      ship(d).required.push('express');
    },
    expect: ['request-property-became-required'],
  },
  {
    name: 'received: integer widened to number',
    setup: (d) => {
      ship(d).properties.copies = { type: 'integer' };
    },
    change: (d) => {
      ship(d).properties.copies.type = 'number';
    },
    expect: ['request-type-widened'],
  },
  {
    name: 'received: number narrowed to integer',
    setup: (d) => {
      ship(d).properties.copies = { type: 'number' };
    },
    change: (d) => {
      ship(d).properties.copies.type = 'integer';
    },
    expect: ['request-type-narrowed'],
  },
  {
    name: 'received: union alternative removed',
    setup: (d) => {
      ship(d).properties.target = { oneOf: [{ type: 'string' }, { type: 'integer' }] };
    },
    change: (d) => {
      ship(d).properties.target.oneOf.pop();
      ship(d).properties.target.oneOf.push({ type: 'boolean' });
    },
    expect: ['request-variant-removed', 'request-variant-added'],
  },
  {
    name: 'received: union alternative added',
    setup: (d) => {
      ship(d).properties.target = { oneOf: [{ type: 'string' }, { type: 'integer' }] };
    },
    change: (d) => {
      ship(d).properties.target.oneOf.push({ type: 'boolean' });
    },
    expect: ['request-variant-added'],
  },
  {
    name: 'received: header became required',
    setup: shipHeaders,
    change: (d) => {
      d.components.messages.ShipOrder.headers.required = ['traceparent'];
    },
    expect: ['request-property-became-required'],
  },
  {
    name: 'received: optional header added',
    setup: shipHeaders,
    change: (d) => {
      d.components.messages.ShipOrder.headers.properties.tracestate = { type: 'string' };
    },
    expect: ['request-property-added-optional'],
  },
  // Replies: what requesters receive
  {
    name: 'reply: enum value added',
    change: (d) => {
      reply(d).properties.status.enum.push('queued');
    },
    expect: ['response-enum-value-added'],
  },
  {
    name: 'reply: property removed',
    change: (d) => {
      delete reply(d).properties.status;
      reply(d).required = ['orderId'];
    },
    expect: ['response-property-removed'],
  },
  {
    name: 'reply: property added',
    change: (d) => {
      reply(d).properties.eta = { type: 'string', format: 'date-time' };
    },
    expect: ['response-property-added-optional'],
  },
  {
    name: 'reply: enum value removed',
    change: (d) => {
      reply(d).properties.status.enum = ['accepted'];
    },
    expect: ['response-enum-value-removed'],
  },
  {
    name: 'reply: property became optional',
    change: (d) => {
      reply(d).required = ['orderId'];
    },
    expect: ['response-property-became-optional'],
  },
  {
    name: 'reply: type changed',
    change: (d) => {
      reply(d).properties.orderId = { type: 'integer' };
    },
    expect: ['response-type-changed'],
  },
  {
    name: 'reply added where there was none',
    setup: (d) => delete d.operations.receiveShipOrder.reply,
    change: (d) => {
      d.operations.receiveShipOrder.reply = { channel: { $ref: '#/channels/shipmentReplies' } };
    },
    expect: ['reply-added'],
  },
  // A reply the service receives (it sent the request): what the responder sends, may only get looser
  {
    name: 'reply received: required property added',
    setup: requester,
    change: (d) => {
      quote(d).properties.validUntil = { type: 'string' };
      quote(d).required.push('validUntil');
    },
    expect: ['request-property-added-required'],
  },
  {
    name: 'reply received: property became optional',
    setup: requester,
    change: (d) => {
      quote(d).required = [];
    },
    expect: ['request-property-became-optional'],
  },
  {
    name: 'reply received: message added',
    setup: requester,
    change: (d) => {
      d.operations.requestQuote.reply.messages.push(addMessage(d, 'quoteReplies', 'NoQuote'));
    },
    expect: ['message-added-to-received'],
  },
  {
    name: 'reply received: reply removed',
    setup: requester,
    change: (d) => delete d.operations.requestQuote.reply,
    expect: ['reply-removed'],
  },
  {
    name: 'request sent: enum value added',
    setup: requester,
    change: (d) => {
      d.components.messages.QuoteRequest.payload.properties.speed.enum.push('drone');
    },
    expect: ['response-enum-value-added'],
  },
];

/** The base with every message-level part filled in (servers, bindings, traits, correlation ids, parameters with values), for fuzzing. */
export const RICH_ASYNCAPI: Doc = (() => {
  const d = structuredClone(ASYNCAPI);
  for (const step of [served, bound, traced, correlated, priorities, requester]) step(d);
  region(d).enum = ['eu', 'us'];
  region(d).location = '$message.payload#/region';
  d.channels.orders.servers = [{ $ref: '#/servers/production' }];
  return d;
})();
