import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { assertConcrete, parseAddress } from './address.ts';
import type { WireMessage } from './envelope.ts';
import { groupName } from './native-address.ts';
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
 * Fan-out on publish, atomically: every registered group whose pattern (a Lua pattern made from
 * the address template, exact: ADR 0008) matches the address gets the message on its own stream.
 */
const PUBLISH = `
local delivered = 0
local routes = redis.call('HGETALL', KEYS[1])
for i = 1, #routes, 2 do
  if string.find(ARGV[1], routes[i + 1]) then
    redis.call('XADD', ARGV[4] .. routes[i], '*', 'channel', ARGV[1], 'headers', ARGV[2], 'body', ARGV[3], 'attempt', '1')
    delivered = delivered + 1
  end
end
return delivered
`;

/** What a free parameter matches, as a Lua character class: anything but the reserved characters. */
const LUA_VALUE = '[^%c /%.%*>#%+{}]+';

/**
 * The Lua pattern of an address template, anchored: literal characters escaped (`%z` for NUL, as
 * Lua 5.1 wants), a free parameter as a run of allowed bytes, a repeated one as a back-reference.
 */
export function luaPattern(pattern: string): string {
  const parts = parseAddress(pattern).parts;
  const counts = new Map<string, number>();
  for (const p of parts) if (typeof p !== 'string') counts.set(p.param, (counts.get(p.param) ?? 0) + 1);
  const captures = new Map<string, number>();
  let lua = '^';
  for (const p of parts) {
    if (typeof p === 'string') {
      for (const c of p) lua += c === '\u0000' ? '%z' : /[A-Za-z0-9]/.test(c) || c > '\u007f' ? c : `%${c}`;
    } else if (captures.has(p.param)) lua += `%${captures.get(p.param)}`;
    else if (counts.get(p.param)! > 1 && captures.size < 9) {
      captures.set(p.param, captures.size + 1);
      lua += `(${LUA_VALUE})`;
    } else lua += LUA_VALUE;
  }
  return `${lua}$`;
}

/**
 * Redis Streams: a group is a stream of its own (`<prefix>:g:<pattern>\0<group>\0<hash>`) read with a
 * consumer group, so consumers of a group compete and each group gets every message (publishing
 * fans out atomically in a script). Acknowledging removes the entry; `retry` re-adds it with the
 * next attempt number after the delay; deliveries of a consumer that died are claimed by the others
 * after `ackWaitMs` (`XAUTOCLAIM`); `working` claims a delivery again for its holder, which restarts that time.
 */
export class RedisTransport implements Transport {
  readonly kind = 'redis-streams';
  readonly ackWaitMs: number;
  readonly #options: RedisTransportOptions;
  readonly #prefix: string;
  readonly #connections = new Set<Redis>();
  #client: Redis | undefined;

  constructor(options: RedisTransportOptions = {}) {
    this.#options = options;
    this.#prefix = options.prefix ?? 'apilife';
    this.ackWaitMs = options.ackWaitMs ?? 30_000;
  }

  #open(): Redis {
    const redis = new Redis(this.#options.url ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
      lazyConnect: false,
      maxRetriesPerRequest: 3,
    });
    redis.on('error', () => {}); // surfaced through the failing calls
    this.#connections.add(redis);
    return redis;
  }

  get #redis(): Redis {
    return (this.#client ??= this.#open());
  }

  /** Every group: its stream's name (after `<prefix>:g:`) → the Lua pattern of its addresses. */
  #registry(): string {
    return `${this.#prefix}:routes`;
  }

  #entry(pattern: string, group: string): string {
    const { readable, hash } = groupName(pattern, group);
    return `${readable}\u0000${group}\u0000${hash}`;
  }

  async publish(channel: string, message: WireMessage): Promise<void> {
    assertConcrete(channel);
    await this.#redis.eval(
      PUBLISH,
      1,
      this.#registry(),
      channel,
      JSON.stringify(message.headers),
      Buffer.from(message.body.buffer, message.body.byteOffset, message.body.byteLength),
      `${this.#prefix}:g:`,
    );
  }

  async ensureGroup(pattern: string, group: string): Promise<void> {
    await this.#declare(pattern, group);
  }

  async #declare(pattern: string, group: string): Promise<string> {
    const entry = this.#entry(pattern, group);
    const stream = `${this.#prefix}:g:${entry}`;
    await this.#redis.hset(this.#registry(), entry, luaPattern(pattern));
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
    const ackWaitMs = this.ackWaitMs;
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
        message: {
          headers: JSON.parse(get('headers') ?? '{}') as Record<string, string>,
          body: new TextEncoder().encode(get('body') ?? ''),
        },
        attempt,
        ack: async () => {
          if (settled || !open) return;
          settled = true;
          await done();
        },
        retry: async (delayMs) => {
          if (settled || !open) return;
          settled = true;
          const timer = setTimeout(
            () => {
              timers.delete(timer);
              void this.#redis
                .multi()
                .xadd(
                  stream,
                  '*',
                  'channel',
                  get('channel') ?? '',
                  'headers',
                  get('headers') ?? '{}',
                  'body',
                  get('body') ?? '',
                  'attempt',
                  String(attempt + 1),
                )
                .xack(stream, 'consumers', id)
                .xdel(stream, id)
                .exec()
                .then(() => void inflight--);
            },
            Math.max(0, delayMs),
          );
          timers.add(timer);
        },
        working: () => {
          // Claiming it again for this consumer restarts its idle time, so nobody claims it meanwhile.
          if (!settled && open) void this.#redis.xclaim(stream, 'consumers', name, 0, id, 'JUSTID').catch(() => {});
        },
      });
    };
    const loop = (async () => {
      let lastClaim = 0;
      while (open) {
        try {
          // Claims what a dead consumer left, no more than there is room for (`prefetch` bounds both kinds).
          if (Date.now() - lastClaim > Math.min(ackWaitMs, 1000) && prefetch - inflight > 0) {
            lastClaim = Date.now();
            const [, claimed] = (await reader.xautoclaim(stream, 'consumers', name, ackWaitMs, '0', 'COUNT', prefetch - inflight)) as [
              string,
              [string, string[]][],
            ];
            for (const [id, fields] of claimed ?? []) if (fields) deliver(id, fields, true);
          }
          const room = prefetch - inflight;
          if (room <= 0) {
            await new Promise((r) => setTimeout(r, 5));
            continue;
          }
          const result = (await reader.xreadgroup('GROUP', 'consumers', name, 'COUNT', room, 'BLOCK', 200, 'STREAMS', stream, '>')) as
            | [string, [string, string[]][]][]
            | null;
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
          await this.#redis.hdel(this.#registry(), this.#entry(pattern, options.group));
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
