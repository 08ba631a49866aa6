/**
 * A HAL client for the Pact Broker's API: `apilife broker`, a Pact Broker, or PactFlow. It sends
 * what the official clients send (Accept: application/hal+json, a bearer token or basic auth),
 * follows `_links` (templated ones filled in, URL-encoded), keeps only the path of an absolute
 * href (as the official CLI does, so a broker behind a proxy may write any host), and turns a
 * non-2xx answer into a `BrokerRequestError` carrying the broker's `errors` and `notices`.
 */

/** Where the broker is and how to authenticate. */
export interface BrokerConnection {
  /** Base URL, e.g. http://127.0.0.1:9292 (a path prefix is kept: https://host/broker). */
  url: string;
  /** Bearer token (Authorization: Bearer …). */
  token?: string;
  /** Basic auth, for brokers set up that way. */
  username?: string;
  password?: string;
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
}

export interface Link {
  href: string;
  title?: string;
  name?: string;
  templated?: boolean;
}

export type HalResource = Record<string, unknown> & {
  _links?: Record<string, Link | Link[]>;
  _embedded?: Record<string, unknown>;
};

/** A broker answer that is not 2xx (or not JSON): the status, and what the broker said. */
export class BrokerRequestError extends Error {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    message: string,
    readonly errors: unknown = undefined,
    readonly notices: readonly { type: string; text: string }[] = [],
  ) {
    super(message);
  }
}

export class HalClient {
  readonly base: URL;

  constructor(readonly connection: BrokerConnection) {
    this.base = new URL(connection.url.endsWith('/') ? connection.url : `${connection.url}/`);
  }

  /** The absolute URL of a path or href (an absolute href keeps only its path, query included). */
  resolve(pathOrHref: string): string {
    if (/^https?:\/\//i.test(pathOrHref)) {
      const href = new URL(pathOrHref);
      pathOrHref = href.pathname + href.search;
    }
    const prefix = this.base.pathname.replace(/\/$/, '');
    const path =
      pathOrHref.startsWith(`${prefix}/`) && prefix !== '' ? pathOrHref : `${prefix}${pathOrHref.startsWith('/') ? '' : '/'}${pathOrHref}`;
    return new URL(path, this.base.origin).toString();
  }

  async get<T = HalResource>(pathOrHref: string): Promise<T> {
    return this.request<T>('GET', pathOrHref);
  }

  /** GET that answers undefined on 404 (a pacticipant or version that does not exist). */
  async find<T = HalResource>(pathOrHref: string): Promise<T | undefined> {
    try {
      return await this.get<T>(pathOrHref);
    } catch (error) {
      if (error instanceof BrokerRequestError && error.status === 404) return undefined;
      throw error;
    }
  }

  post<T = HalResource>(pathOrHref: string, body: unknown): Promise<T> {
    return this.request<T>('POST', pathOrHref, body);
  }

  put<T = HalResource>(pathOrHref: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', pathOrHref, body);
  }

  patch<T = HalResource>(pathOrHref: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', pathOrHref, body, 'application/merge-patch+json');
  }

  delete<T = HalResource>(pathOrHref: string): Promise<T> {
    return this.request<T>('DELETE', pathOrHref);
  }

  /** The href of a relation of the index (`GET /`), templated values filled in. */
  async indexLink(rel: string, values: Record<string, string> = {}): Promise<string> {
    return this.link(await this.get('/'), rel, values);
  }

  /** The href of `rel` on a resource, templated values filled in; throws when the broker has no such link. */
  link(resource: HalResource, rel: string, values: Record<string, string> = {}): string {
    const found = resource._links?.[rel];
    const link = Array.isArray(found) ? found[0] : found;
    if (!link?.href) throw new BrokerRequestError('GET', this.base.toString(), 0, `the broker offers no "${rel}" link`);
    return expand(link.href, values);
  }

  private async request<T>(method: string, pathOrHref: string, body?: unknown, contentType = 'application/json'): Promise<T> {
    const url = this.resolve(pathOrHref);
    const headers: Record<string, string> = { accept: 'application/hal+json, application/json' };
    if (body !== undefined) headers['content-type'] = contentType;
    const { token, username, password } = this.connection;
    if (token) headers.authorization = `Bearer ${token}`;
    else if (username !== undefined) headers.authorization = `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.connection.timeoutMs ?? 30_000),
      });
    } catch (error) {
      const { cause } = error as { cause?: { code?: string; message?: string } };
      const why =
        (error as Error).name === 'TimeoutError'
          ? `no answer in ${(this.connection.timeoutMs ?? 30_000) / 1000} s`
          : (cause?.code ?? cause?.message ?? (error as Error).message);
      throw new BrokerRequestError(method, url, 0, `cannot reach the broker at ${this.base.origin} (${why})`);
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const { errors, notices, detail } = (json ?? {}) as { errors?: unknown; notices?: { type: string; text: string }[]; detail?: string };
      const said = detail ?? describeErrors(errors) ?? (text.slice(0, 200) || response.statusText);
      throw new BrokerRequestError(
        method,
        url,
        response.status,
        `${method} ${new URL(url).pathname}: ${response.status} ${said}`,
        errors,
        notices ?? [],
      );
    }
    if (json === undefined && text !== '')
      throw new BrokerRequestError(method, url, response.status, `${method} ${new URL(url).pathname}: the broker did not answer JSON`);
    return (json ?? {}) as T;
  }
}

/** Fills `{name}` placeholders with URL-encoded values. */
export function expand(href: string, values: Record<string, string>): string {
  return href.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? encodeURIComponent(values[name]!) : whole));
}

/** The Pact Broker's `errors` (an array, `{field: [messages]}` or a string) as one line. */
export function describeErrors(errors: unknown): string | undefined {
  if (errors === undefined || errors === null) return undefined;
  if (typeof errors === 'string') return errors;
  if (Array.isArray(errors)) return errors.map(String).join('; ');
  if (typeof errors === 'object')
    return Object.entries(errors as Record<string, unknown>)
      .map(([field, messages]) => `${field}: ${Array.isArray(messages) ? messages.join(', ') : String(messages)}`)
      .join('; ');
  return String(errors);
}
