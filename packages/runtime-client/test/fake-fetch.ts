import type { FetchLike } from '../src/types.ts';

/** One scripted reply: a response, an error to throw, or `'hang'` until the request is aborted. */
export type Reply = Response | Error | 'hang' | (() => Response);

/** A request the fake saw. */
export interface SeenRequest {
  url: string;
  method: string;
  headers: Headers;
  body: unknown;
}

/**
 * A scripted `fetch`: replies in order, repeating the last one when the script runs out.
 *
 * @example
 * const fake = fakeFetch([json(503), json(200, { ok: true })]);
 * createTransport({ baseUrl, fetch: fake.fetch });
 */
export function fakeFetch(script: readonly Reply[]): { fetch: FetchLike; seen: SeenRequest[] } {
  const seen: SeenRequest[] = [];
  const fetch: FetchLike = async (input, init) => {
    seen.push({ url: input, method: init.method ?? 'GET', headers: new Headers(init.headers), body: init.body });
    const reply = script[Math.min(seen.length - 1, script.length - 1)];
    if (reply === undefined) throw new Error('empty script');
    if (reply === 'hang') {
      return new Promise<Response>((_, reject) => {
        const signal = init.signal;
        if (signal?.aborted) return reject(signal.reason);
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    }
    if (reply instanceof Error) throw reply;
    return typeof reply === 'function' ? reply() : reply.clone();
  };
  return { fetch, seen };
}

/** A JSON response. */
export function json(status: number, body?: unknown, headers: Record<string, string> = {}): Response {
  const text = body === undefined ? null : JSON.stringify(body);
  return new Response(status === 204 ? null : text, { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** A fake clock and a sleep that advances it at once, recording each wait. */
export function fakeTime(start = 1_700_000_000_000): {
  clock: () => number;
  advance: (ms: number) => void;
  sleeps: number[];
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
} {
  let now = start;
  const sleeps: number[] = [];
  return {
    clock: () => now,
    advance: (ms) => {
      now += ms;
    },
    sleeps,
    sleep: async (ms, signal) => {
      sleeps.push(ms);
      if (signal?.aborted) throw signal.reason;
      now += ms;
    },
  };
}
