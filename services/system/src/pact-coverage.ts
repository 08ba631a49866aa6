/**
 * Which calls between the services have a pact. Reads the services' code with TypeScript's type
 * checker and lists every call of a generated client's operation (HTTP, consumer → provider) and
 * every handler a service registers for another service's messages (including the replies to the
 * requests it sends); then reads `pacts/` and names each call no interaction covers.
 *
 * `pnpm pact:coverage` prints the table (`--format json` for machines) and exits 1 when a call has
 * no pact; `services/system/test/pact-coverage.test.ts` runs it in `pnpm test`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadApiIR, loadMessagingIR, type ApiIR, type MessagingApiIR } from '@apilife/contract';
import ts from 'typescript';

/** One use of another service by a service's code. */
export interface ServiceCall {
  consumer: string;
  provider: string;
  kind: 'http' | 'message';
  /** HTTP: the operation (the generated client's method). Message: the provider's AsyncAPI operation that sends it. */
  operation: string;
  /** Message: the message's name (its key in the provider's contract). */
  message?: string;
  /** Where the code makes the call or registers the handler (`services/gateway/src/overview.ts:47`). */
  at: string;
}

export interface Coverage {
  calls: ServiceCall[];
  /** Calls with no interaction in `<consumer>-<provider>.json`. */
  missing: ServiceCall[];
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Lists the calls in `services/*\/src` (or takes `calls`, from `listCalls`) and checks each against the pact files in `pactDir`. */
export async function pactCoverage(options: { root?: string; pactDir?: string; calls?: ServiceCall[] } = {}): Promise<Coverage> {
  const root = options.root ?? ROOT;
  const calls = options.calls ?? (await listCalls(root));
  const pactDir = options.pactDir ?? join(root, 'pacts');
  const contracts = new Map<string, Promise<{ api?: ApiIR; messaging?: MessagingApiIR }>>();
  const contractOf = (provider: string) => {
    let loaded = contracts.get(provider);
    if (!loaded) contracts.set(provider, (loaded = loadProvider(root, provider)));
    return loaded;
  };
  const missing: ServiceCall[] = [];
  for (const call of calls) {
    const interactions = readPact(join(pactDir, `${call.consumer}-${call.provider}.json`));
    const covered =
      call.kind === 'message'
        ? interactions.some(
            (i) =>
              i.type === 'Asynchronous/Messages' &&
              i.comments?.references?.AsyncAPI?.operationId === call.operation &&
              i.comments.references.AsyncAPI.message === call.message,
          )
        : await coversOperation(interactions, call.operation, (await contractOf(call.provider)).api);
    if (!covered) missing.push(call);
  }
  return { calls, missing };
}

interface PactInteraction {
  type?: string;
  request?: { method?: string; path?: string };
  comments?: { references?: { AsyncAPI?: { operationId?: string; message?: string } } };
}

function readPact(file: string): PactInteraction[] {
  if (!existsSync(file)) return [];
  const pact = JSON.parse(readFileSync(file, 'utf8')) as { interactions?: PactInteraction[] };
  return pact.interactions ?? [];
}

async function coversOperation(interactions: PactInteraction[], operationId: string, api: ApiIR | undefined): Promise<boolean> {
  const op = api?.operations.find((o) => o.name === operationId || o.operationId === operationId);
  if (!op) return false;
  const path = new RegExp(`^${op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`);
  return interactions.some((i) => i.request?.method?.toUpperCase() === op.method && path.test(i.request.path ?? ''));
}

async function loadProvider(root: string, provider: string): Promise<{ api?: ApiIR; messaging?: MessagingApiIR }> {
  const folder = join(root, 'contracts', provider);
  const options = { root: join(root, 'contracts') };
  return {
    ...(existsSync(join(folder, 'openapi.yaml')) ? { api: await loadApiIR(join(folder, 'openapi.yaml'), options) } : {}),
    ...(existsSync(join(folder, 'asyncapi.yaml')) ? { messaging: await loadMessagingIR(join(folder, 'asyncapi.yaml'), options) } : {}),
  };
}

/** The services: folders under `services/` with a contract folder of the same name. */
function serviceNames(root: string): string[] {
  return readdirSync(join(root, 'services')).filter((name) => existsSync(join(root, 'contracts', name)));
}

/** Every call of a generated client and every message handler registration in the services' own code (not generated, not tests). */
export async function listCalls(root: string = ROOT): Promise<ServiceCall[]> {
  const services = serviceNames(root);
  const files = services.flatMap((service) => sourceFiles(join(root, 'services', service, 'src')));
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    allowImportingTsExtensions: true,
    noEmit: true,
    skipLibCheck: true,
    strict: true,
    customConditions: ['source'],
    types: [],
  });
  const checker = program.getTypeChecker();
  const messaging = new Map<string, MessagingApiIR>();
  for (const service of services) {
    const file = join(root, 'contracts', service, 'asyncapi.yaml');
    if (existsSync(file)) messaging.set(service, await loadMessagingIR(file, { root: join(root, 'contracts') }));
  }
  const calls: ServiceCall[] = [];
  const seen = new Set<string>();
  const add = (call: ServiceCall) => {
    const key = `${call.consumer} ${call.provider} ${call.kind} ${call.operation} ${call.message ?? ''}`;
    if (!seen.has(key)) calls.push(call);
    seen.add(key);
  };
  for (const source of program.getSourceFiles()) {
    const consumer = serviceOf(root, source.fileName);
    if (!consumer || source.fileName.includes(`${sep}generated${sep}`) || !services.includes(consumer)) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
        const declaration = checker.getSymbolAtLocation(node.expression.name)?.declarations?.[0];
        const generated =
          declaration && /[/\\]generated[/\\]([^/\\]+)[/\\](client|messaging)\.gen\.ts$/.exec(declaration.getSourceFile().fileName);
        if (declaration && generated && ts.isInterfaceDeclaration(declaration.parent)) {
          const { line } = source.getLineAndCharacterOfPosition(node.getStart());
          const at = `${relative(root, source.fileName).split(sep).join('/')}:${line + 1}`;
          const method = node.expression.name.text;
          const owner = serviceOf(root, declaration.getSourceFile().fileName)!;
          if (generated[2] === 'client')
            add({ consumer, provider: generated[1]!, kind: 'http', operation: operationIdOf(declaration), at });
          else for (const call of messageCalls(consumer, owner, declaration.parent.name.text, method, messaging, at)) add(call);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return calls.sort((a, b) =>
    `${a.consumer} ${a.provider} ${a.operation} ${a.message}`.localeCompare(`${b.consumer} ${b.provider} ${b.operation} ${b.message}`),
  );
}

/** The operation a generated client method calls: the method is named after it. */
function operationIdOf(declaration: ts.Declaration): string {
  return (declaration as ts.MethodSignature).name.getText();
}

/**
 * What a call of a generated messaging method consumes. The owner's view (`Messaging`): a receive
 * operation consumes its messages from the service that sends on that channel; a send operation
 * with a reply consumes the replies from the service that answers. The peer view (`Peer`) of
 * another service's contract: a handler on that service's send operation consumes from it.
 */
function messageCalls(
  consumer: string,
  owner: string,
  view: string,
  method: string,
  contracts: Map<string, MessagingApiIR>,
  at: string,
): ServiceCall[] {
  const contract = contracts.get(owner);
  const op = contract?.operations.find((o) => o.name === method);
  if (!contract || !op) return [];
  const address = (api: MessagingApiIR, key: string | undefined) => api.channels.find((c) => c.key === key)?.address;
  const calls: ServiceCall[] = [];
  if (view === 'Peer' && op.action === 'send')
    for (const message of op.messages) calls.push({ consumer, provider: owner, kind: 'message', operation: op.operationId, message, at });
  if (view !== 'Messaging') return calls;
  if (op.action === 'receive') {
    const channel = address(contract, op.channel);
    for (const [provider, api] of contracts)
      for (const sender of api.operations)
        if (provider !== consumer && sender.action === 'send' && address(api, sender.channel) === channel)
          for (const message of sender.messages.filter((m) => op.messages.includes(m)))
            calls.push({ consumer, provider, kind: 'message', operation: sender.operationId, message, at });
  }
  if (op.action === 'send' && op.reply) {
    const channel = address(contract, op.channel);
    for (const [provider, api] of contracts)
      for (const receiver of api.operations)
        if (provider !== consumer && receiver.action === 'receive' && receiver.reply && address(api, receiver.channel) === channel)
          for (const message of receiver.reply.messages)
            calls.push({ consumer, provider, kind: 'message', operation: receiver.operationId, message, at });
  }
  return calls;
}

function serviceOf(root: string, file: string): string | undefined {
  const path = relative(join(root, 'services'), file).split(sep);
  return path.length > 1 && path[0] !== '..' ? path[0] : undefined;
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** `pnpm pact:coverage [--format json]`. */
async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(
      "usage: pnpm pact:coverage [--format text|json]\n\nLists every call between the services in their code (generated client methods, handlers of another\nservice's messages and replies) and whether a pact in pacts/ covers it. Exit 0 all covered, 1 a call has no pact.\n",
    );
    return 0;
  }
  const json = argv.includes('--format') && argv[argv.indexOf('--format') + 1] === 'json';
  const { calls, missing } = await pactCoverage();
  if (json) {
    process.stdout.write(`${JSON.stringify({ calls, missing }, null, 2)}\n`);
    return missing.length > 0 ? 1 : 0;
  }
  const lacking = new Set(missing);
  for (const call of calls) {
    const what = call.kind === 'http' ? call.operation : `${call.operation} ${call.message}`;
    process.stdout.write(
      `${lacking.has(call) ? '✘ no pact' : '✓        '}  ${call.consumer} → ${call.provider}  ${call.kind.padEnd(7)} ${what}  (${call.at})\n`,
    );
  }
  process.stdout.write(
    `\n${calls.length} calls between services, ${calls.length - missing.length} with a pact, ${missing.length} without\n`,
  );
  return missing.length > 0 ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
