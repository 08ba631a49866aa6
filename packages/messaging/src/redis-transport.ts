import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { WireMessage } from './envelope.ts';
import type { ConsumeOptions, Consumer, Transport, TransportDelivery } from './transport.ts';

/** Settings of the Redis Streams transport. */
export interface RedisTransportOptions {
  /** Default `REDIS_URL`, else `redis://127.0.0.1:6379`. */
  url?: string;
  /** Prefix of every key this transport uses. Default `apilife`. */
  prefix?: string;
  /** Time a delivery may stay unacknowledged before another consumer claims it (a crashed consumer), ms. Default 30 s. */
  ackWaitMs?: number;
}

/**
 * Fan-out on publish, atomically: every registered group whose pattern matches the channel gets
 * the message on its own stream. Patterns are NATS-style (`*` one token, `>` the rest).
 */
const PUBLISH = `
local function matches(pattern, channel)
  local p = {} for t in string.gmatch(pattern, '[^.]+') do p[#p + 1] = t end
  local c = {} for t in string.gmatch(channel, '[^.]+') do c[#c + 1] = t end
  for i = 1, #p do
    if p[i] == '>' then return i == #p and #c >= i end
    if i > #c then return false end
    if p[i] ~= '*' and p[i] ~= c[i] then return false end
  end
  return #p == #c
end
local delivered = 0
for _, entry in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local sep = string.find(entry, '\\0', 1, true)
  local pattern = string.sub(entry, 1, sep - 1)
  if matches(pattern, ARGV[1]) then
    redis.call('XADD', ARGV[4] .. entry, '*', 'channel', ARGV[1], 'headers', ARGV[2], 'body', ARGV[3], 'attempt', '1')
    delivered = delivered + 1
  end
end
return delivered
`;

/**
 * Redis Streams: a group is a stream of its own (`<prefix>:g:<pattern>\0<group>`) read with a
 * consumer group, so consumers of a group compete and each group gets every message (publishing
 * fans out atomically in a script). Acknowledging removes the entry; `retry` re-adds it with the
 * next attempt number after the delay; deliveries of a consumer that died are claimed by the others
 * after `ackWaitMs` (`XAUTOCLAIM`).
 */
export class RedisTransport implements Transport {
  readonly kind = 'redis-streams';
  readonly #options: RedisTransportOptions;
  readonly #prefix: string;
  readonly #connections = new Set<Redis>();
  #client: Redis | undefined;

  constructor(options: RedisTransportOptions = {}) {
    this.#options = options;
    this.#prefix = options.prefix ?? 'apilife';
  }

  #open(): Redis {
    const redis = new Redis(this.#options.url ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: false, maxRetriesPerRequest: 3 });
    redis.on('error', () => {}); // surfaced through the failing calls
    this.#connections.add(redis);
    return redis;
  }

  get #redis(): Redis {
    return (this.#client ??= this.#open());
  }

  #registry(): string {
    return `${this.#prefix}:groups`;
  }

  #stream(pattern: string, group: string): string {
    return `${this.#prefix}:g:${pattern}\u0000${group}`;
  }

  async publish(channel: string, message: WireMessage): Promise<void> {
    await this.#redis.eval(PUBLISH, 1, this.#registry(), channel, JSON.stringify(message.headers), Buffer.from(message.body.buffer, message.body.byteOffset, message.body.byteLength), `${this.#prefix}:g:`);
  }

  async ensureGroup(pattern: string, group: string): Promise<void> {
    await this.#declare(pattern, group);
  }

  async #declare(pattern: string, group: string): Promise<string> {
    const stream = this.#stream(pattern, group);
    await this.#redis.sadd(this.#registry(), `${pattern}\u0000${group}`);
    try {
      await this.#redis.xgroup('CREATE', stream, 'consumers', '0', 'MKSTREAM');
    } catch (error) {
      if (!/BUSYGROUP/.test(String(error))) throw error;
    }
    return stream;
  }

  async consume(pattern: string, options: ConsumeOptions, onDelivery: (delivery: TransportDelivery) => void): Promise<Consumer> {
    const stream = await this.#declare(pattern, options.group);
    const reader = this.#open();
    const name = randomUUID();
    const prefetch = options.prefetch ?? 64;
    const ackWaitMs = this.#options.ackWaitMs ?? 30_000;
    const timers = new Set<ReturnType<typeof setTimeout>>();
    let inflight = 0;
    let open = true;
    const deliver = (id: string, fields: string[], reclaimed: boolean) => {
      const get = (key: string) => fields[fields.indexOf(key) + 1];
      const attempt = Number(get('attempt') ?? '1') + (reclaimed ? 1 : 0);
      let settled = false;
      const done = async () => {
        inflight--;
        await this.#redis.multi().xack(stream, 'consumers', id).xdel(stream, id).exec();
      };
      inflight++;
      onDelivery({
        channel: get('channel') ?? '',
        message: { headers: JSON.parse(get('headers') ?? '{}') as Record<string, string>, body: new TextEncoder().encode(get('body') ?? '') },
        attempt,
        ack: async () => {
          if (settled || !open) return;
          settled = true;
          await done();
        },
        retry: async (delayMs) => {
          if (settled || !open) return;
          settled = true;
          const timer = setTimeout(() => {
            timers.delete(timer);
            void this.#redis.multi().xadd(stream, '*', 'channel', get('channel') ?? '', 'headers', get('headers') ?? '{}', 'body', get('body') ?? '', 'attempt', String(attempt + 1)).xack(stream, 'consumers', id).xdel(stream, id).exec().then(() => void inflight--);
          }, Math.max(0, delayMs));
          timers.add(timer);
        },
      });
    };
    const loop = (async () => {
      let lastClaim = 0;
      while (open) {
        try {
          if (Date.now() - lastClaim > Math.min(ackWaitMs, 1000)) {
            lastClaim = Date.now();
            const [, claimed] = (await reader.xautoclaim(stream, 'consumers', name, ackWaitMs, '0', 'COUNT', prefetch)) as [string, [string, string[]][]];
            for (const [id, fields] of claimed ?? []) if (fields) deliver(id, fields, true);
          }
          const room = prefetch - inflight;
          if (room <= 0) {
            await new Promise((r) => setTimeout(r, 5));
            continue;
          }
          const result = (await reader.xreadgroup('GROUP', 'consumers', name, 'COUNT', room, 'BLOCK', 200, 'STREAMS', stream, '>')) as [string, [string, string[]][]][] | null;
          for (const [, entries] of result ?? []) for (const [id, fields] of entries) deliver(id, fields, false);
        } catch (error) {
          if (!open) return;
          if (/NOGROUP/.test(String(error))) await this.#declare(pattern, options.group).catch(() => {});
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    })();
    return {
      close: async () => {
        open = false;
        for (const timer of timers) clearTimeout(timer);
        await loop.catch(() => {});
        // Unacknowledged entries stay pending: another consumer of the group claims them after ackWaitMs.
        reader.disconnect();
        this.#connections.delete(reader);
        if (!options.durable) {
          await this.#redis.srem(this.#registry(), `${pattern}\u0000${options.group}`);
          await this.#redis.del(stream);
        }
      },
    };
  }

  async close(): Promise<void> {
    for (const connection of this.#connections) connection.disconnect();
    this.#connections.clear();
    this.#client = undefined;
  }

  /** Deletes every key of this transport's prefix (tests use one prefix per run). */
  async deleteAll(): Promise<void> {
    const redis = this.#open();
    try {
      const keys = await redis.keys(`${this.#prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
      this.#connections.delete(redis);
    }
  }
}
