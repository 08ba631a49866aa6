/**
 * The Pact Broker's webhook template parameters (`${pactbroker.consumerName}` …), as far as this
 * broker knows them; an unknown placeholder is left as written, as the Pact Broker does.
 * @see https://docs.pact.io/pact_broker/webhooks#dynamic-variable-substitution
 */
export type WebhookParameters = Record<string, string>;

const PLACEHOLDER = /\$\{pactbroker\.[^}]+\}/g;

/** Replaces each known `${pactbroker.x}` in a template; `encode` encodes values (URL components in URLs). */
export function renderTemplate(template: string, params: WebhookParameters, encode: (value: string) => string = (v) => v): string {
  return template.replace(PLACEHOLDER, (placeholder) => {
    const value = params[placeholder.slice(2, -1)];
    return value === undefined ? placeholder : encode(value);
  });
}

/** Every placeholder replaced by `value`: what a URL looks like to validation. */
export function renderWithPlaceholder(template: string, value: string): string {
  return template.replace(PLACEHOLDER, value);
}

/** Renders a JSON body: placeholders inside its strings (keys too), the structure kept. */
export function renderBody(body: unknown, params: WebhookParameters): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return renderTemplate(body, params);
  return renderTemplate(JSON.stringify(body), params, (v) => JSON.stringify(v).slice(1, -1));
}

/** A URL with placeholders rendered as URL components. */
export const renderUrl = (url: string, params: WebhookParameters): string => renderTemplate(url, params, encodeURIComponent);
