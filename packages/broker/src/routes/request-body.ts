import type { Context } from 'hono';
import { checkName } from '../domain/names.ts';
import { BrokerError } from '../problem.ts';

/** The request's JSON body; an empty body is `{}` (the official CLI PUTs some resources with none). Not JSON: a 400. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BrokerError(400, 'the request body is not valid JSON', { body: ['is not valid JSON'] });
  }
}

/** The request's JSON body, which must be an object. */
export async function readObject(c: Context): Promise<Record<string, unknown>> {
  const body = await readJson(c);
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new BrokerError(400, 'the request body must be a JSON object');
  return body as Record<string, unknown>;
}

/** A name from the path (Hono has URL-decoded it), checked like any name the broker stores. */
export function pathName(c: Context, key: string, kind: 'pacticipant' | 'label' = 'pacticipant'): string {
  return checkName(c.req.param(key), key, kind);
}
