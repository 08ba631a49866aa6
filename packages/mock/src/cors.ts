/**
 * CORS for a mock that a web front end calls from its own origin (Prism answers CORS by default
 * too): a preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) is answered 204
 * with the method and the headers it asks for, and every answer to a request with an `Origin` may
 * be read by it (`Access-Control-Allow-Origin: *`, its headers exposed). No credentials: a page's
 * cookies never reach the mock's answers. The mock's data is made up, so there is nothing to keep
 * from another origin.
 * @see https://fetch.spec.whatwg.org/#http-cors-protocol
 */
type Fetch = (request: Request, ...rest: never[]) => Response | Promise<Response>;

const METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';
/** Requested header names echoed back: a token list, bounded. */
const HEADER_LIST = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+(\s*,\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+)*$/;

/**
 * `fetch` with CORS around it.
 * @example
 * serve({ fetch: withCors(app.fetch) });
 */
export function withCors<F extends Fetch>(fetch: F): F {
  return (async (request: Request, ...rest: never[]) => {
    const origin = request.headers.get('origin');
    if (origin === null) return fetch(request, ...rest);
    const asked = request.headers.get('access-control-request-method');
    if (request.method === 'OPTIONS' && asked !== null) {
      const headers = request.headers.get('access-control-request-headers') ?? '';
      return new Response(null, {
        status: 204,
        headers: {
          'access-control-allow-origin': '*',
          'access-control-allow-methods': METHODS,
          ...(headers.length <= 1024 && HEADER_LIST.test(headers) ? { 'access-control-allow-headers': headers } : {}),
          'access-control-max-age': '600',
        },
      });
    }
    const response = await fetch(request, ...rest);
    const headers = new Headers(response.headers);
    headers.set('access-control-allow-origin', '*');
    headers.set('access-control-expose-headers', [...response.headers.keys()].join(', '));
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }) as F;
}
