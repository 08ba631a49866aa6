import { AmqpTransport } from './amqp-transport.ts';
import { MemoryTransport } from './memory-transport.ts';
import { NatsTransport } from './nats-transport.ts';
import { RedisTransport } from './redis-transport.ts';
import type { Transport } from './transport.ts';

/** A server of an AsyncAPI contract, as generated `messaging.gen.ts` files export them. */
export interface ContractServer {
  name: string;
  protocol: string;
  host: string;
}

export type TransportKind = 'memory' | 'nats' | 'amqp' | 'redis';

export interface SelectTransportOptions {
  /** Overrides the contract: `memory`, `nats`, `amqp` or `redis` (default: `APILIFE_TRANSPORT`, else the contract). */
  kind?: TransportKind;
  /** The contract server to use, by name (default: `APILIFE_SERVER`, else the first one a transport supports). */
  server?: string;
  env?: Record<string, string | undefined>;
}

/**
 * Chooses the transport from the contract's `servers` (their protocol), unless a setting says
 * otherwise; the address comes from `NATS_URL` / `AMQP_URL` / `REDIS_URL` when set, else from the
 * server's host.
 * Without servers or settings: the in-memory transport.
 * @example
 * const transport = selectTransport(servers, { server: 'nats-local' }); // NatsTransport on 127.0.0.1:4222
 */
export function selectTransport(servers: readonly ContractServer[], options: SelectTransportOptions = {}): Transport {
  const env = options.env ?? process.env;
  const wanted = options.server ?? env.APILIFE_SERVER;
  const server = wanted === undefined ? servers.find((s) => kindOf(s.protocol) !== undefined) : servers.find((s) => s.name === wanted);
  if (wanted !== undefined && !server) throw new Error(`no server "${wanted}" in the contract (servers: ${servers.map((s) => s.name).join(', ') || 'none'})`);
  const kind = options.kind ?? (env.APILIFE_TRANSPORT as TransportKind | undefined) ?? (server ? kindOf(server.protocol) : undefined) ?? 'memory';
  switch (kind) {
    case 'memory':
      return new MemoryTransport();
    case 'nats':
      return new NatsTransport({ servers: env.NATS_URL ?? (server && kindOf(server.protocol) === 'nats' ? server.host : '127.0.0.1:4222') });
    case 'amqp':
      return new AmqpTransport({ url: env.AMQP_URL ?? (server && kindOf(server.protocol) === 'amqp' ? `amqp://guest:guest@${server.host}` : 'amqp://guest:guest@127.0.0.1:5672') });
    case 'redis':
      return new RedisTransport({ url: env.REDIS_URL ?? (server && kindOf(server.protocol) === 'redis' ? `redis://${server.host}` : 'redis://127.0.0.1:6379') });
    default:
      throw new Error(`unknown transport "${String(kind)}": use memory, nats, amqp or redis`);
  }
}

function kindOf(protocol: string): TransportKind | undefined {
  const p = protocol.toLowerCase();
  if (p === 'nats') return 'nats';
  if (p === 'amqp' || p === 'amqps') return 'amqp';
  if (p === 'redis') return 'redis';
  return undefined;
}
