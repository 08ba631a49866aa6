import type { Duplex } from 'node:stream';
import { problem } from './problem.ts';
import { statusTitle } from './status-titles.ts';

type ParserError = Error & { code?: string };

const DETAILS: Readonly<Record<string, string>> = {
  HPE_INVALID_TRANSFER_ENCODING: 'Send either Content-Length or Transfer-Encoding (chunked, last), not both.',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'Send either Content-Length or Transfer-Encoding, not both.',
  HPE_INVALID_EOF_STATE: 'The connection closed before the request was complete.',
  HPE_INVALID_CONTENT_LENGTH: 'Content-Length is not a valid length.',
  HPE_HEADER_OVERFLOW: 'The request header fields are too large.',
  ERR_HTTP_REQUEST_TIMEOUT: 'The request took too long to arrive.',
};

/**
 * A `clientError` listener for a Node HTTP server: when Node's own parser refuses a request
 * (bad framing such as `Content-Length` with `Transfer-Encoding`, headers over `maxHeaderSize`,
 * a request timeout), it answers with problem+json instead of Node's bare text, then closes the
 * connection. Such requests never reach Hono, so no middleware can answer them.
 * @example
 * const server = serve({ fetch: app.fetch, port: 8080 });
 * server.on('clientError', problemClientError);
 */
export function problemClientError(error: ParserError, socket: Duplex): void {
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const detail = DETAILS[error.code ?? ''] ?? 'The request is not valid HTTP/1.1.';
  const body = JSON.stringify(problem(status, { detail }));
  socket.end(
    `HTTP/1.1 ${status} ${statusTitle(status)}\r\ncontent-type: application/problem+json\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
