import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { parse } from 'yaml';
import { announce, created, found } from './shared.ts';

// Fastify with its own JSON Schema validation (ajv + formats) of the contract's schemas, and
// response serialisation from the response schema.
const contract = parse(readFileSync(new URL('../contract/openapi.yaml', import.meta.url), 'utf8'));
const schemas = contract.components.schemas;
const app = Fastify({ logger: false });
app.addSchema({ $id: 'NewOrder', ...schemas.NewOrder });
const order = { ...schemas.Order, properties: { ...schemas.Order.properties, order: { $ref: 'NewOrder#' } } };
app.post('/orders', { schema: { body: { $ref: 'NewOrder#' }, response: { 201: order } } }, async (request, reply) =>
  reply.code(201).send(created(request.body)),
);
app.get<{ Params: { orderId: string }; Querystring: { include?: string } }>(
  '/orders/:orderId',
  {
    schema: {
      params: { type: 'object', required: ['orderId'], properties: { orderId: { type: 'string', format: 'uuid' } } },
      querystring: { type: 'object', properties: { include: { type: 'string', enum: ['items', 'none'], default: 'none' } } },
      response: { 200: order },
    },
  },
  async (request) => found(request.params.orderId, request.query.include),
);
const address = await app.listen({ host: '127.0.0.1', port: 0 });
announce(Number(new URL(address).port));
