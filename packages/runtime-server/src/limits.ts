import type { Context, MiddlewareHandler } from 'hono';
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
  const limits = resolveRequestLimits(options);
  return async (c, next) => {
    const refused = checkRequestLimits(c, limits);
    if (refused) return refused;
    await next();
  };
}

/**
 * `options` with every default filled in, for `checkRequestLimits`.
 * @example
 * const limits = resolveRequestLimits({ maxUrlLength: 2048 });
 */
export function resolveRequestLimits(options: RequestLimitsOptions = {}): Required<RequestLimitsOptions> {
  return {
    maxUrlLength: options.maxUrlLength ?? DEFAULTS.maxUrlLength,
    maxHeaderBytes: options.maxHeaderBytes ?? DEFAULTS.maxHeaderBytes,
    maxHeaderCount: options.maxHeaderCount ?? DEFAULTS.maxHeaderCount,
  };
}

/**
 * The check of `requestLimits` as a function: the 414 or 431 problem response, or `undefined`
 * when the request is within `limits`. Allocates nothing on the way through.
 * @example
 * const refused = checkRequestLimits(c, limits);
 * if (refused) return refused;
 */
export function checkRequestLimits(c: Context, limits: Required<RequestLimitsOptions>): Response | undefined {
  const env = c.env as RawHeaderEnv;
  const incoming = env?.incoming;
  const urlLength = typeof incoming?.url === 'string' ? incoming.url.length : targetLength(c.req.url);
  if (urlLength > limits.maxUrlLength) {
    return httpProblem(414, { detail: `The request target is longer than ${limits.maxUrlLength} bytes.` }).toResponse();
  }
  const raw = incoming?.rawHeaders;
  let count = 0;
  let bytes = 0;
  if (Array.isArray(raw)) {
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name: unknown = raw[i];
      const value: unknown = raw[i + 1];
      if (typeof name !== 'string' || typeof value !== 'string') return checkMerged(c.req.raw.headers, limits);
      count++;
      bytes += name.length + value.length + 4;
    }
  } else return checkMerged(c.req.raw.headers, limits);
  return headerProblem(count, bytes, limits);
}

function checkMerged(headers: Headers, limits: Required<RequestLimitsOptions>): Response | undefined {
  let count = 0;
  let bytes = 0;
  headers.forEach((value, name) => {
    count++;
    bytes += byteLength(name) + byteLength(value) + 4;
  });
  return headerProblem(count, bytes, limits);
}

function headerProblem(count: number, bytes: number, limits: Required<RequestLimitsOptions>): Response | undefined {
  if (count > limits.maxHeaderCount) {
    return httpProblem(431, { detail: `The request has more than ${limits.maxHeaderCount} header fields.` }).toResponse();
  }
  if (bytes > limits.maxHeaderBytes) {
    return httpProblem(431, { detail: `The request header fields are larger than ${limits.maxHeaderBytes} bytes.` }).toResponse();
  }
  return undefined;
}

/** Path and query of an absolute URL, without parsing it. */
function targetLength(url: string): number {
  const scheme = url.indexOf('://');
  const start = url.indexOf('/', scheme < 0 ? 0 : scheme + 3);
  return start < 0 ? 0 : url.length - start;
}

/** Latin-1 bytes: one per UTF-16 code unit, as Node decodes header lines. */
function byteLength(text: string): number {
  return text.length;
}
