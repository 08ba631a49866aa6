/** A webhook target for tests: an HTTP server on 127.0.0.1 that records what it receives and answers as told. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface WebhookTarget {
  origin: string;
  received: ReceivedRequest[];
  /** How the next requests are answered (default: 200); a handler may also hang to test timeouts. */
  answer: (request: ReceivedRequest, response: ServerResponse) => void;
  close(): Promise<void>;
}

export async function webhookTarget(): Promise<WebhookTarget> {
  const target: WebhookTarget = {
    origin: '',
    received: [],
    answer: (_request, response) => response.writeHead(200).end('ok'),
    close: async () => {},
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      target.received.push(request);
      target.answer(request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  target.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  target.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return target;
}

/** A template parameter as a webhook writes it: `${pactbroker.name}`. */
export const templateParameter = (name: string): string => `\${pactbroker.${name}}`;
