import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { BrokerRequestError, brokerConnection, HalClient } from '@apilife/broker/client';
import { ContractStore, discover, InputError, isRegularFile, loadIR, type ProjectConfig } from '@apilife/contract';
import {
  changelog as readChangelog,
  lifecycleStatus,
  listApis,
  BROKER_CONCURRENCY,
  liveVersions,
  mapLimit,
  pactOf,
  withBrokerConsumers,
  type ApiChangelog,
} from '@apilife/lifecycle';
import { interactionsOn } from '@apilife/lifecycle/consumers';
import { ProviderContracts, readPactText } from '@apilife/pact/check';
import { buildInteractionGraph } from './graph/model.ts';
import type { OperationConsumer, Site, SiteApi, SiteFile } from './site.ts';

export interface BuildSiteOptions {
  config: ProjectConfig;
  /** The day the site describes, YYYY-MM-DD (default today, UTC). */
  today?: string;
  /** Read each API's changelog from git history (default true; outside a git repository there is none). */
  changelog?: boolean;
  /** The folder of pact files naming each operation's consumers; false for none (default the config's `docs.pacts`). */
  pacts?: string | false;
  /** Ask the configured broker for consumers (default true when one is configured). */
  broker?: boolean;
}

/** How many contracts are read at once. */
const CONCURRENCY = 4;

/**
 * Everything the portal shows, read once: every contract under the contracts root (a contract that
 * cannot be read is kept, broken, with its error, and the rest goes on), each API's lifecycle on
 * `today`, its changelog, the consumers of its operations (pact files, and the broker's deployed
 * and released consumer versions when one is configured), and the interaction graph.
 * @example
 * const site = await buildSite({ config: await loadProjectConfig(process.cwd()) });
 */
export async function buildSite(options: BuildSiteOptions): Promise<Site> {
  const { config } = options;
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const root = config.contracts;
  const files = await discover(root);
  // One store for the whole build: each file is read and parsed once, for the IR and for the lifecycle.
  const store = new ContractStore({ root, allow: config.lint.allowRefs, limits: config.lint.limits });
  const read = await mapLimit(files, CONCURRENCY, (file) => readApi(file, root, config.lint.allowRefs, store));
  const apis = read.filter((a): a is SiteApi => a !== undefined).sort((a, b) => a.path.localeCompare(b.path));
  const readable = apis.filter((a) => a.ir);

  const [statuses, histories] = await Promise.all([
    lifecycleOf(config, readable, today, options.broker !== false, store),
    options.changelog === false ? Promise.resolve(undefined) : changelogOf(config, readable, today),
  ]);
  for (const api of apis) {
    const status = statuses.report.apis.find((s) => s.path === api.path);
    if (status) {
      api.status = status;
      api.stage = status.stage;
      api.owner = status.owner;
    }
    const history = histories?.get(api.path);
    if (history) api.changelog = history;
  }

  const pacts = options.pacts === false ? undefined : (options.pacts ?? config.docs.pacts);
  if (pacts) await consumersFromPactFiles(apis, pacts, config);
  const broker = statuses.report.broker;
  if (broker && broker.error === null) await consumersFromBroker(apis, config).catch(() => undefined);

  return {
    today,
    apis,
    graph: buildInteractionGraph(apis),
    consumers: { pacts: pacts ? relative(config.dir, pacts) || '.' : null, broker },
    title: config.docs.title ?? basename(config.dir),
  };
}

/** One contract file: read into its IR, or broken with its error; undefined when it is no contract at all (a shared schema file). */
async function readApi(file: string, root: string, allowRefs: string[], store: ContractStore): Promise<SiteApi | undefined> {
  const path = relative(root, file).split(sep).join('/');
  const service = path.includes('/') ? path.slice(0, path.indexOf('/')) : path.replace(/\.[^.]+$/, '');
  const kind = /asyncapi/i.test(basename(file)) ? 'asyncapi' : 'openapi';
  const base = {
    path,
    service,
    href: `apis/${path.replace(/\.(ya?ml|json)$/i, '')}.html`,
    stage: null,
    owner: null,
    consumers: new Map<string, OperationConsumer[]>(),
  };
  try {
    const loaded = await loadIR(file, { root, allowRefs, store });
    const info = loaded.kind === 'openapi' ? loaded.api : loaded.messaging;
    const ir =
      loaded.kind === 'openapi'
        ? { kind: 'openapi' as const, api: loaded.api }
        : { kind: 'asyncapi' as const, messaging: loaded.messaging };
    return {
      ...base,
      kind: loaded.kind,
      title: info.title,
      version: info.version,
      ...(loaded.contract.convertedFrom ? { convertedFrom: loaded.contract.convertedFrom } : {}),
      ir,
      files: loaded.sources.map((s) => siteFile(s.file, root, s.text)),
      sources: loaded.sources,
    };
  } catch (error) {
    if (error instanceof InputError && error.code === 'not-a-contract') return undefined;
    const message = error instanceof InputError ? error.message : `apilife could not read it: ${(error as Error).message}`;
    return {
      ...base,
      kind,
      title: path,
      version: '',
      error: message.replaceAll(`${root}${sep}`, ''),
      files: [siteFile(file, root, (await store.load(file)).text)],
    };
  }
}

function siteFile(file: string, root: string, text: string): SiteFile {
  const path = relative(root, file).split(sep).join('/');
  return { path, file, text, href: `files/${path}.html`, rawHref: `files/${path}` };
}

/** Stages, owners and deprecations on `today` (and the broker's consumers per API, when one is configured). */
async function lifecycleOf(config: ProjectConfig, apis: readonly SiteApi[], today: string, askBroker: boolean, store: ContractStore) {
  const files = apis.map((a) => join(config.contracts, a.path));
  const listed = apis.length === 0 ? [] : await listApis(config, files, { unreadable: 'skip', store });
  const report = lifecycleStatus(listed, today, config.dir);
  return { report: askBroker ? await withBrokerConsumers(report, listed, config) : report };
}

/** Each API's changelog, by its path; none outside a git repository. */
async function changelogOf(config: ProjectConfig, apis: readonly SiteApi[], today: string): Promise<Map<string, ApiChangelog> | undefined> {
  if (apis.length === 0) return undefined;
  try {
    const report = await readChangelog(config, { apis: apis.map((a) => a.path), today });
    return new Map(report.apis.map((log) => [log.api, log]));
  } catch (error) {
    if (error instanceof InputError) return undefined;
    throw error;
  }
}

/** The consumers each pact file in `folder` names, per operation of its provider. */
async function consumersFromPactFiles(apis: SiteApi[], folder: string, config: ProjectConfig): Promise<void> {
  // Regular files only: a FIFO named `*.json` in the pacts folder would block its read forever.
  const names = (await readdir(folder).catch(() => [] as string[]))
    .filter((f) => f.endsWith('.json') && isRegularFile(join(folder, f)))
    .sort();
  const texts = await Promise.all(names.map(async (name) => ({ name, text: await readFile(join(folder, name), 'utf8') })));
  await addPacts(
    apis,
    texts.map((t) => ({ text: t.text, source: relative(config.dir, join(folder, t.name)) })),
    config,
  );
}

/** The consumer versions deployed or released in any environment, and their pacts with each service. */
async function consumersFromBroker(apis: SiteApi[], config: ProjectConfig): Promise<void> {
  const connection = brokerConnection({}, config);
  if (!connection) return;
  const client = new HalClient(connection);
  try {
    const live = await liveVersions(client);
    const services = [...new Set(apis.filter((a) => a.ir).map((a) => a.service))];
    const pairs = services.flatMap((service) => live.filter((v) => v.pacticipant !== service).map((v) => ({ service, v })));
    const texts = await mapLimit(pairs, BROKER_CONCURRENCY, async ({ service, v }) => {
      const text = await pactOf(client, service, v.pacticipant, v.version);
      return text === undefined ? undefined : { text, source: `${v.pacticipant} ${v.version} (broker)` };
    });
    await addPacts(
      apis,
      texts.filter((t) => t !== undefined),
      config,
    );
  } catch (error) {
    if (!(error instanceof BrokerRequestError)) throw error;
  }
}

/** Maps every interaction of the pacts to the operations of its provider's contracts, as `apilife pact check` does. */
async function addPacts(apis: SiteApi[], pacts: { text: string; source: string }[], config: ProjectConfig): Promise<void> {
  const providers = new Map<string, Promise<ProviderContracts | undefined>>();
  for (const { text, source } of pacts) {
    const { pact } = readPactText(text, source);
    if (!pact) continue;
    const service = pact.provider;
    const own = apis.filter((a) => a.service === service && a.ir);
    if (own.length === 0) continue;
    if (!providers.has(service))
      providers.set(
        service,
        ProviderContracts.load(config.contracts, service, { allowRefs: config.lint.allowRefs }).catch(() => undefined),
      );
    const provider = await providers.get(service);
    if (!provider) continue;
    for (const use of interactionsOn(provider, pact)) {
      const api = own.find((a) => a.kind === use.kind);
      if (!api?.ir) continue;
      const ids =
        api.ir.kind === 'openapi'
          ? api.ir.api.operations.filter((o) => use.subjects.includes(`${o.method.toUpperCase()} ${o.path}`)).map((o) => o.operationId)
          : api.ir.messaging.operations.filter((o) => use.subjects.includes(o.operationId)).map((o) => o.operationId);
      for (const id of ids) {
        const list = api.consumers.get(id) ?? [];
        const entry = list.find((c) => c.consumer === pact.consumer && c.source === source);
        if (entry) entry.interactions.push(use.description);
        else list.push({ consumer: pact.consumer, source, interactions: [use.description] });
        api.consumers.set(id, list);
      }
    }
  }
  for (const api of apis)
    for (const list of api.consumers.values())
      list.sort((a, b) => a.consumer.localeCompare(b.consumer) || a.source.localeCompare(b.source));
}
