import type { Case, Doc } from './harness.ts';

/** The base AsyncAPI 3 document every row changes. */
export const ASYNCAPI: Doc = {
  asyncapi: '3.0.0',
  info: { title: 'Orders', version: '1.0.0' },
  defaultContentType: 'application/json',
  channels: {
    orders: { address: 'orders.{region}', parameters: { region: {} }, messages: { OrderPlaced: { $ref: '#/components/messages/OrderPlaced' }, OrderCancelled: { $ref: '#/components/messages/OrderCancelled' } } },
    shipments: { address: 'shipments.requests', messages: { ShipOrder: { $ref: '#/components/messages/ShipOrder' } } },
    shipmentReplies: { address: 'shipments.replies', messages: { ShipReply: { $ref: '#/components/messages/ShipReply' } } },
  },
  operations: {
    publishOrders: { action: 'send', channel: { $ref: '#/channels/orders' }, messages: [{ $ref: '#/channels/orders/messages/OrderPlaced' }, { $ref: '#/channels/orders/messages/OrderCancelled' }] },
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
      OrderCancelled: { name: 'OrderCancelled', payload: { type: 'object', required: ['orderId'], properties: { orderId: { type: 'string' }, reason: { type: 'string', enum: ['customer', 'fraud'] } } } },
      ShipOrder: { name: 'ShipOrder', payload: { type: 'object', additionalProperties: false, required: ['orderId'], properties: { orderId: { type: 'string', maxLength: 36 }, express: { type: 'boolean' }, notes: { type: 'string' } } } },
      ShipReply: { name: 'ShipReply', payload: { type: 'object', required: ['orderId', 'status'], properties: { orderId: { type: 'string' }, status: { type: 'string', enum: ['accepted', 'rejected'] } } } },
    },
    schemas: {
      Order: {
        type: 'object',
        required: ['orderId', 'total', 'lines'],
        properties: {
          orderId: { type: 'string', format: 'uuid' },
          total: { type: 'number', minimum: 0 },
          currency: { type: 'string', pattern: '^[A-Z]{3}$' },
          lines: { type: 'array', maxItems: 50, items: { type: 'object', required: ['sku'], properties: { sku: { type: 'string' }, quantity: { type: 'integer', minimum: 1 } } } },
          coupon: { type: ['string', 'null'] },
        },
      },
    },
  },
};

const order = (d: Doc) => d.components.schemas.Order;
const ship = (d: Doc) => d.components.messages.ShipOrder.payload;
const reply = (d: Doc) => d.components.messages.ShipReply.payload;

export const ASYNCAPI_CASES: Case[] = [
  // Operations and channels
  { name: 'operation removed', change: (d) => delete d.operations.publishOrders, expect: ['operation-removed-without-deprecation'] },
  { name: 'deprecated operation removed before its sunset', setup: (d) => { d.operations.publishOrders['x-lifecycle'] = { stage: 'deprecated', sunset: '2027-12-31' }; }, change: (d) => delete d.operations.publishOrders, expect: ['operation-removed-before-sunset'] },
  { name: 'deprecated operation removed after its sunset', setup: (d) => { d.operations.publishOrders['x-lifecycle'] = { stage: 'deprecated', sunset: '2026-01-31' }; }, change: (d) => delete d.operations.publishOrders, expect: ['operation-removed-after-sunset'] },
  { name: 'operation added', change: (d) => { d.operations.receiveOrders = { action: 'receive', channel: { $ref: '#/channels/orders' } }; }, expect: ['operation-added'] },
  { name: 'operation deprecated', change: (d) => { d.operations.publishOrders['x-lifecycle'] = { stage: 'deprecated', sunset: '2027-12-31' }; }, expect: ['operation-deprecated'] },
  { name: 'channel address changed', change: (d) => { d.channels.shipments.address = 'shipping.requests'; }, expect: ['channel-address-changed'] },
  { name: 'channel parameter renamed changes the address', change: (d) => { d.channels.orders.address = 'orders.{zone}'; d.channels.orders.parameters = { zone: {} }; }, expect: ['channel-address-changed'] },
  { name: 'channel key renamed, same address: not a change', change: (d) => { d.channels.orderEvents = d.channels.orders; delete d.channels.orders; d.operations.publishOrders = JSON.parse(JSON.stringify(d.operations.publishOrders).replaceAll('#/channels/orders', '#/channels/orderEvents')); }, expect: [] },
  { name: 'action changed', change: (d) => { d.operations.publishOrders.action = 'receive'; }, expect: ['operation-action-changed'] },
  { name: 'reply removed', change: (d) => delete d.operations.receiveShipOrder.reply, expect: ['reply-removed'] },
  // Messages
  { name: 'message removed from a sent operation', change: (d) => { d.operations.publishOrders.messages.pop(); }, expect: ['message-removed'] },
  { name: 'message added to a sent operation', change: (d) => { d.components.messages.OrderShipped = { name: 'OrderShipped', payload: { type: 'object' } }; d.channels.orders.messages.OrderShipped = { $ref: '#/components/messages/OrderShipped' }; d.operations.publishOrders.messages.push({ $ref: '#/channels/orders/messages/OrderShipped' }); }, expect: ['message-added-to-sent'] },
  { name: 'message added to a received operation', change: (d) => { d.components.messages.ShipBatch = { name: 'ShipBatch', payload: { type: 'object' } }; d.channels.shipments.messages.ShipBatch = { $ref: '#/components/messages/ShipBatch' }; d.operations.receiveShipOrder.messages.push({ $ref: '#/channels/shipments/messages/ShipBatch' }); }, expect: ['message-added-to-received'] },
  // What subscribers receive (sent messages): may only get tighter
  { name: 'sent: required property removed', change: (d) => { delete order(d).properties.total; order(d).required = ['orderId', 'lines']; }, expect: ['response-property-removed'] },
  { name: 'sent: optional property removed', change: (d) => delete order(d).properties.currency, expect: ['response-optional-property-removed'] },
  { name: 'sent: property became optional', change: (d) => { order(d).required = ['orderId', 'lines']; }, expect: ['response-property-became-optional'] },
  { name: 'sent: property added', change: (d) => { order(d).properties.channel = { type: 'string' }; }, expect: ['response-property-added-optional'] },
  { name: 'sent: property became required', change: (d) => { order(d).required.push('currency'); }, expect: ['response-property-became-required'] },
  { name: 'sent: enum value added', change: (d) => { d.components.messages.OrderCancelled.payload.properties.reason.enum.push('stock'); }, expect: ['response-enum-value-added'] },
  { name: 'sent: enum value removed', change: (d) => { d.components.messages.OrderCancelled.payload.properties.reason.enum = ['customer']; }, expect: ['response-enum-value-removed'] },
  { name: 'sent: became nullable', change: (d) => { order(d).properties.total.type = ['number', 'null']; }, expect: ['response-became-nullable'] },
  { name: 'sent: became not nullable', change: (d) => { order(d).properties.coupon.type = 'string'; }, expect: ['response-became-not-nullable'] },
  { name: 'sent: minimum lowered', change: (d) => { order(d).properties.total.minimum = -100; }, expect: ['response-constraint-loosened'] },
  { name: 'sent: minimum raised', change: (d) => { order(d).properties.total.minimum = 1; }, expect: ['response-constraint-tightened'] },
  { name: 'sent: maxItems raised', change: (d) => { order(d).properties.lines.maxItems = 500; }, expect: ['response-constraint-loosened'] },
  { name: 'sent: pattern removed', change: (d) => delete order(d).properties.currency.pattern, expect: ['response-pattern-removed'] },
  { name: 'sent: format removed', change: (d) => delete order(d).properties.orderId.format, expect: ['response-format-removed'] },
  { name: 'sent: type changed', change: (d) => { order(d).properties.total = { type: 'string' }; }, expect: ['response-type-changed'] },
  { name: 'sent: nested item property type changed', change: (d) => { order(d).properties.lines.items.properties.quantity.type = 'number'; }, expect: ['response-type-widened'] },
  { name: 'sent: description changed only', change: (d) => { order(d).description = 'An order'; }, expect: [] },
  // What the service receives (clients send): may only get looser
  { name: 'received: required property added', change: (d) => { ship(d).properties.priority = { type: 'integer' }; ship(d).required.push('priority'); }, expect: ['request-property-added-required'] },
  { name: 'received: optional property added', change: (d) => { ship(d).properties.priority = { type: 'integer' }; }, expect: ['request-property-added-optional'] },
  { name: 'received: property removed (unknown ones refused)', change: (d) => delete ship(d).properties.notes, expect: ['request-property-removed'] },
  { name: 'received: property removed (unknown ones allowed)', change: (d) => { delete ship(d).properties.notes; delete ship(d).additionalProperties; }, expect: ['request-optional-property-removed', 'request-additional-properties-allowed'] },
  { name: 'received: maxLength lowered', change: (d) => { ship(d).properties.orderId.maxLength = 10; }, expect: ['request-constraint-tightened'] },
  { name: 'received: maxLength raised', change: (d) => { ship(d).properties.orderId.maxLength = 64; }, expect: ['request-constraint-loosened'] },
  { name: 'received: type changed', change: (d) => { ship(d).properties.express = { type: 'string' }; }, expect: ['request-type-changed'] },
  { name: 'received: property became optional', change: (d) => { ship(d).required = []; }, expect: ['request-property-became-optional'] },
  { name: 'received: pattern added', change: (d) => { ship(d).properties.orderId.pattern = '^[0-9]+$'; }, expect: ['request-pattern-added'] },
  { name: 'received: additional properties closed', setup: (d) => delete ship(d).additionalProperties, change: (d) => { ship(d).additionalProperties = false; }, expect: ['request-additional-properties-restricted'] },
  // Replies: what requesters receive
  { name: 'reply: enum value added', change: (d) => { reply(d).properties.status.enum.push('queued'); }, expect: ['response-enum-value-added'] },
  { name: 'reply: property removed', change: (d) => { delete reply(d).properties.status; reply(d).required = ['orderId']; }, expect: ['response-property-removed'] },
  { name: 'reply: property added', change: (d) => { reply(d).properties.eta = { type: 'string', format: 'date-time' }; }, expect: ['response-property-added-optional'] },
];
