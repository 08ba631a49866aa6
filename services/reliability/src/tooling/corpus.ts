/**
 * The hostile contracts, generated at run time into the case's folder (nothing of 50 MB is
 * committed): one project per class of attack (its apilife.config.yaml, contracts root, pacts and a
 * git history), each service folder of its contracts root one hostile contract, OpenAPI and
 * AsyncAPI, so that every command that walks the root meets all of them at once and every command
 * that takes one file is given each.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** The classes of hostile contract, one battery case each (`contracts.hostile.<class>`). */
export const CLASSES = ['remote-ref', 'outside-root', 'fifo', 'alias-bomb', 'ref-bomb', 'huge', 'deep', 'regex'] as const;
export type HostileClass = (typeof CLASSES)[number];

/** A hostile contract: its service folder and file under the contracts root. */
export interface HostileContract {
  service: string;
  /** Relative to the contracts root: `<service>/openapi.yaml`. */
  file: string;
  kind: 'openapi' | 'asyncapi';
  /** A FIFO: a command given it by name must not wait for a writer (it is never written to). */
  fifo?: boolean;
}

export interface HostileProject {
  hostileClass: HostileClass;
  /** The project: apilife.config.yaml, contracts/, pacts/, outside/ (not under the contracts root). */
  dir: string;
  contractsRoot: string;
  contracts: HostileContract[];
  /** Folders outside the contracts root holding a canary (`outside/` in the project and beside it). */
  canaryDirs: string[];
  /** A string that only the canaries hold: seen in any output, a canary was read. */
  marker: string;
  /** A value that makes the class's regular expressions backtrack (regex class). */
  evilInput?: string;
}

/** 50 MB: larger than the loader's 32 MB cap, well below what a 2 GB heap holds twice. */
const HUGE_BYTES = 50 * 1024 * 1024;
/** Nesting depth of the deep class (the loader's cap is 256). */
const DEEP_LEVELS = 100_000;
/** Levels of the `$ref` bomb: every level references the next twice, 2^40 paths if expanded. */
const REF_BOMB_LEVELS = 40;

const SPECTRAL = 'extends:\n  - spectral:oas\n  - spectral:asyncapi\n  - apilife:recommended\nrules:\n  asyncapi-latest-version: off\n';

/** A small, valid OpenAPI 3.1 contract (a list of items), with `extra` merged into its parts. */
function openapi(
  service: string,
  extra: { schemas?: object; info?: object; top?: object; itemProperties?: object } = {},
): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: `${service} API`, version: '1.0.0', description: `The ${service} service.`, ...extra.info },
    servers: [{ url: 'http://127.0.0.1:4010' }],
    paths: {
      '/items': {
        get: {
          operationId: 'listItems',
          summary: 'List items',
          parameters: [{ name: 'q', in: 'query', required: false, schema: { $ref: '#/components/schemas/Query' } }],
          responses: {
            '200': {
              description: 'The items.',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Items' } } },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        Query: { type: 'string', maxLength: 200 },
        Items: { type: 'array', items: { $ref: '#/components/schemas/Item' } },
        Item: { type: 'object', required: ['id'], properties: { id: { type: 'string' }, ...extra.itemProperties } },
        ...extra.schemas,
      },
    },
    ...extra.top,
  };
}

/** A small, valid AsyncAPI contract (3.0, or 2.6 to exercise the conversion) sending one event. */
function asyncapi(service: string, version: '3.0.0' | '2.6.0', payload: object, extraSchemas: object = {}): Record<string, unknown> {
  if (version === '2.6.0') {
    return {
      asyncapi: '2.6.0',
      info: { title: `${service} events`, version: '1.0.0' },
      channels: {
        [`${service}.happened`]: { subscribe: { operationId: 'onHappened', message: { $ref: '#/components/messages/Happened' } } },
      },
      components: { messages: { Happened: { name: 'Happened', payload } }, schemas: extraSchemas },
    };
  }
  return {
    asyncapi: '3.0.0',
    info: { title: `${service} events`, version: '1.0.0' },
    channels: { happened: { address: `${service}.happened`, messages: { Happened: { name: 'Happened', payload } } } },
    operations: {
      sendHappened: {
        action: 'send',
        channel: { $ref: '#/channels/happened' },
        messages: [{ $ref: '#/channels/happened/messages/Happened' }],
      },
    },
    components: { schemas: extraSchemas },
  };
}

/** JSON is YAML: the documents are written as JSON text, with raw YAML spliced in where a class needs it. */
const text = (document: object) => `${JSON.stringify(document, null, 1)}\n`;

/** A pact of `web` with an OpenAPI service: GET /items, the query and the response carrying `value`. */
function pact(service: string, value: string): Record<string, unknown> {
  return {
    consumer: { name: 'web' },
    provider: { name: service },
    interactions: [
      {
        description: 'a list of items',
        request: { method: 'GET', path: '/items', query: { q: [value] } },
        response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: [{ id: value }] },
      },
    ],
    metadata: { pactSpecification: { version: '3.0.0' } },
  };
}

/** Billion laughs in YAML flow style: 10 levels of 10 aliases, 10^10 nodes if expanded. */
function aliasBomb(): string {
  const levels = ['&l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i < 10; i++) levels.push(`&l${i} [${Array.from({ length: 10 }, () => `*l${i - 1}`).join(', ')}]`);
  return `[${levels.join(', ')}]`;
}

/** `L0` … `L<n>`: each level `allOf` the next, twice (and `items` of it), as schemas under `prefix`. */
function refBomb(prefix: string): Record<string, unknown> {
  const schemas: Record<string, unknown> = {};
  for (let i = 0; i < REF_BOMB_LEVELS; i++) {
    const next = { $ref: `${prefix}L${i + 1}` };
    schemas[`L${i}`] = { type: 'object', properties: { a: next, b: next, c: { type: 'array', items: next } } };
  }
  schemas[`L${REF_BOMB_LEVELS}`] = { type: 'string' };
  return schemas;
}

/** Patterns that backtrack exponentially on `evil`, and a value that is valid for none of them. */
const CATASTROPHIC = ['^(a+)+$', '^(a|a)+$', '^(a|aa)+$', '^([a-zA-Z0-9]+\\s?)*$', '^(\\w+\\s?)*$', '^((a+)+b)+$'];
const EVIL = `${'a'.repeat(48)}!`;

/** Writes the file, creating its folder. */
function put(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

/** Writes `size` bytes of valid YAML: one contract with as many operations as fit. */
async function writeHugeContract(path: string, size: number): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const file = await open(path, 'w');
  try {
    await file.write('openapi: 3.1.0\ninfo:\n  title: huge API\n  version: 1.0.0\n  description: Many operations.\npaths:\n');
    let written = 0;
    let i = 0;
    while (written < size) {
      const chunk: string[] = [];
      for (let j = 0; j < 10_000; j++, i++)
        chunk.push(
          `  /items/p${i}:\n    get:\n      operationId: get${i}\n      summary: Get item ${i}\n      responses:\n        '200':\n          description: Item ${i}.\n`,
        );
      const block = chunk.join('');
      written += Buffer.byteLength(block);
      await file.write(block);
    }
  } finally {
    await file.close();
  }
}

/**
 * Creates the project of one class under `parent/<class>`, with a git history (a clean first
 * commit, the hostile contracts in the working tree) for check and changelog.
 *
 * @param countingOrigin The loopback counting server every remote `$ref` points at.
 */
export async function createHostileProject(parent: string, hostileClass: HostileClass, countingOrigin: string): Promise<HostileProject> {
  const dir = join(parent, hostileClass);
  const root = join(dir, 'contracts');
  const marker = `apilife-canary-${hostileClass}-${Math.random().toString(36).slice(2, 10)}`;
  const canaryDirs = [join(dir, 'outside'), join(parent, `outside-${hostileClass}`)];
  const canary = `Canary:\n  type: string\n  description: ${marker}\n  example: ${marker}\n${marker}: ${marker}\n`;
  for (const folder of canaryDirs) put(join(folder, 'canary.yaml'), canary);
  put(join(canaryDirs[1]!, 'openapi.yaml'), text(openapi('linked', { info: { description: marker } })));

  const contracts: HostileContract[] = [];
  const files: Record<string, string> = {};
  const add = (service: string, kind: HostileContract['kind'], content: string | undefined, extra: Partial<HostileContract> = {}) => {
    const file = `${service}/${kind}.yaml`;
    contracts.push({ service, file, kind, ...extra });
    if (content !== undefined) files[file] = content;
  };
  let evilInput: string | undefined;

  switch (hostileClass) {
    case 'remote-ref': {
      const remote = { $ref: `${countingOrigin}/schemas/item.yaml#/Item` };
      add(
        'remote-schema',
        'openapi',
        text(
          openapi('remote-schema', { schemas: { Remote: remote }, itemProperties: { remote: { $ref: '#/components/schemas/Remote' } } }),
        ),
      );
      add(
        'remote-parts',
        'openapi',
        text({
          ...openapi('remote-parts', { top: { jsonSchemaDialect: `${countingOrigin}/dialect` } }),
          paths: { '/items': { $ref: `${countingOrigin}/paths.yaml#/items` } },
        }),
      );
      add('remote-events', 'asyncapi', text(asyncapi('remote-events', '3.0.0', { $ref: `${countingOrigin}/payload.yaml` })));
      add('remote-events-v2', 'asyncapi', text(asyncapi('remote-events-v2', '2.6.0', { $ref: `${countingOrigin}/payload.json` })));
      break;
    }
    case 'outside-root': {
      add(
        'etc-passwd',
        'openapi',
        text(openapi('etc-passwd', { schemas: { Passwd: { $ref: '/etc/passwd' }, PasswdUrl: { $ref: 'file:///etc/passwd' } } })),
      );
      add(
        'canary',
        'openapi',
        text(
          openapi('canary', {
            schemas: {
              Near: { $ref: '../../outside/canary.yaml#/Canary' },
              Far: { $ref: `../../../outside-${hostileClass}/canary.yaml#/Canary` },
            },
          }),
        ),
      );
      add('symlink', 'openapi', text(openapi('symlink', { schemas: { Linked: { $ref: './shared.yaml#/Canary' } } })));
      add('linked', 'openapi', undefined);
      add('canary-events', 'asyncapi', text(asyncapi('canary-events', '2.6.0', { $ref: '../../outside/canary.yaml#/Canary' })));
      break;
    }
    case 'fifo': {
      add('fifo-ref', 'openapi', text(openapi('fifo-ref', { schemas: { Piped: { $ref: './pipe.yaml#/Piped' } } })));
      add('fifo-contract', 'openapi', undefined, { fifo: true });
      add('fifo-events', 'asyncapi', text(asyncapi('fifo-events', '3.0.0', { $ref: './pipe.yaml' })));
      break;
    }
    case 'alias-bomb': {
      add('alias-bomb', 'openapi', text(openapi('alias-bomb', { info: { 'x-bomb': '@BOMB@' } })).replace('"@BOMB@"', aliasBomb()));
      add(
        'alias-events',
        'asyncapi',
        text(asyncapi('alias-events', '2.6.0', { type: 'object', 'x-bomb': '@BOMB@' })).replace('"@BOMB@"', aliasBomb()),
      );
      break;
    }
    case 'ref-bomb': {
      add(
        'ref-bomb',
        'openapi',
        text(
          openapi('ref-bomb', { schemas: refBomb('#/components/schemas/'), itemProperties: { bomb: { $ref: '#/components/schemas/L0' } } }),
        ),
      );
      add(
        'ref-bomb-events',
        'asyncapi',
        text(asyncapi('ref-bomb-events', '3.0.0', { $ref: '#/components/schemas/L0' }, refBomb('#/components/schemas/'))),
      );
      break;
    }
    case 'huge': {
      add('huge-contract', 'openapi', undefined);
      add('huge-string', 'openapi', undefined);
      break;
    }
    case 'deep': {
      const nested = `${'['.repeat(DEEP_LEVELS)}${']'.repeat(DEEP_LEVELS)}`;
      const schema = `${'{"type": "object", "properties": {"a": '.repeat(DEEP_LEVELS)}{"type": "string"}${'}}'.repeat(DEEP_LEVELS)}`;
      add('deep-extension', 'openapi', text(openapi('deep-extension', { info: { 'x-deep': '@DEEP@' } })).replace('"@DEEP@"', nested));
      add('deep-schema', 'openapi', text(openapi('deep-schema', { schemas: { Deep: '@DEEP@' } })).replace('"@DEEP@"', schema));
      add(
        'deep-events',
        'asyncapi',
        text(asyncapi('deep-events', '3.0.0', { type: 'object', 'x-deep': '@DEEP@' })).replace('"@DEEP@"', nested),
      );
      break;
    }
    case 'regex': {
      evilInput = EVIL;
      const patterned = Object.fromEntries(CATASTROPHIC.map((pattern, i) => [`p${i}`, { type: 'string', pattern, examples: [EVIL] }]));
      add(
        'regex',
        'openapi',
        text(
          openapi('regex', {
            schemas: { Query: { type: 'string', pattern: CATASTROPHIC[0], example: EVIL } },
            itemProperties: { ...patterned, id: { type: 'string', pattern: CATASTROPHIC[1], example: EVIL } },
          }),
        ),
      );
      add(
        'regex-events',
        'asyncapi',
        text(asyncapi('regex-events', '3.0.0', { type: 'object', properties: patterned, examples: [{ p0: EVIL }] })),
      );
      break;
    }
  }

  // A clean first commit: every service as a small valid contract, so check and changelog have a base.
  mkdirSync(root, { recursive: true });
  put(join(dir, '.spectral.yaml'), SPECTRAL);
  put(join(dir, 'redocly.yaml'), 'extends:\n  - recommended\n');
  const generate = contracts.map(
    (c) =>
      `  - { contract: contracts/${c.file}, targets: [${c.kind === 'openapi' ? 'types, paths, validators, client, server, pact' : 'messaging, pact'}], out: generated/${c.service} }`,
  );
  put(
    join(dir, 'apilife.config.yaml'),
    `contracts: contracts\nlint:\n  spectral: .spectral.yaml\n  redocly: redocly.yaml\n  failSeverity: error\ngenerate:\n${generate.join('\n')}\ndocs:\n  title: Hostile ${hostileClass}\n  out: site\n  pacts: pacts\n`,
  );
  for (const c of contracts)
    put(join(root, c.file), text(c.kind === 'openapi' ? openapi(c.service) : asyncapi(c.service, '3.0.0', { type: 'string' })));
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, stdio: 'ignore', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: dir } });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.name=battery', '-c', 'user.email=battery@localhost', 'add', '-A');
  git('-c', 'user.name=battery', '-c', 'user.email=battery@localhost', 'commit', '-q', '-m', 'clean');

  // Then the hostile working tree.
  for (const [file, content] of Object.entries(files)) put(join(root, file), content);
  for (const c of contracts.filter((c) => c.kind === 'openapi'))
    put(join(dir, 'pacts', `web-${c.service}.json`), JSON.stringify(pact(c.service, evilInput ?? 'i-1')));
  if (hostileClass === 'outside-root') {
    symlinkSync(join(canaryDirs[1]!, 'canary.yaml'), join(root, 'symlink', 'shared.yaml'));
    execFileSync('rm', ['-f', join(root, 'linked', 'openapi.yaml')]);
    symlinkSync(join(canaryDirs[1]!, 'openapi.yaml'), join(root, 'linked', 'openapi.yaml'));
  }
  if (hostileClass === 'fifo') {
    execFileSync('mkfifo', [join(root, 'fifo-ref', 'pipe.yaml'), join(root, 'fifo-events', 'pipe.yaml')]);
    execFileSync('rm', ['-f', join(root, 'fifo-contract', 'openapi.yaml')]);
    execFileSync('mkfifo', [join(root, 'fifo-contract', 'openapi.yaml')]);
  }
  if (hostileClass === 'huge') {
    await writeHugeContract(join(root, 'huge-contract', 'openapi.yaml'), HUGE_BYTES);
    const document = text(openapi('huge-string', { info: { description: '@HUGE@' } }));
    const [before, after] = document.split('"@HUGE@"') as [string, string];
    const file = await open(join(root, 'huge-string', 'openapi.yaml'), 'w');
    try {
      await file.write(before);
      await file.write('"');
      const block = 'x'.repeat(1024 * 1024);
      for (let i = 0; i < HUGE_BYTES / block.length; i++) await file.write(block);
      await file.write('"');
      await file.write(after);
    } finally {
      await file.close();
    }
  }
  return { hostileClass, dir, contractsRoot: root, contracts, canaryDirs, marker, ...(evilInput ? { evilInput } : {}) };
}
