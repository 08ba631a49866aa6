import { renderBody, renderUrl, renderTemplate, type WebhookParameters } from './render.ts';
import type { WebhookRequest } from './definition.ts';
import { isAllowedTarget, type WebhookSettings } from './settings.ts';

/** What one attempt gave: success is a 2xx answer; `logs` never holds header values or the query string. */
export interface DeliveryResult {
  success: boolean;
  status: number | null;
  url: string;
  logs: string;
}

/** A webhook's request with the parameters rendered in. */
export interface RenderedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** Renders a webhook's request template for one event (URL parts URL-encoded; basic auth as a header). */
export function renderRequest(request: WebhookRequest, params: WebhookParameters): RenderedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name] = renderTemplate(value, params).replace(/[\r\n]/g, ' ');
  const body = renderBody(request.body, params);
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type') && typeof request.body !== 'string')
    headers['Content-Type'] = 'application/json';
  if (request.username !== undefined)
    headers.Authorization = `Basic ${Buffer.from(`${request.username}:${request.password ?? ''}`).toString('base64')}`;
  return { method: request.method, url: renderUrl(request.url, params), headers, body };
}

/** `https://ci.example.com/hooks/x` of a URL: what the logs show (no query string, which may hold a secret). */
const shown = (url: string): string => {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(an unparseable URL)';
  }
};

/**
 * Sends one attempt, only to an allow-listed origin (checked again here, after rendering: the
 * allow-list may have changed since the webhook was created). Redirects are not followed (a 3xx
 * is a failure); the attempt is aborted after the timeout.
 */
export async function deliver(request: RenderedRequest, settings: WebhookSettings, now: Date = new Date()): Promise<DeliveryResult> {
  const line = `[${now.toISOString()}] ${request.method} ${shown(request.url)}`;
  if (!isAllowedTarget(request.url, settings))
    return { success: false, status: null, url: request.url, logs: `${line}: not sent, the target is not on the allow-list\n` };
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
      redirect: 'manual',
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
    await response.body?.cancel().catch(() => {});
    const success = response.status >= 200 && response.status < 300;
    const redirect = response.status >= 300 && response.status < 400 ? ' (a redirect: not followed)' : '';
    return { success, status: response.status, url: request.url, logs: `${line} → ${response.status}${redirect}\n` };
  } catch (error) {
    const reason =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${settings.timeoutMs} ms`
        : (((error as Error).cause as Error | undefined)?.message ?? (error as Error).message);
    return { success: false, status: null, url: request.url, logs: `${line}: failed, ${reason}\n` };
  }
}
