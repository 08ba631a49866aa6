import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  authorization?: string;
  body?: { body?: string };
}

/**
 * A loopback stand-in for GitHub's REST API, as much of it as the comment script uses: list, create
 * and update issue comments. Every request is recorded.
 */
export async function fakeGitHub(): Promise<{
  url: string;
  requests: RecordedRequest[];
  comments: { id: number; body: string }[];
  close(): Promise<void>;
}> {
  const requests: RecordedRequest[] = [];
  const comments: { id: number; body: string }[] = [{ id: 1, body: 'LGTM, someone else' }];
  const read = async (request: IncomingMessage) => {
    let text = '';
    for await (const chunk of request) text += chunk;
    return text ? (JSON.parse(text) as { body?: string }) : undefined;
  };
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const body = await read(request);
    requests.push({
      method: request.method ?? '',
      path: url.pathname + url.search,
      authorization: request.headers.authorization,
      ...(body ? { body } : {}),
    });
    const reply = (status: number, payload: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(payload));
    };
    if (request.headers.authorization !== 'Bearer test-token') return reply(401, { message: 'Bad credentials' });
    const list = /^\/repos\/acme\/pets\/issues\/7\/comments$/.test(url.pathname);
    const one = /^\/repos\/acme\/pets\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (list && request.method === 'GET') return reply(200, comments);
    if (list && request.method === 'POST') {
      const comment = { id: 100 + comments.length, body: body?.body ?? '' };
      comments.push(comment);
      return reply(201, { ...comment, html_url: `https://github.test/acme/pets/pull/7#issuecomment-${comment.id}` });
    }
    const existing = one && comments.find((c) => c.id === Number(one[1]));
    if (existing && request.method === 'PATCH') {
      existing.body = body?.body ?? '';
      return reply(200, existing);
    }
    reply(404, { message: 'Not Found' });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    comments,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
