import { BrokerError } from '../problem.ts';
import { renderWithPlaceholder } from './render.ts';
import { isAllowedTarget, type WebhookSettings } from './settings.ts';

/** The events a webhook may listen to here; both fire when a publish brings new pact content. */
export const WEBHOOK_EVENTS = ['contract_requiring_verification_published', 'contract_content_changed'] as const;
export type WebhookEventName = (typeof WEBHOOK_EVENTS)[number];

/** The Pact Broker's default when a webhook names no event. */
const DEFAULT_EVENT: WebhookEventName = 'contract_content_changed';

/** The request a webhook sends, as the Pact Broker's API takes it (a template with placeholders). */
export interface WebhookRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  username?: string;
  password?: string;
}

/** A webhook as stored. */
export interface WebhookDefinition {
  description: string | null;
  consumer: string | null;
  provider: string | null;
  enabled: boolean;
  events: WebhookEventName[];
  request: WebhookRequest;
}

const METHODS = new Set(['POST', 'PUT', 'PATCH']);
/** Headers the broker sets itself (or that would smuggle a second request). */
const FORBIDDEN_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'upgrade', 'te', 'trailer', 'keep-alive']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/;
/** The Pact Broker's rule for a webhook uuid given in a path. */
export const WEBHOOK_UUID = /^[A-Za-z0-9_-]{16,64}$/;

type Errors = Record<string, string[]>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function name(value: unknown, field: string, errors: Errors): string | null {
  if (value === undefined || value === null) return null;
  if (!isObject(value) || typeof value.name !== 'string' || !isValidName(value.name)) {
    (errors[field] ??= []).push('must be an object with a name (1–255 characters, no control characters)');
    return null;
  }
  return value.name;
}

/** A pacticipant name a webhook may name: 1–255 characters, no control characters. */
export const isValidName = (s: string): boolean => s.length > 0 && s.length <= 255 && !/[\u0000-\u001f\u007f]/.test(s);

/**
 * Checks a webhook from the API (POST or PUT body) and answers it stored-shape, or throws a 400 with
 * the Pact Broker's `errors` by field. The URL's origin must be on the allow-list and its host must
 * not be a placeholder (the Pact Broker's rule), so no webhook can point anywhere else.
 */
export function parseWebhook(
  body: unknown,
  settings: WebhookSettings,
  scope: { consumer?: string; provider?: string } = {},
): WebhookDefinition {
  const errors: Errors = {};
  const add = (field: string, message: string) => void (errors[field] ??= []).push(message);
  if (!isObject(body)) throw new BrokerError(400, 'a webhook must be a JSON object', { base: ['must be a JSON object'] });
  const consumer = scope.consumer ?? name(body.consumer, 'consumer', errors);
  const provider = scope.provider ?? name(body.provider, 'provider', errors);
  if (
    body.description !== undefined &&
    body.description !== null &&
    (typeof body.description !== 'string' || body.description.length > 1000)
  )
    add('description', 'must be a string of at most 1000 characters');
  if (body.enabled !== undefined && typeof body.enabled !== 'boolean') add('enabled', 'must be true or false');
  const events: WebhookEventName[] = [];
  if (body.events === undefined || body.events === null) events.push(DEFAULT_EVENT);
  else if (!Array.isArray(body.events) || body.events.length === 0) add('events', 'must be a non-empty array of {name}');
  else
    for (const [i, event] of body.events.entries()) {
      const eventName = isObject(event) ? event.name : undefined;
      if (typeof eventName === 'string' && (WEBHOOK_EVENTS as readonly string[]).includes(eventName))
        events.push(eventName as WebhookEventName);
      else add(`events[${i}].name`, `must be one of ${WEBHOOK_EVENTS.join(', ')} (the events this broker fires)`);
    }
  const request = parseRequest(body.request, settings, add);
  if (Object.keys(errors).length > 0) throw new BrokerError(400, 'the webhook is not valid', errors);
  return {
    description: typeof body.description === 'string' ? body.description : null,
    consumer,
    provider,
    enabled: body.enabled !== false,
    events: [...new Set(events)],
    request: request!,
  };
}

function parseRequest(
  value: unknown,
  settings: WebhookSettings,
  add: (field: string, message: string) => void,
): WebhookRequest | undefined {
  if (!isObject(value)) {
    add('request', 'is missing: a webhook needs a request {method, url}');
    return undefined;
  }
  const method = typeof value.method === 'string' ? value.method.toUpperCase() : '';
  if (!METHODS.has(method)) add('request.method', `must be one of ${[...METHODS].join(', ')}`);
  const url = typeof value.url === 'string' ? value.url : '';
  const urlError = checkUrl(url, settings);
  if (urlError) add('request.url', urlError);
  const headers: Record<string, string> = {};
  if (value.headers !== undefined && value.headers !== null) {
    if (!isObject(value.headers)) add('request.headers', 'must be an object of header names to string values');
    else
      for (const [header, headerValue] of Object.entries(value.headers)) {
        if (!HEADER_NAME.test(header) || FORBIDDEN_HEADERS.has(header.toLowerCase()))
          add('request.headers', `"${header.slice(0, 64)}" is not a header a webhook may set`);
        else if (typeof headerValue !== 'string' || /[\r\n\u0000]/.test(headerValue) || headerValue.length > 8192)
          add('request.headers', `the value of ${header} must be a single-line string`);
        else headers[header] = headerValue;
      }
  }
  for (const field of ['username', 'password'] as const)
    if (value[field] !== undefined && value[field] !== null && typeof value[field] !== 'string')
      add(`request.${field}`, 'must be a string');
  return {
    method,
    url,
    headers,
    ...(value.body !== undefined && value.body !== null ? { body: value.body } : {}),
    ...(typeof value.username === 'string' ? { username: value.username } : {}),
    ...(typeof value.password === 'string' ? { password: value.password } : {}),
  };
}

function checkUrl(url: string, settings: WebhookSettings): string | undefined {
  if (url === '' || url.length > 4096) return 'must be an absolute http(s) URL (at most 4096 characters)';
  let first: URL;
  let second: URL;
  try {
    first = new URL(renderWithPlaceholder(url, 'placeholder'));
    second = new URL(renderWithPlaceholder(url, 'differentplaceholder'));
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (first.protocol !== 'http:' && first.protocol !== 'https:') return 'scheme must be http or https';
  if (first.origin !== second.origin) return 'the host may not contain a template parameter';
  if (first.username !== '' || first.password !== '') return 'may not contain credentials: use request.username and request.password';
  if (!isAllowedTarget(first.href, settings))
    return settings.allow.size === 0
      ? `${first.origin} is not allowed: this broker allows no webhook targets (start it with --webhook-allow <origin>)`
      : `${first.origin} is not allowed: the allowed targets are ${[...settings.allow].join(', ')}`;
  return undefined;
}

const SECRET_HEADER = /authorization|token|secret|password|api[-_]?key|cookie/i;
const REDACTED = '**********';

/** The request as the API shows it: the password and secret-looking headers masked (the Pact Broker's habit). */
export function redactRequest(request: WebhookRequest): WebhookRequest {
  return {
    ...request,
    headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, SECRET_HEADER.test(k) ? REDACTED : v])),
    ...(request.password !== undefined ? { password: REDACTED } : {}),
  };
}
