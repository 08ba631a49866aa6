import { randomUUID } from 'node:crypto';
import { connect, type IClientOptions, type IClientPublishOptions, type IPublishPacket, type MqttClient } from 'mqtt';
import type { WireMessage } from './envelope.ts';
import { MqttGroupConsumer, type MqttLink } from './mqtt-group.ts';
import { readLeases } from './mqtt-leases.ts';
import { nativeCodec, SLASH_FORM } from './native-address.ts';
import type { ConsumeOptions, Consumer, Transport, TransportDelivery } from './transport.ts';

/** Settings of the MQTT 5 transport. */
export interface MqttTransportOptions {
  /** Default `MQTT_URL`, else `mqtt://127.0.0.1:1883` (`mqtts://` for TLS). */
  url?: string;
  /** Topic levels before every channel. Default none: the contract's addresses are the topics, as other MQTT clients see them. */
  prefix?: string;
  /** How long a durable group's sessions are kept while no consumer runs, s. Default: they do not expire. */
  sessionExpirySeconds?: number;
  /** How long the sessions of a consumer whose connection was lost wait before the group's other consumers take them over (MQTT will delay), s. Default 1. */
  takeoverSeconds?: number;
  /** How often a consumer repeats the leases of the sessions it holds, s; a lease unheard for three periods (its holder went away while the broker did) is taken over. Default 5. */
  leaseRefreshSeconds?: number;
  /** How long a publish waits for the broker's PUBACK, ms. Default 5 s. */
  publishTimeoutMs?: number;
  /** More client options: username, password, TLS. */
  clientOptions?: IClientOptions;
}

const TOPICS = nativeCodec(SLASH_FORM);

/**
 * MQTT 5 (at least once, QoS 1). Channels are topics in the `/` native form (ADR 0008: an
 * MQTT-style contract's addresses are its topics; `drone.d-1.status` is `drone./d-1./status`). A
 * group is an MQTT 5 shared subscription (`$share/<group>/<filter>`), so its consumers compete and
 * each group gets every message. A durable group's subscriptions live in persistent sessions
 * (clean start off, a session expiry), which the broker keeps, with their messages, while no
 * consumer runs; its consumers hold them, and take over those of a consumer that went away (see
 * `mqtt-group.ts`). Deliveries are acknowledged (PUBACK) after the handler; `retry` republishes to
 * the group alone with the next attempt number, then acknowledges. The envelope's content type,
 * correlation id and reply address are MQTT 5's own properties; the other attributes are user properties.
 */
export class MqttTransport implements Transport {
  readonly kind = 'mqtt';
  readonly #options: MqttTransportOptions;
  readonly #root: string;
  readonly #url: string;
  readonly #watchers = new Map<string, Set<(topic: string, payload: Buffer) => void>>();
  readonly #ensured = new Map<string, Promise<void>>();
  readonly #consumers = new Set<MqttGroupConsumer>();
  #control: Promise<MqttClient> | undefined;
  readonly #link: MqttLink;

  constructor(options: MqttTransportOptions = {}) {
    this.#options = options;
    this.#root = options.prefix ? `${options.prefix}/` : '';
    this.#url = options.url ?? process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
    this.#link = {
      root: this.#root,
      sessionExpiry: options.sessionExpirySeconds ?? 0xffffffff,
      takeover: options.takeoverSeconds ?? 1,
      refreshMs: (options.leaseRefreshSeconds ?? 5) * 1000,
      open: (clientOptions, prepare) => this.#open(clientOptions, prepare),
      watch: (filter, onMessage) => this.#watch(filter, onMessage),
      publish: (topic, body, properties) => this.#publish(topic, body, properties),
      toProperties: (headers) => toProperties(headers, (address) => this.#root + TOPICS.encode(address)),
      fromProperties: (properties) =>
        fromProperties(properties, (topic) =>
          topic.startsWith(this.#root) ? (TOPICS.decode(topic.slice(this.#root.length)) ?? topic) : topic,
        ),
    };
  }

  async publish(channel: string, message: WireMessage): Promise<void> {
    await this.#publish(this.#root + TOPICS.encode(channel), message.body, this.#link.toProperties(message.headers));
  }

  async consume(pattern: string, options: ConsumeOptions, onDelivery: (delivery: TransportDelivery) => void): Promise<Consumer> {
    const consumer = new MqttGroupConsumer(this.#link, pattern, options, onDelivery);
    this.#consumers.add(consumer);
    try {
      await consumer.start();
    } catch (error) {
      await consumer.close();
      throw error;
    } finally {
      if (consumer.closed) this.#consumers.delete(consumer);
    }
    return { close: async () => (await consumer.close(), void this.#consumers.delete(consumer)) };
  }

  async ensureGroup(pattern: string, group: string): Promise<void> {
    const key = `${pattern}\u0000${group}`;
    let ensuring = this.#ensured.get(key);
    if (!ensuring) {
      ensuring = MqttGroupConsumer.ensure(this.#link, pattern, group);
      this.#ensured.set(key, ensuring);
      ensuring.catch(() => this.#ensured.delete(key));
    }
    await ensuring;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#consumers].map((c) => c.close()));
    if (!this.#control) return;
    const control = await this.#control.catch(() => undefined);
    this.#control = undefined;
    await control?.endAsync().catch(() => {});
  }

  /** Ends every session and removes every retained lease of this transport's prefix (tests use one prefix per run). */
  async deleteAll(): Promise<void> {
    const leases = await readLeases(this.#link, `${this.#root}%apilife/slots/+/+`);
    leases.stop();
    for (const topic of leases.states.keys()) {
      const [base, slot] = topic.split('/').slice(-2);
      const session = await this.#open({ clientId: `${base}.${slot}`, clean: true }).catch(() => undefined);
      await session?.endAsync().catch(() => {});
      await this.#publish(topic, new Uint8Array(), { retain: true });
    }
    await this.close();
  }

  /** A connection of its own, connected (MQTT 5); `prepare` runs before any packet arrives. */
  #open(options: IClientOptions, prepare?: (client: MqttClient) => void): Promise<MqttClient> {
    return new Promise((resolve, reject) => {
      const client = connect(this.#url, {
        protocolVersion: 5,
        reconnectPeriod: 0,
        connectTimeout: 10_000,
        ...this.#options.clientOptions,
        ...options,
        properties: { ...this.#options.clientOptions?.properties, ...options.properties },
      });
      prepare?.(client);
      const fail = (error: Error) => {
        client.end(true);
        reject(error);
      };
      const closed = () => fail(new Error(`MQTT: the connection to ${this.#url} closed before it was accepted`));
      client.once('error', fail);
      client.once('close', closed);
      client.once('connect', () => {
        client.removeListener('error', fail);
        client.removeListener('close', closed);
        client.on('error', () => {}); // surfaced through the failing calls
        resolve(client);
      });
    });
  }

  /** The shared connection (publishing, watching leases): a clean session that reconnects and resubscribes. */
  #connectControl(): Promise<MqttClient> {
    this.#control ??= this.#open({ clientId: `apilife-${randomUUID()}`, clean: true, reconnectPeriod: 1000 }, (client) => {
      client.on('message', (topic, payload) => {
        for (const [filter, watchers] of this.#watchers)
          if (topicMatches(filter, topic)) for (const watcher of watchers) watcher(topic, payload);
      });
    });
    this.#control.catch(() => (this.#control = undefined));
    return this.#control;
  }

  /** Subscribes the shared connection to a filter and hands on what arrives, retained messages first. */
  async #watch(filter: string, onMessage: (topic: string, payload: Buffer) => void): Promise<() => Promise<void>> {
    const control = await this.#connectControl();
    let watchers = this.#watchers.get(filter);
    if (!watchers) this.#watchers.set(filter, (watchers = new Set()));
    watchers.add(onMessage);
    // Subscribing again re-sends the retained messages, for this watcher.
    await control.subscribeAsync(filter, { qos: 1 });
    return async () => {
      watchers.delete(onMessage);
      if (watchers.size > 0) return;
      this.#watchers.delete(filter);
      await control.unsubscribeAsync(filter).catch(() => {});
    };
  }

  async #publish(topic: string, body: Uint8Array, options: IClientPublishOptions['properties'] & { retain?: boolean } = {}): Promise<void> {
    const { retain = false, ...properties } = options;
    const control = await this.#connectControl();
    const timeoutMs = this.#options.publishTimeoutMs ?? 5000;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        control.publishAsync(topic, Buffer.from(body.buffer, body.byteOffset, body.byteLength), { qos: 1, retain, properties }),
        new Promise(
          (_, reject) => (timer = setTimeout(() => reject(new Error(`MQTT: no PUBACK for ${topic} within ${timeoutMs}ms`)), timeoutMs)),
        ),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The envelope's content type, correlation id and reply address as MQTT 5 properties; the rest as user properties. */
function toProperties(
  headers: Readonly<Record<string, string>>,
  topicOf: (address: string) => string,
): NonNullable<IClientPublishOptions['properties']> {
  const userProperties: Record<string, string> = {};
  const properties: NonNullable<IClientPublishOptions['properties']> = { userProperties };
  for (const name in headers) {
    const value = headers[name]!;
    if (name === 'content-type') properties.contentType = value;
    else if (name === 'ce-correlationid') properties.correlationData = Buffer.from(value);
    else if (name === 'ce-replyto') properties.responseTopic = topicOf(value);
    else userProperties[name] = value;
  }
  return properties;
}

/** The headers back from a message's properties. */
function fromProperties(properties: IPublishPacket['properties'], addressOf: (topic: string) => string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(properties?.userProperties ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) headers[name.toLowerCase()] = String(first);
  }
  if (properties?.contentType !== undefined) headers['content-type'] = properties.contentType;
  if (properties?.correlationData !== undefined) headers['ce-correlationid'] = properties.correlationData.toString('utf8');
  if (properties?.responseTopic !== undefined) headers['ce-replyto'] = addressOf(properties.responseTopic);
  return headers;
}

/** MQTT's own matching of a topic filter (`+` one level, `#` the rest). */
function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length || (f[i] !== '+' && f[i] !== t[i])) return false;
  }
  return f.length === t.length;
}
