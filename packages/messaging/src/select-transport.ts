import { AmqpTransport } from './amqp-transport.ts';
import { MemoryTransport } from './memory-transport.ts';
import { MqttTransport } from './mqtt-transport.ts';
import { NatsTransport } from './nats-transport.ts';
import { RedisTransport } from './redis-transport.ts';
import type { Transport } from './transport.ts';

/** A server of an AsyncAPI contract, as generated `messaging.gen.ts` files export them. */
export interface ContractServer {
  name: string;
  protocol: string;
  host: string;
}

/** A transport by name, as `APILIFE_TRANSPORT` and `kind` take it. */
export type TransportKind = 'memory' | 'nats' | 'amqp' | 'redis' | 'mqtt';

/** The contract's protocols a transport serves, and the transport. */
const PROTOCOLS: Readonly<Record<string, Exclude<TransportKind, 'memory'>>> = { nats: 'nats', amqp: 'amqp', amqps: 'amqp', redis: 'redis', mqtt: 'mqtt', mqtts: 'mqtt' };
const KINDS: readonly TransportKind[] = ['memory', 'nats', 'amqp', 'redis', 'mqtt'];
const SUPPORTED = `supported are ${Object.keys(PROTOCOLS).join(', ')}; set APILIFE_TRANSPORT=memory for an in-process bus`;

/** No transport fits the contract and the settings: the message names what was asked and what is supported. */
export class TransportConfigError extends Error {
  override readonly name = 'TransportConfigError';
}

/** Settings that override what the contract's servers say. */
export interface SelectTransportOptions {
  /** Overrides the contract: `memory`, `nats`, `amqp`, `redis` or `mqtt` (default: `APILIFE_TRANSPORT`, else the contract). */
  kind?: TransportKind;
  /** The contract server to use, by name (default: `APILIFE_SERVER`, else the first one a transport supports). */
  server?: string;
  env?: Record<string, string | undefined>;
}

/**
 * Chooses the transport from the contract's `servers` (their protocol), unless a setting says
 * otherwise; the address comes from `NATS_URL` / `AMQP_URL` / `REDIS_URL` / `MQTT_URL` when set,
 * else from the server's host. The in-memory transport only when asked for (`kind`,
 * `APILIFE_TRANSPORT=memory`): a bus inside one process where a broker was meant loses every
 * message between processes, so a contract whose servers no transport serves, or that names no
 * server, is a `TransportConfigError` that says what to set.
 * @example
 * const transport = selectTransport(servers, { server: 'nats-local' }); // NatsTransport on 127.0.0.1:4222
 */
export function selectTransport(servers: readonly ContractServer[], options: SelectTransportOptions = {}): Transport {
  const env = options.env ?? process.env;
  const asked = options.kind ?? env.APILIFE_TRANSPORT;
  if (asked !== undefined && !KINDS.includes(asked as TransportKind)) throw new TransportConfigError(`unknown transport "${asked}" (APILIFE_TRANSPORT): use ${KINDS.join(', ')}`);
  const wanted = options.server ?? env.APILIFE_SERVER;
  const server = wanted === undefined ? servers.find((s) => PROTOCOLS[s.protocol.toLowerCase()]) : servers.find((s) => s.name === wanted);
  if (wanted !== undefined && !server) throw new TransportConfigError(`no server "${wanted}" in the contract (servers: ${servers.map((s) => s.name).join(', ') || 'none'})`);
  const serverKind = server && PROTOCOLS[server.protocol.toLowerCase()];
  const kind = (asked as TransportKind | undefined) ?? serverKind;
  if (kind === undefined) {
    const only = server ?? (servers.length === 1 ? servers[0] : undefined);
    if (only) throw new TransportConfigError(`unsupported protocol "${only.protocol}" of server "${only.name}": ${SUPPORTED}`);
    if (servers.length === 0) throw new TransportConfigError(`the contract names no servers: set APILIFE_TRANSPORT (${KINDS.join(', ')}; memory for an in-process bus)`);
    throw new TransportConfigError(`no server of the contract has a supported protocol (${servers.map((s) => `"${s.name}": ${s.protocol}`).join(', ')}): ${SUPPORTED}`);
  }
  // The server's host when it is of the kind chosen; else the broker's local default.
  const host = (fallback: string) => (server && serverKind === kind ? server.host : fallback);
  const secure = server?.protocol.toLowerCase().endsWith('s') && serverKind === kind ? 's' : '';
  switch (kind) {
    case 'memory':
      return new MemoryTransport();
    case 'nats':
      return new NatsTransport({ servers: env.NATS_URL ?? host('127.0.0.1:4222') });
    case 'amqp':
      return new AmqpTransport({ url: env.AMQP_URL ?? `amqp${secure}://guest:guest@${host('127.0.0.1:5672')}` });
    case 'redis':
      return new RedisTransport({ url: env.REDIS_URL ?? `redis://${host('127.0.0.1:6379')}` });
    case 'mqtt':
      return new MqttTransport({ url: env.MQTT_URL ?? `mqtt${secure}://${host('127.0.0.1:1883')}` });
  }
}
