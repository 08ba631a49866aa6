/**
 * The files of a new project that installs apilife, as a user would write them: its own contracts
 * (not the repository's), the config that generates types, client, server and messaging from them,
 * a strict tsconfig, and a script that runs the generated code.
 */
export const PROJECT_FILES: Record<string, string> = {
  'apilife.config.yaml': `contracts: contracts
generate:
  - { contract: contracts/notes/openapi.yaml, targets: [types, client, server, pact], out: src/generated/notes }
  - { contract: contracts/notes/asyncapi.yaml, targets: [messaging, pact], out: src/generated/notes-messaging }
`,

  'contracts/notes/openapi.yaml': `openapi: 3.1.0
info:
  title: Notes
  version: 1.0.0
  description: Notes, the small API of a project that installed apilife.
  license: { name: MIT, identifier: MIT }
  contact: { name: Notes team, email: notes@example.com }
servers:
  - url: http://127.0.0.1:8080
x-provider-states:
  a note exists:
    description: The note with this id exists.
    params: { type: object, required: [noteId], properties: { noteId: { type: string } } }
security:
  - ApiKeyAuth: []
tags:
  - name: notes
    description: Notes.
paths:
  /notes/{noteId}:
    get:
      operationId: getNote
      summary: Read a note
      description: Reads one note.
      tags: [notes]
      parameters:
        - name: noteId
          in: path
          required: true
          description: The note.
          schema: { type: string, maxLength: 40, pattern: '^[a-z0-9-]{1,40}$' }
      responses:
        '200':
          description: The note.
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Note' }
        '404':
          description: No such note.
          content:
            application/problem+json:
              schema: { $ref: '#/components/schemas/Problem' }
components:
  securitySchemes:
    ApiKeyAuth: { type: apiKey, in: header, name: X-API-Key }
  schemas:
    Note:
      type: object
      required: [id, text]
      properties:
        id: { type: string, maxLength: 40 }
        text: { type: string, maxLength: 1000 }
    Problem:
      type: object
      required: [type, title, status]
      properties:
        type: { type: string, format: uri-reference }
        title: { type: string, maxLength: 200 }
        status: { type: integer, minimum: 100, maximum: 599 }
        detail: { type: string, maxLength: 1000 }
`,

  'contracts/notes/asyncapi.yaml': `asyncapi: 3.0.0
info:
  title: Notes events
  version: 1.0.0
  description: What the notes service tells others.
  license: { name: MIT, url: 'https://opensource.org/license/mit' }
  contact: { name: Notes team, url: 'https://example.com/notes', email: notes@example.com }
  tags:
    - name: notes
      description: Notes.
defaultContentType: application/json
servers:
  local: { host: '127.0.0.1:4222', protocol: nats, security: [{ $ref: '#/components/securitySchemes/token' }] }
channels:
  noteEvents:
    address: notes.{noteId}.events
    parameters:
      noteId: { description: The note. }
    messages:
      NoteAdded: { $ref: '#/components/messages/NoteAdded' }
operations:
  publishNoteEvents:
    action: send
    channel: { $ref: '#/channels/noteEvents' }
    summary: A note was added.
    description: Tells others that a note was added.
    security: [{ $ref: '#/components/securitySchemes/token' }]
    messages:
      - { $ref: '#/channels/noteEvents/messages/NoteAdded' }
components:
  securitySchemes:
    token: { type: httpApiKey, name: token, in: header }
  messages:
    NoteAdded:
      name: NoteAdded
      summary: A note was added.
      payload:
        type: object
        required: [noteId, text]
        properties:
          noteId: { type: string, maxLength: 40 }
          text: { type: string, maxLength: 1000 }
`,

  // Strict, no skipLibCheck: the packages' own .d.ts files are checked too. The generated files
  // import each other with .ts (the default), rewritten to .js on emit.
  'tsconfig.json': `${JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2023', 'DOM'],
        types: ['node'],
        strict: true,
        noUncheckedIndexedAccess: true,
        verbatimModuleSyntax: true,
        rewriteRelativeImportExtensions: true,
        skipLibCheck: false,
        rootDir: 'src',
        outDir: 'build',
      },
      include: ['src'],
    },
    null,
    2,
  )}\n`,

  'src/main.ts': `// Runs the generated client against the generated server on loopback, and the generated
// messaging on the in-memory bus. Prints one line per check; exits 1 on the first failure.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createMessaging as createBus, MemoryTransport, type Envelope } from '@apilife/messaging';
import { createClient } from './generated/notes/client.gen.ts';
import { createServer } from './generated/notes/server.gen.ts';
import type { Note } from './generated/notes/types.gen.ts';
import { createMessaging, createPeer } from './generated/notes-messaging/messaging.gen.ts';
import type { NoteAdded } from './generated/notes-messaging/types.gen.ts';
import { CaptureTransport, PactTransport, verifyProvider } from '@apilife/pact';
import { MatchersV3 as M } from '@pact-foundation/pact';
import { createPact, stateHandlers } from './generated/notes/pact.gen.ts';
import { createPact as createMessagePact, producers } from './generated/notes-messaging/pact.gen.ts';

function check(ok: boolean, what: string, got: unknown): void {
  if (!ok) throw new Error(\`\${what}: got \${JSON.stringify(got)}\`);
  console.log(\`ok \${what}\`);
}

const API_KEY = 'fresh-project-key-0123456789';
const notes = new Map<string, Note>([['n-1', { id: 'n-1', text: 'hello' }]]);

const app = createServer(
  {
    getNote: ({ path }) => {
      const note = notes.get(path.noteId);
      return note ? { status: 200, body: note } : { status: 404, body: { type: 'about:blank', title: 'Not Found', status: 404 } };
    },
  },
  { security: { ApiKeyAuth: { verify: (key) => (key === API_KEY ? { subject: 'reader' } : undefined) } } },
);
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
await once(server, 'listening');
const { port } = server.address() as AddressInfo;
try {
  const client = createClient({ baseUrl: \`http://127.0.0.1:\${port}\`, headers: { 'X-API-Key': API_KEY } });
  const found = await client.getNote({ path: { noteId: 'n-1' } });
  const text: string | undefined = found.status === 200 ? found.body.text : undefined;
  check(text === 'hello', 'client → server: getNote 200', found);
  const missing = await client.getNote({ path: { noteId: 'n-2' } });
  check(missing.status === 404 && missing.body.status === 404, 'client → server: getNote 404 problem', missing);
  const denied = await createClient({ baseUrl: \`http://127.0.0.1:\${port}\` }).getNote({ path: { noteId: 'n-1' } }).catch((error: unknown) => error);
  check(denied instanceof Error && /401/.test(denied.message), 'client → server: no key, 401', String(denied));
} finally {
  server.close();
}

const bus = createBus({ transport: new MemoryTransport(), source: '/notes' });
try {
  let deliver: (event: Envelope<NoteAdded>) => void = () => {};
  const received = new Promise<Envelope<NoteAdded>>((resolve, reject) => {
    deliver = resolve;
    setTimeout(() => reject(new Error('no message within 5 s')), 5000).unref();
  });
  await createPeer(bus).publishNoteEvents((event) => deliver(event), { group: 'readers' });
  await createMessaging(bus).publishNoteEvents({ noteId: 'n-1' }, { noteId: 'n-1', text: 'hello' });
  const event = await received;
  const noteText: string = event.data.text;
  check(noteText === 'hello' && event.source === '/notes', 'messaging: NoteAdded published → received', event);
} finally {
  await bus.close();
}
// A consumer pact typed from the contract: the generated client against Pact's mock server, and the
// generated messaging's handler fed by the pact's message; then Pact verifies the generated server.
const pactDir = \`pacts-\${process.version}\`;
const pact = createPact({ consumer: 'notes-web', dir: pactDir });
await pact
  .getNote({
    given: { name: 'a note exists', params: { noteId: 'n-1' } },
    uponReceiving: 'a request for a note',
    request: { path: { noteId: 'n-1' }, headers: { 'X-API-Key': M.string(API_KEY) } as never },
    response: { status: 200, body: { id: 'n-1', text: 'hello' } },
  })
  .executeTest(async (mock) => {
    const found = await createClient({ baseUrl: mock.url, headers: { 'X-API-Key': API_KEY } }).getNote({ path: { noteId: 'n-1' } });
    check(found.status === 200 && found.body.text === 'hello', 'pact: generated client ↔ Pact mock server', found);
  });
const transport = new PactTransport();
const seen: string[] = [];
await createPeer(createBus({ transport, source: '/notes-web' })).publishNoteEvents((event) => void seen.push(event.data.text), { group: 'web' });
await createMessagePact({ consumer: 'notes-web', dir: pactDir })
  .publishNoteEvents({ expectsToReceive: 'a NoteAdded event', message: 'NoteAdded', params: { noteId: 'n-1' }, data: { noteId: 'n-1', text: 'hello' } })
  .executeTest(transport.deliver);
check(seen.join() === 'hello', 'pact: a message pact into the generated messaging', seen);
const provider = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
await once(provider, 'listening');
const capture = new CaptureTransport();
const notesBus = createMessaging(createBus({ transport: capture, source: '/notes' }));
try {
  const states: string[] = [];
  await verifyProvider({
    provider: 'notes',
    pacts: [pactDir],
    http: { baseUrl: \`http://127.0.0.1:\${(provider.address() as AddressInfo).port}\`, headers: () => ({ 'X-API-Key': API_KEY }) },
    states: [stateHandlers({ 'a note exists': ({ noteId }) => void states.push(noteId) })],
    messages: producers({
      NoteAdded: async () => capture.take((await notesBus.publishNoteEvents({ noteId: 'n-1' }, { noteId: 'n-1', text: 'hello' })).type),
    }),
  });
  check(states.join() === 'n-1', 'pact: the generated server and messaging verified by Pact', states);
} finally {
  provider.close();
  await capture.close();
}
console.log(\`all ok on node \${process.version}\`);
`,
};
