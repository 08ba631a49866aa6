import { createHash } from 'node:crypto';
import type { Handler } from 'hono';
import { ifNoneMatchHits } from './if-match.ts';
import { checkRequestLimits, type RequestLimitsOptions } from './limits.ts';

/**
 * The route serving the bundled contract (`GET /openapi.json`): `application/json` with a
 * strong `ETag` computed once and `Cache-Control: public, max-age=300`; a matching
 * `If-None-Match` gets 304. The text is served as generated, byte for byte.
 * @example
 * app.get('/openapi.json', serveContract(contractJson, resolveRequestLimits()));
 */
export function serveContract(contractJson: string, limits: Required<RequestLimitsOptions>): Handler {
  const etag = `"${createHash('sha256').update(contractJson, 'utf8').digest('base64url').slice(0, 22)}"`;
  const headers = { 'content-type': 'application/json', etag, 'cache-control': 'public, max-age=300' };
  return (c) => {
    const refused = checkRequestLimits(c, limits);
    if (refused) return refused;
    const ifNoneMatch = c.req.header('if-none-match');
    if (ifNoneMatch !== undefined && ifNoneMatchHits(ifNoneMatch, etag)) {
      return c.newResponse(null, 304, { etag, 'cache-control': headers['cache-control'] });
    }
    return c.newResponse(contractJson, 200, { ...headers });
  };
}
