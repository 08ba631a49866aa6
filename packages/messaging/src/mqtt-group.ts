import { randomUUID } from 'node:crypto';
import type { IClientOptions, IClientPublishOptions, IPublishPacket, MqttClient } from 'mqtt';
import { readLeases, type Leases } from './mqtt-leases.ts';
import { consumerRoute, groupName, nativeCodec, SLASH_FORM, type ConsumerRoute } from './native-address.ts';
import type { ConsumeOptions, Consumer, TransportDelivery } from './transport.ts';

type Properties = NonNullable<IClientPublishOptions['properties']>;

/** What a group's consumer needs of its transport. */
export interface MqttLink {
  /** Topic levels before every topic (`<prefix>/`, or empty). */
  root: string;
  /** Session expiry of a durable group's sessions, s. */
  sessionExpiry: number;
  /** Will delay of a session's lease, s: how long a lost connection keeps its sessions from the others. */
  takeover: number;
  /** How often a holder repeats its leases, ms; three periods unheard, a lease is stale. */
  refreshMs: number;
  open(options: IClientOptions, prepare?: (client: MqttClient) => void): Promise<MqttClient>;
  watch(filter: string, onMessage: (topic: string, payload: Buffer) => void): Promise<() => Promise<void>>;
  publish(topic: string, body: Uint8Array, properties?: Properties & { retain?: boolean }): Promise<void>;
  toProperties(headers: Readonly<Record<string, string>>): Properties;
  fromProperties(properties: IPublishPacket['properties']): Record<string, string>;
}

/** User properties of a retried message: its attempt, and the address it was first published to. */
const ATTEMPT = 'x-apilife-attempt';
const CHANNEL = 'x-apilife-channel';
const TOPICS = nativeCodec(SLASH_FORM);
const text = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * One consumer of a group. An ephemeral group is one clean session with the shared subscription.
 * A durable group is a set of persistent sessions ("slots", client id `<group>.<slot>`), each with
 * the group's shared subscription, so the broker keeps their messages while no consumer runs. A
 * retained lease per slot (`mqtt-leases.ts`) says which consumer holds it; the slot connection's
 * MQTT will (after `takeover` seconds, unless the session is taken over first) marks it `free`
 * when that consumer's connection is lost, and a lease its holder stopped repeating is stale. A
 * consumer takes every free or stale slot when it starts (or opens a new one), and those it hears
 * of later, so no slot's messages wait while a consumer runs; a slot's unacknowledged deliveries
 * come again (DUP) to whoever takes it next. A consumer whose own slot connection drops while its
 * lease still names it (a broker restart) connects it again.
 */
export class MqttGroupConsumer implements Consumer {
  readonly #link: MqttLink;
  readonly #options: ConsumeOptions;
  readonly #onDelivery: (delivery: TransportDelivery) => void;
  readonly #route: ConsumerRoute;
  readonly #base: string;
  readonly #retryTopic: string;
  readonly #leases: string;
  readonly #subscriptions: string[];
  readonly #slots = new Map<string, MqttClient>();
  readonly #claims = new Map<string, Promise<void>>();
  readonly #timers = new Set<NodeJS.Timeout>();
  /** This consumer, in the leases it holds. */
  readonly #held = `held ${randomUUID()}`;
  /** Deliveries handed to the handler and not settled yet (at most `prefetch`). */
  #handed = 0;
  /**
   * Deliveries that came while `prefetch` were handed over, in arrival order, each holding its
   * connection's reading until a delivery settles. The receive maximum should bound what the broker
   * sends, but it is per session (a consumer may hold several), and Mosquitto 2.0.11 sends up to
   * the receive maximum again on every PUBACK, whatever is still in flight: without holding the
   * reading, a slow consumer's memory grows with the backlog (the TCP window holds it back instead).
   */
  readonly #beyond: (() => void)[] = [];
  #watch: Leases | undefined;
  #refresh: NodeJS.Timeout | undefined;
  #started = false;
  closed = false;

  constructor(link: MqttLink, pattern: string, options: ConsumeOptions, onDelivery: (delivery: TransportDelivery) => void) {
    this.#link = link;
    this.#options = options;
    this.#onDelivery = onDelivery;
    this.#route = consumerRoute(pattern, TOPICS);
    this.#base = groupName(pattern, options.group, link.root).token;
    this.#retryTopic = `${link.root}%apilife/retry/${this.#base}`;
    this.#leases = `${link.root}%apilife/slots/${this.#base}`;
    this.#subscriptions = [`$share/${this.#base}/${link.root}${this.#route.filter}`, `$share/${this.#base}/${this.#retryTopic}`];
  }

  /** Makes a durable group exist: a free slot, unless it has one. */
  static async ensure(link: MqttLink, pattern: string, group: string): Promise<void> {
    const keeper = new MqttGroupConsumer(link, pattern, { group, durable: true, prefetch: 1 }, () => {});
    keeper.closed = true; // hands nothing on: what arrives meanwhile stays in the session
    const leases = await readLeases(link, `${keeper.#leases}/+`);
    await leases.stop();
    if (leases.states.size > 0) return;
    const lease = `${keeper.#leases}/${randomUUID().slice(0, 8)}`;
    await keeper.#release(lease, await keeper.#attach(lease));
  }

  async start(): Promise<void> {
    if (!this.#options.durable) return void (await this.#attach(undefined));
    this.#watch = await readLeases(this.#link, `${this.#leases}/+`, (topic, state) => {
      if (state === 'free' && this.#started) this.#claimSoon(topic);
    });
    await Promise.all([...this.#watch.states.keys()].filter((topic) => this.#claimable(topic)).map((topic) => this.#claim(topic)));
    if (this.#slots.size === 0) await this.#attach(`${this.#leases}/${randomUUID().slice(0, 8)}`);
    this.#started = true;
    this.#refresh = setInterval(() => this.#tend(), this.#link.refreshMs);
  }

  /** Stops: held retries are dropped and the slots released, their unacknowledged deliveries kept for the next holder. */
  async close(): Promise<void> {
    this.closed = true;
    // Not handed over (closed), each lets its connection read on, to its end.
    for (const next of this.#beyond.splice(0)) next();
    clearInterval(this.#refresh);
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    await Promise.all(this.#claims.values());
    await this.#watch?.stop();
    this.#watch = undefined;
    await Promise.all([...this.#slots].map(([key, client]) => this.#release(key, client)));
  }

  /** Free, or held by a consumer not heard of for three refresh periods (gone while the broker was away; it started before the first read). */
  #claimable(lease: string): boolean {
    const state = this.#watch?.states.get(lease);
    if (state === 'free') return true;
    return state !== undefined && state !== this.#held && Date.now() - (this.#watch?.heard.get(lease) ?? 0) > 3 * this.#link.refreshMs;
  }

  /** Every refresh period: repeat this consumer's leases, and take the stale ones. */
  #tend(): void {
    for (const [lease, client] of this.#slots)
      if (client.connected) this.#link.publish(lease, Buffer.from(this.#held), { retain: true, ...this.#leaseExpiry() }).catch(() => {});
    for (const lease of this.#watch?.states.keys() ?? []) if (!this.#slots.has(lease) && this.#claimable(lease)) this.#claimSoon(lease);
  }

  /** A slot heard of as free, or found stale: taken after a short random wait (so the group's consumers rarely race), if still claimable. */
  #claimSoon(lease: string): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (this.#claimable(lease)) void this.#claim(lease);
    }, Math.random() * 200);
    this.#timers.add(timer);
  }

  /** This consumer's slot connection dropped: while the lease still names it (nobody took the slot over), connect again. */
  #reattach(lease: string, delayMs: number): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (this.closed || this.#slots.has(lease) || this.#watch?.states.get(lease) !== this.#held) return;
      this.#attach(lease).catch(() => this.#reattach(lease, Math.min(delayMs * 2, 10_000)));
    }, delayMs);
    this.#timers.add(timer);
  }

  #claim(lease: string): Promise<void> {
    if (this.closed || this.#slots.has(lease)) return Promise.resolve();
    let claiming = this.#claims.get(lease);
    if (!claiming) {
      // A failure (another consumer took it, the broker is away) leaves it to the lease.
      claiming = this.#attach(lease)
        .then(
          () => {},
          () => {},
        )
        .finally(() => this.#claims.delete(lease));
      this.#claims.set(lease, claiming);
    }
    return claiming;
  }

  /** Opens a session (a slot's, or a clean one), subscribes the group, and marks the lease held. */
  async #attach(lease: string | undefined): Promise<MqttClient> {
    const durable = lease !== undefined;
    const key = lease ?? randomUUID();
    const client = await this.#link.open(
      {
        clientId: `${this.#base}.${durable ? lease.slice(lease.lastIndexOf('/') + 1) : key}`,
        clean: !durable,
        properties: {
          sessionExpiryInterval: durable ? this.#link.sessionExpiry : 0,
          receiveMaximum: Math.min(65_535, Math.max(1, this.#options.prefetch ?? 64)),
        },
        ...(durable
          ? {
              will: {
                topic: lease,
                payload: Buffer.from('free'),
                qos: 1 as const,
                retain: true,
                properties: { willDelayInterval: this.#link.takeover, ...this.#leaseExpiry() },
              },
            }
          : {}),
      },
      (c) => {
        // Acknowledged after the handler, not on arrival (MQTT.js sends no PUBACK when told of an error).
        // MQTT.js reads the connection's next packet only once told so: held while the window is full.
        c.handleMessage = (packet, done) => this.#deliver(c, packet, () => done(new Error('acknowledged after the handler')));
      },
    );
    this.#slots.set(key, client);
    client.on('close', () => {
      if (this.#slots.get(key) !== client) return; // released
      this.#slots.delete(key);
      if (durable) this.#reattach(key, 1000);
    });
    try {
      const granted = await client.subscribeAsync(this.#subscriptions, { qos: 1 });
      const refused = granted.find((g) => g.qos > 2);
      if (refused) throw new Error(`MQTT: the broker refused the subscription ${refused.topic} (reason ${refused.qos})`);
      if (durable) await this.#link.publish(lease, Buffer.from(this.#held), { retain: true, ...this.#leaseExpiry() });
    } catch (error) {
      // Half attached: let the session go as it is (its lease and will say what becomes of it).
      this.#slots.delete(key);
      client.end(true);
      throw error;
    }
    return client;
  }

  /** Gives a session up: a slot stays, free (the will is the safety net should this process die now); a clean one ends. */
  async #release(key: string, client: MqttClient): Promise<void> {
    this.#slots.delete(key);
    if (!this.#options.durable) return void (await client.endAsync().catch(() => {}));
    await client.endAsync(false, { reasonCode: 4 }).catch(() => {});
    await this.#link.publish(key, Buffer.from('free'), { retain: true, ...this.#leaseExpiry() });
  }

  /** A lease lasts as long as its session: with a session expiry, the retained lease expires with it. */
  #leaseExpiry(): { messageExpiryInterval?: number } {
    return this.#link.sessionExpiry < 0xffffffff ? { messageExpiryInterval: this.#link.sessionExpiry } : {};
  }

  /** `next` lets the connection read its next packet. */
  #deliver(client: MqttClient, packet: IPublishPacket, next: () => void): void {
    const puback = () => {
      // Only on the connection it came by; a closed one's session redelivers it to the next holder.
      if (packet.messageId !== undefined && client.connected)
        (client as unknown as { _sendPacket(p: object): void })._sendPacket({ cmd: 'puback', messageId: packet.messageId, reasonCode: 0 });
    };
    if (this.closed) return next(); // not acknowledged: it stays in the session
    const user = packet.properties?.userProperties ?? {};
    const root = this.#link.root;
    const channel =
      packet.topic === this.#retryTopic
        ? text(user[CHANNEL])
        : packet.topic.startsWith(root)
          ? this.#route.accept(packet.topic.slice(root.length))
          : undefined;
    // Inside the broker's filter but not the pattern (ADR 0008): never this group's.
    if (channel === undefined) return (puback(), next());
    const headers = this.#link.fromProperties(packet.properties);
    delete headers[ATTEMPT];
    delete headers[CHANNEL];
    const body = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    // MQTT counts no deliveries: a retry carries its attempt; a redelivery after a lost connection is one more.
    const attempt = Number(text(user[ATTEMPT]) ?? 1) + (packet.dup ? 1 : 0);
    let settled = false;
    const settle = () => {
      settled = true;
      this.#handed--;
      this.#beyond.shift()?.();
    };
    const delivery: TransportDelivery = {
      channel,
      message: { headers, body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength) },
      attempt,
      ack: async () => {
        if (settled) return;
        settle();
        puback();
      },
      retry: async (delayMs) => {
        if (settled) return;
        settle();
        // MQTT has no negative acknowledgement: after the delay, a copy goes to this group alone, then the original is acknowledged.
        const timer = setTimeout(
          () => {
            this.#timers.delete(timer);
            if (!client.connected) return;
            const properties = this.#link.toProperties(headers);
            properties.userProperties = { ...properties.userProperties, [ATTEMPT]: String(attempt + 1), [CHANNEL]: channel };
            this.#link.publish(this.#retryTopic, body, properties).then(puback, () => {});
          },
          Math.max(0, delayMs),
        );
        this.#timers.add(timer);
      },
    };
    const handOver = () => {
      // Closed meanwhile: not acknowledged, it stays in the session.
      if (!this.closed) {
        this.#handed++;
        this.#onDelivery(delivery);
      }
      next();
    };
    if (this.#handed < Math.max(1, this.#options.prefetch ?? 64)) handOver();
    else this.#beyond.push(handOver);
  }
}
