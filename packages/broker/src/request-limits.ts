import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { BrokerError, problem } from './problem.ts';

/** Limits on what a request may be; everything past them is a 4xx problem before any route runs. */
export interface RequestLimits {
  /** Bytes of request body (default 10 MiB); more is a 413. */
  maxBodyBytes?: number;
  /** Nesting of a JSON body (default 512, as `apilife pact check` allows a pact); deeper is a 400 (deep JSON overflows recursive code). */
  maxJsonDepth?: number;
  /** Characters of the request target, path and query (default 8192). */
  maxUrlLength?: number;
}

export const DEFAULT_LIMITS: Required<RequestLimits> = { maxBodyBytes: 10 * 1024 * 1024, maxJsonDepth: 512, maxUrlLength: 8192 };

const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Refuses a request target that is too long, not valid percent-encoding, or that decodes to control
 * characters (a name with a NUL or a newline is never stored or echoed into a log).
 */
export function urlSanity(limits: RequestLimits = {}): MiddlewareHandler {
  const max = limits.maxUrlLength ?? DEFAULT_LIMITS.maxUrlLength;
  return async (c, next) => {
    const url = new URL(c.req.url);
    if (url.pathname.length + url.search.length > max) return problem(c, 400, `the request target is longer than ${max} characters`);
    let decoded: string;
    try {
      decoded = decodeURIComponent(url.pathname) + decodeURIComponent(url.search.replace(/\+/g, ' '));
    } catch {
      return problem(c, 400, 'the request target is not valid percent-encoding');
    }
    if (CONTROL.test(decoded)) return problem(c, 400, 'the request target contains control characters');
    return next();
  };
}

/** The body limit, answered as a 413 problem. */
export function bodySizeLimit(limits: RequestLimits = {}): MiddlewareHandler {
  const maxSize = limits.maxBodyBytes ?? DEFAULT_LIMITS.maxBodyBytes;
  return bodyLimit({ maxSize, onError: (c) => problem(c, 413, `the request body is larger than ${maxSize} bytes`) });
}

const isJson = (contentType: string | undefined): boolean =>
  contentType === undefined || /^application\/([\w.+-]+\+)?json\b/i.test(contentType.trim());

/**
 * Reads a JSON body once, before the routes (they then read it from Hono's cache): a body that is
 * not JSON, nests deeper than the limit, or has a `__proto__` key or a `constructor.prototype` (the
 * shapes of prototype pollution) is a 400.
 */
export function jsonBodyCheck(limits: RequestLimits = {}): MiddlewareHandler {
  const maxDepth = limits.maxJsonDepth ?? DEFAULT_LIMITS.maxJsonDepth;
  return async (c, next) => {
    if (!c.req.raw.body || !isJson(c.req.header('content-type'))) return next();
    const text = await c.req.text();
    if (text.trim() !== '') checkJson(text, maxDepth);
    return next();
  };
}

/** Throws a 400 unless `text` is JSON within the depth limit and without prototype-polluting keys. */
export function checkJson(text: string, maxDepth: number): void {
  if (jsonDepth(text) > maxDepth)
    throw new BrokerError(400, `the JSON body nests deeper than ${maxDepth} levels`, { body: [`nests deeper than ${maxDepth} levels`] });
  try {
    // The reviver costs a second walk: only when a key could spell a polluting name.
    if (/__proto__|prototype|\\u/.test(text)) JSON.parse(text, refusePollution);
    else JSON.parse(text);
  } catch (error) {
    if (error instanceof BrokerError) throw error;
    throw new BrokerError(400, 'the body is not valid JSON', { body: ['is not valid JSON'] });
  }
}

function refusePollution(this: unknown, key: string, value: unknown): unknown {
  if (key === '__proto__' || (key === 'constructor' && typeof value === 'object' && value !== null && Object.hasOwn(value, 'prototype')))
    throw new BrokerError(400, `the JSON body has a "${key}" key, which is not accepted`, { body: [`may not have a ${key} key`] });
  return value;
}

/** The deepest nesting of arrays and objects in a JSON text (brackets inside strings do not count). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92) i++;
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123 || ch === 91) {
      if (++depth > deepest) deepest = depth;
    } else if (ch === 125 || ch === 93) depth--;
  }
  return deepest;
}

/** A route's `JSON.parse` failing on a body that skipped the check (another content type) is the client's fault. */
export const isBodyParseError = (error: unknown, c: Context): boolean => error instanceof SyntaxError && c.req.raw.body !== null;
