import { MemoryTransport } from './memory-transport.ts';
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
const PROTOCOLS: Readonly<Record<string, Exclude<TransportKind, 'memory'>>> = {
  nats: 'nats',
  amqp: 'amqp',
  amqps: 'amqp',
  redis: 'redis',
  mqtt: 'mqtt',
  mqtts: 'mqtt',
};
const KINDS: readonly TransportKind[] = ['memory', 'nats', 'amqp', 'redis', 'mqtt'];
const SUPPORTED = `supported are ${Object.keys(PROTOCOLS).join(', ')}; set APILIFE_TRANSPORT=memory for an in-process bus`;

/**
 * No transport fits the contract and the settings, or the chosen one's broker client is not
 * installed: the message names what was asked and what is supported, or the packages to install.
 */
export class TransportConfigError extends Error {
  override readonly name = 'TransportConfigError';
}

/** Each broker transport's name in messages and the clients it needs (optional peer dependencies). */
const BROKERS: Readonly<Record<Exclude<TransportKind, 'memory'>, { name: string; clients: readonly string[] }>> = {
  nats: { name: 'NATS', clients: ['@nats-io/transport-node', '@nats-io/jetstream'] },
  amqp: { name: 'AMQP', clients: ['amqplib'] },
  redis: { name: 'Redis', clients: ['ioredis'] },
  mqtt: { name: 'MQTT', clients: ['mqtt'] },
};

/**
 * Loads a transport's subpath entry, so the core never loads a broker client it does not use;
 * a client that is not installed is a `TransportConfigError` naming the packages to install.
 */
async function load<T>(kind: Exclude<TransportKind, 'memory'>, entry: () => Promise<T>): Promise<T> {
  try {
    return await entry();
  } catch (error) {
    const { name, clients } = BROKERS[kind];
    const notFound = error instanceof Error && (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND';
    if (!notFound || !clients.some((client) => error.message.includes(`'${client}'`))) throw error;
    throw new TransportConfigError(`the ${name} transport needs ${clients.join(' and ')}: npm i ${clients.join(' ')}`, { cause: error });
  }
}

/** Settings that override what the contract's servers say. */
export interface SelectTransportOptions {
  /** Overrides the contract: `memory`, `nats`, `amqp`, `redis` or `mqtt` (default: `APILIFE_TRANSPORT`, else the contract). */
  kind?: TransportKind;
  /** The contract server to use, by name (default: `APILIFE_SERVER`, else the first one a transport supports). */
  server?: string;
  /**
   * Only a server of this machine (host 127.x.x.x, `localhost`, `::1`) unless one is named (`server`,
   * `APILIFE_SERVER`): without one the broker's local default, of the first supported server's
   * protocol. For tools that publish made-up messages (`apilife mock`), never on a remote broker
   * by default. Default `false`.
   */
  localOnly?: boolean;
  env?: Record<string, string | undefined>;
}

/** What `selectTransport` chooses, without connecting: the transport and its broker's address (none for `memory`). */
export interface TransportChoice {
  kind: TransportKind;
  url?: string;
  /** The contract server whose host the address is. */
  server?: string;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1)$/i;
/** `127.0.0.1:4222`, `[::1]:4222`, `localhost` → whether the host is this machine. */
const isLocal = (host: string) => LOOPBACK.test(host.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1'));

/**
 * Chooses the transport from the contract's `servers` (their protocol), unless a setting says
 * otherwise; the address comes from `NATS_URL` / `AMQP_URL` / `REDIS_URL` / `MQTT_URL` when set,
 * else from the server's host. The in-memory transport only when asked for (`kind`,
 * `APILIFE_TRANSPORT=memory`): a bus inside one process where a broker was meant loses every
 * message between processes, so a contract whose servers no transport serves, or that names no
 * server, is a `TransportConfigError` that says what to set. Connects to nothing.
 * @example
 * chooseTransport(servers, { server: 'nats-local' }); // { kind: 'nats', url: '127.0.0.1:4222', server: 'nats-local' }
 */
export function chooseTransport(servers: readonly ContractServer[], options: SelectTransportOptions = {}): TransportChoice {
  const env = options.env ?? process.env;
  const asked = options.kind ?? env.APILIFE_TRANSPORT;
  if (asked !== undefined && !KINDS.includes(asked as TransportKind))
    throw new TransportConfigError(`unknown transport "${asked}" (APILIFE_TRANSPORT): use ${KINDS.join(', ')}`);
  const wanted = options.server ?? env.APILIFE_SERVER;
  const supported = servers.filter((s) => PROTOCOLS[s.protocol.toLowerCase()]);
  const server =
    wanted !== undefined
      ? servers.find((s) => s.name === wanted)
      : options.localOnly
        ? supported.find((s) => isLocal(s.host))
        : supported[0];
  if (wanted !== undefined && !server)
    throw new TransportConfigError(`no server "${wanted}" in the contract (servers: ${servers.map((s) => s.name).join(', ') || 'none'})`);
  const serverKind = server && PROTOCOLS[server.protocol.toLowerCase()];
  // Local only and no local server: the broker's local default, of the contract's protocol.
  const localDefault =
    options.localOnly && wanted === undefined && supported[0] ? PROTOCOLS[supported[0].protocol.toLowerCase()] : undefined;
  const kind = (asked as TransportKind | undefined) ?? serverKind ?? localDefault;
  if (kind === undefined) {
    const only = server ?? (servers.length === 1 ? servers[0] : undefined);
    if (only) throw new TransportConfigError(`unsupported protocol "${only.protocol}" of server "${only.name}": ${SUPPORTED}`);
    if (servers.length === 0)
      throw new TransportConfigError(
        `the contract names no servers: set APILIFE_TRANSPORT (${KINDS.join(', ')}; memory for an in-process bus)`,
      );
    throw new TransportConfigError(
      `no server of the contract has a supported protocol (${servers.map((s) => `"${s.name}": ${s.protocol}`).join(', ')}): ${SUPPORTED}`,
    );
  }
  if (kind === 'memory') return { kind };
  // The server's host when it is of the kind chosen; else the broker's local default.
  const own = server && serverKind === kind ? server : undefined;
  const host = (fallback: string) => own?.host ?? fallback;
  const secure = own?.protocol.toLowerCase().endsWith('s') ? 's' : '';
  const chosen = (variable: string, url: string): TransportChoice =>
    env[variable] === undefined && own ? { kind, url, server: own.name } : { kind, url: env[variable] ?? url };
  switch (kind) {
    case 'nats':
      return chosen('NATS_URL', host('127.0.0.1:4222'));
    case 'amqp':
      return chosen('AMQP_URL', `amqp${secure}://guest:guest@${host('127.0.0.1:5672')}`);
    case 'redis':
      return chosen('REDIS_URL', `redis://${host('127.0.0.1:6379')}`);
    case 'mqtt':
      return chosen('MQTT_URL', `mqtt${secure}://${host('127.0.0.1:1883')}`);
  }
}

/**
 * The transport `chooseTransport` chooses. The chosen transport's entry (`@apilife/messaging/nats`,
 * …) is loaded then, not before; a broker client that is not installed is a `TransportConfigError`
 * naming the packages to install.
 * @example
 * const transport = await selectTransport(servers, { server: 'nats-local' }); // NatsTransport on 127.0.0.1:4222
 */
export async function selectTransport(servers: readonly ContractServer[], options: SelectTransportOptions = {}): Promise<Transport> {
  const { kind, url } = chooseTransport(servers, options);
  switch (kind) {
    case 'memory':
      return new MemoryTransport();
    case 'nats': {
      const { NatsTransport } = await load(kind, () => import('./nats.ts'));
      return new NatsTransport({ servers: url! });
    }
    case 'amqp': {
      const { AmqpTransport } = await load(kind, () => import('./amqp.ts'));
      return new AmqpTransport({ url: url! });
    }
    case 'redis': {
      const { RedisTransport } = await load(kind, () => import('./redis.ts'));
      return new RedisTransport({ url: url! });
    }
    case 'mqtt': {
      const { MqttTransport } = await load(kind, () => import('./mqtt.ts'));
      return new MqttTransport({ url: url! });
    }
  }
}
