import type { MiddlewareHandler } from 'hono';
import { httpProblem } from './problem.ts';

/** Limits enforced by `requestLimits`; every field has a default. */
export type RequestLimitsOptions = {
  /** Longest request target (path and query), in bytes (default 8,192). Longer → 414. */
  maxUrlLength?: number;
  /** Largest sum of `name: value\r\n` over all header lines, in bytes (default 8,192). Larger → 431. */
  maxHeaderBytes?: number;
  /** Most header lines (default 100). More → 431. */
  maxHeaderCount?: number;
};

const DEFAULTS = { maxUrlLength: 8192, maxHeaderBytes: 8192, maxHeaderCount: 100 };

type RawHeaderEnv = { incoming?: { rawHeaders?: unknown; url?: unknown } } | undefined;

/**
 * Hono middleware answering 414 (URL too long) and 431 (too many or too large header fields)
 * with problem details, before any handler runs. Behind `@hono/node-server` it counts the raw
 * header lines as received (repeated headers count once each); elsewhere it counts the merged
 * `Headers`. Node's own parser still refuses headers above its `maxHeaderSize` (16 KiB) first.
 * @example
 * app.use('*', requestLimits({ maxUrlLength: 2048, maxHeaderBytes: 16_384 }));
 */
export function requestLimits(options: RequestLimitsOptions = {}): MiddlewareHandler {
  const limits = { ...DEFAULTS, ...options };
  return async (c, next) => {
    const env = c.env as RawHeaderEnv;
    const urlLength = typeof env?.incoming?.url === 'string' ? byteLength(env.incoming.url) : targetLength(c.req.url);
    if (urlLength > limits.maxUrlLength) {
      return httpProblem(414, { detail: `The request target is longer than ${limits.maxUrlLength} bytes.` }).toResponse();
    }
    const { count, bytes } = measureHeaders(env?.incoming?.rawHeaders, c.req.raw.headers);
    if (count > limits.maxHeaderCount) {
      return httpProblem(431, { detail: `The request has more than ${limits.maxHeaderCount} header fields.` }).toResponse();
    }
    if (bytes > limits.maxHeaderBytes) {
      return httpProblem(431, { detail: `The request header fields are larger than ${limits.maxHeaderBytes} bytes.` }).toResponse();
    }
    await next();
  };
}

function measureHeaders(raw: unknown, headers: Headers): { count: number; bytes: number } {
  let count = 0;
  let bytes = 0;
  if (Array.isArray(raw) && raw.every((item): item is string => typeof item === 'string')) {
    for (let i = 0; i + 1 < raw.length; i += 2) {
      count++;
      bytes += byteLength(raw[i]!) + byteLength(raw[i + 1]!) + 4;
    }
    return { count, bytes };
  }
  headers.forEach((value, name) => {
    count++;
    bytes += byteLength(name) + byteLength(value) + 4;
  });
  return { count, bytes };
}

function targetLength(url: string): number {
  const parsed = new URL(url);
  return byteLength(url) - byteLength(parsed.origin);
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'latin1');
}
