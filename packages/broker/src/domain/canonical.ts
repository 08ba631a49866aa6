import { createHash } from 'node:crypto';

/**
 * JSON with every object's keys sorted, no whitespace: the same pact gives the same text (and sha)
 * whichever client serialised it. Written out directly, never through a rebuilt object, so a key
 * named `__proto__` stays a key.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

/** The sha1 (hex) of a text, as the Pact Broker identifies pact content. */
export function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}
