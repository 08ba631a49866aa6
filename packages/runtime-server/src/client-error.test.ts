import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { problemClientError } from './client-error.ts';

function answer(code: string | undefined, inFlight = false): { written: string; destroyed: boolean } {
  const socket = new PassThrough();
  let written = '';
  socket.on('data', (chunk: Buffer) => (written += chunk.toString()));
  if (inFlight) Object.assign(socket, { _httpMessage: { headersSent: true } });
  problemClientError(Object.assign(new Error('Parse Error: secret detail'), { code }), socket);
  return { written: written || socket.read()?.toString() || '', destroyed: socket.destroyed };
}

describe('problemClientError', () => {
  it.each([
    ['HPE_INVALID_TRANSFER_ENCODING', '400 Bad Request', /not both/],
    ['HPE_HEADER_OVERFLOW', '431 Request Header Fields Too Large', /too large/],
    ['ERR_HTTP_REQUEST_TIMEOUT', '408 Request Timeout', /too long/],
    ['HPE_SOMETHING_NEW', '400 Bad Request', /not valid HTTP/],
  ])('%s → %s as problem+json', (code, statusLine, detail) => {
    const { written } = answer(code);
    expect(written).toMatch(new RegExp(`^HTTP/1.1 ${statusLine}\r\n`));
    expect(written).toContain('content-type: application/problem+json');
    const body = JSON.parse(written.slice(written.indexOf('\r\n\r\n') + 4)) as { detail: string };
    expect(body.detail).toMatch(detail);
    expect(written).not.toContain('secret');
  });
  it('only closes the socket when a response is already under way or the peer reset', () => {
    expect(answer('HPE_INVALID_EOF_STATE', true)).toEqual({ written: '', destroyed: true });
    expect(answer('ECONNRESET')).toEqual({ written: '', destroyed: true });
  });
});
