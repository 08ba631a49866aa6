import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { detectVersionProperties } from '@apilife/broker/client';
import type { BrokerSource, ConsumerVersionSelector, VerifyProviderOptions } from '@apilife/pact';
import { EXIT, UsageError, type CommandSpec } from '../command.ts';
import { BROKER_HELP, BROKER_OPTIONS, connectBroker, formatOf } from './pact-broker.ts';

/** `apilife pact verify`: a provider verified against its consumers' pacts from a broker (or files), with Pact's verifier. */
export const pactVerifyCommand: CommandSpec = {
  usage: 'apilife pact verify --provider <name> [--provider-base-url <url>] [--setup <module>] [selectors] [--publish] [--pact <file>...]',
  help: `Verifies a provider against its consumers' pacts with Pact's own verifier (@pact-foundation/pact,
which must be installed beside apilife): the pacts the broker selects for it (consumer version
selectors, pending and work-in-progress pacts), or local files with --pact. HTTP interactions are
replayed against --provider-base-url; provider states are set up, and messages produced, by a
--setup module or --state-change-url. With --publish the results go to the broker for the provider
version, and can-i-deploy reads them.

Options:
      --provider <name>          the provider's name in the pacts
      --provider-base-url <url>  where the provider listens (any URL: loopback, a test environment)
      --setup <module>           a JS or TS module (TS loads through tsx when it is installed) exporting either
                                 setup(): ProviderSetup (or a default function), or the parts themselves:
                                   stateHandlers  { "<state>": (params) => values? } (several tables: states: [...])
                                   producers      a generated pact.gen.ts producers() table (or messages), or
                                   messageProviders  Pact's own { "<description>": () => message }
                                   requestFilter  Pact's (req, res, next), or headers: () => ({ Authorization: … })
                                   providerBaseUrl, and close() to stop what setup started
      --state-change-url <url>   the provider's own provider-state endpoint (Pact's providerStatesSetupUrl)
      --provider-version <v>     the version the results belong to (default: the commit: GITHUB_SHA …, else git)
      --provider-branch <b>      its branch (default: the CI's branch variable, else git's current branch)
      --consumer-version-selectors '<json>'  the selectors, e.g. '[{"mainBranch":true},{"deployedOrReleased":true}]'
      --main-branch              shorthand: {"mainBranch":true}
      --matching-branch          shorthand: {"matchingBranch":true} (the consumer branch named like the provider's)
      --deployed-or-released     shorthand: {"deployedOrReleased":true}
      --environment <env>        shorthand: {"environment":"<env>"} (deployed or released there)
                                 (no selector given: mainBranch and deployedOrReleased)
      --enable-pending           failures of pacts this provider branch never verified do not fail the run
      --include-wip-pacts-since <YYYY-MM-DD>  also verify work-in-progress pacts published since then
      --publish                  publish the results to the broker (needs a provider version)
      --build-url <url>          the CI build, sent with the results (default: GitHub Actions' run URL, CI_JOB_URL, …)
      --pact <file>              verify these pact files (or folders) instead of the broker's (repeatable)
      --log-level <level>        Pact's log level: trace, debug, info, warn (default), error
${BROKER_HELP}
  -h, --help                     this help

Pact's report goes to standard output; with --format json one line of JSON follows it
({"ok", "provider", "source", "providerVersion", "published", "errors"}).

Exit codes: 0 verified (failures of pending pacts allowed); 1 an interaction failed, or no pact
was found for the provider; 2 usage errors (a bad selector, a setup module that cannot be loaded,
@pact-foundation/pact missing, no broker configured).

Examples:
  apilife pact verify --provider orders --provider-base-url http://127.0.0.1:8080 --setup test/pact/provider-setup.ts --publish
  apilife pact verify --provider orders --provider-base-url http://127.0.0.1:8080 --main-branch --matching-branch --enable-pending --include-wip-pacts-since 2026-01-01
  apilife pact verify --provider orders --provider-base-url http://127.0.0.1:8080 --pact pacts/web-orders.json`,
  options: {
    ...BROKER_OPTIONS,
    provider: { type: 'string' },
    'provider-base-url': { type: 'string' },
    setup: { type: 'string' },
    'state-change-url': { type: 'string' },
    'provider-version': { type: 'string' },
    'provider-branch': { type: 'string' },
    'consumer-version-selectors': { type: 'string' },
    'main-branch': { type: 'boolean' },
    'matching-branch': { type: 'boolean' },
    'deployed-or-released': { type: 'boolean' },
    environment: { type: 'string' },
    'enable-pending': { type: 'boolean' },
    'include-wip-pacts-since': { type: 'string' },
    publish: { type: 'boolean' },
    'build-url': { type: 'string' },
    pact: { type: 'string', multiple: true },
    'log-level': { type: 'string' },
  },
  async run({ values, positionals, output, cwd }) {
    const format = formatOf(values);
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" (pact files go after --pact)`);
    const provider = values.provider as string | undefined;
    if (!provider) throw new UsageError('give --provider');
    const logLevel = (values['log-level'] as string | undefined) ?? 'warn';
    if (!['trace', 'debug', 'info', 'warn', 'error'].includes(logLevel)) throw new UsageError(`unknown --log-level "${logLevel}"`);
    const pact = await loadPact();
    const files = values.pact as string[] | undefined;
    const broker = files ? undefined : await brokerSource(values, cwd);
    const setup = values.setup ? await loadSetup(resolve(cwd, values.setup as string), cwd) : {};
    const baseUrl = (values['provider-base-url'] as string | undefined) ?? setup.http?.baseUrl;
    if (!baseUrl && !setup.messages && !setup.messageProviders)
      throw new UsageError(
        'give --provider-base-url (or a --setup module that starts the provider and names its URL or message producers)',
      );
    const { http: setupHttp, close, ...parts } = setup;
    const options: VerifyProviderOptions = {
      ...parts,
      provider,
      ...(broker ? { broker } : { pacts: files!.map((f) => resolve(cwd, f)) }),
      ...(baseUrl ? { http: { ...setupHttp, baseUrl } } : {}),
      ...(values['state-change-url'] ? { stateChangeUrl: values['state-change-url'] as string } : {}),
      logLevel: logLevel as NonNullable<VerifyProviderOptions['logLevel']>,
    };
    const summary = {
      provider,
      source: broker ? 'broker' : 'files',
      providerVersion: broker?.providerVersion ?? null,
      published: broker?.publishVerificationResult === true,
    };
    try {
      await pact.verifyProvider(options);
    } catch (error) {
      if (!(error instanceof pact.ProviderVerificationError)) {
        if (error instanceof Error && /^verifyProvider: |no pact names provider/.test(error.message)) throw new UsageError(error.message);
        throw error;
      }
      if (format === 'json') output.result(JSON.stringify({ ok: false, ...summary, errors: error.results?.errors ?? [] }));
      output.error(`${provider} failed verification${summary.published ? ` (results published for ${summary.providerVersion})` : ''}`);
      return EXIT.findings;
    } finally {
      await close?.();
    }
    if (format === 'json') output.result(JSON.stringify({ ok: true, ...summary, errors: [] }));
    else output.info(`✓ ${provider} verified${summary.published ? ` · results published for ${summary.providerVersion}` : ''}`);
    return EXIT.ok;
  },
};

/** `@apilife/pact`, whose verifier needs the optional peer `@pact-foundation/pact`. */
async function loadPact(): Promise<typeof import('@apilife/pact')> {
  try {
    return await import('@apilife/pact');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && /@pact-foundation\/pact/.test((error as Error).message))
      throw new UsageError('apilife pact verify runs Pact\u2019s verifier: install it beside apilife (npm i -D @pact-foundation/pact@16)');
    throw error;
  }
}

/** The broker, selectors and provider version from the flags (the version and branch detected when not given). */
async function brokerSource(values: Record<string, unknown>, cwd: string): Promise<BrokerSource> {
  const { connection } = await connectBroker(values, cwd);
  const detected = detectVersionProperties(cwd);
  const providerVersion = (values['provider-version'] as string | undefined) ?? detected.version;
  const providerVersionBranch = (values['provider-branch'] as string | undefined) ?? detected.branch;
  const buildUrl = (values['build-url'] as string | undefined) ?? detected.buildUrl;
  const publish = values.publish === true;
  if (publish && !providerVersion) throw new UsageError('--publish needs --provider-version (no CI variable or git commit was found)');
  const wip = values['include-wip-pacts-since'] as string | undefined;
  if (wip !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(wip) || Number.isNaN(Date.parse(wip))))
    throw new UsageError(`--include-wip-pacts-since must be a date, YYYY-MM-DD (got "${wip}")`);
  const selectors = consumerVersionSelectors(values);
  return {
    url: connection.url,
    ...(connection.token ? { token: connection.token } : {}),
    ...(connection.username !== undefined ? { username: connection.username, password: connection.password ?? '' } : {}),
    ...(selectors ? { consumerVersionSelectors: selectors } : {}),
    enablePending: values['enable-pending'] === true,
    ...(wip ? { includeWipPactsSince: wip } : {}),
    ...(providerVersion ? { providerVersion } : {}),
    ...(providerVersionBranch ? { providerVersionBranch } : {}),
    ...(buildUrl ? { buildUrl } : {}),
    publishVerificationResult: publish,
  };
}

/** `--consumer-version-selectors` and the shorthand flags, in that order; undefined when none is given. */
export function consumerVersionSelectors(values: Record<string, unknown>): ConsumerVersionSelector[] | undefined {
  const selectors: ConsumerVersionSelector[] = [];
  const json = values['consumer-version-selectors'] as string | undefined;
  if (json !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (error) {
      throw new UsageError(`--consumer-version-selectors is not JSON: ${(error as Error).message}`);
    }
    const list = Array.isArray(parsed) ? parsed : [parsed];
    for (const selector of list) {
      if (typeof selector !== 'object' || selector === null || Array.isArray(selector))
        throw new UsageError('--consumer-version-selectors must be a JSON object or an array of objects, e.g. [{"mainBranch":true}]');
      for (const [key, value] of Object.entries(selector))
        if (!['string', 'boolean', 'number'].includes(typeof value))
          throw new UsageError(`--consumer-version-selectors: "${key}" must be a string, boolean or number`);
      selectors.push(selector as ConsumerVersionSelector);
    }
  }
  if (values['main-branch'] === true) selectors.push({ mainBranch: true });
  if (values['matching-branch'] === true) selectors.push({ matchingBranch: true });
  if (values['deployed-or-released'] === true && values.environment === undefined) selectors.push({ deployedOrReleased: true });
  if (values.environment !== undefined) selectors.push({ environment: values.environment as string });
  return selectors.length > 0 ? selectors : undefined;
}

/** What a `--setup` module contributes to `verifyProvider`, and how to stop what it started. */
type Setup = Partial<Pick<VerifyProviderOptions, 'http' | 'states' | 'messages' | 'messageProviders' | 'requestFilter'>> & {
  close?: () => Promise<void> | void;
};

/** Loads a `--setup` module (TypeScript through tsx, when tsx can be found from the project) and reads what it exports. */
async function loadSetup(file: string, cwd: string): Promise<Setup> {
  let module: Record<string, unknown>;
  try {
    module = await import(pathToFileURL(file).href);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_UNKNOWN_FILE_EXTENSION' && /^\.[mc]?ts$/.test(extname(file)) && (await registerTsx(cwd)))
      module = await import(`${pathToFileURL(file).href}?tsx`);
    else if (code === 'ERR_UNKNOWN_FILE_EXTENSION')
      throw new UsageError(`--setup ${file}: a TypeScript module needs tsx (npm i -D tsx), or give a JavaScript module`);
    else if (code === 'ERR_MODULE_NOT_FOUND' && (error as Error).message.includes(file))
      throw new UsageError(`--setup ${file}: no such module`);
    else throw error;
  }
  const make = typeof module.setup === 'function' ? module.setup : typeof module.default === 'function' ? module.default : undefined;
  const found = (make ? await (make as () => unknown)() : (module.default ?? module)) as Record<string, unknown> | undefined;
  if (typeof found !== 'object' || found === null) throw new UsageError(`--setup ${file}: setup() must answer an object`);
  const states = found.states ?? (found.stateHandlers ? [found.stateHandlers] : undefined);
  const messages = found.messages ?? found.producers;
  const http =
    (found.http as Setup['http']) ??
    (found.providerBaseUrl || found.headers
      ? { baseUrl: (found.providerBaseUrl as string) ?? '', ...(found.headers ? { headers: found.headers as never } : {}) }
      : undefined);
  return {
    ...(http ? { http } : {}),
    ...(states ? { states: states as Setup['states'] } : {}),
    ...(messages ? { messages: messages as Setup['messages'] } : {}),
    ...(found.messageProviders ? { messageProviders: found.messageProviders as Setup['messageProviders'] } : {}),
    ...(found.requestFilter ? { requestFilter: found.requestFilter as Setup['requestFilter'] } : {}),
    ...(typeof found.close === 'function' ? { close: found.close as Setup['close'] } : {}),
  };
}

/** Registers tsx's ESM loader from the project's dependencies (its `tsx/esm/api` import entry); false when tsx is not installed there. */
async function registerTsx(cwd: string): Promise<boolean> {
  try {
    const manifest = createRequire(join(cwd, 'package.json')).resolve('tsx/package.json');
    const exports = (JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: Record<string, { import?: { default?: string } }> }).exports;
    const entry = exports?.['./esm/api']?.import?.default;
    if (!entry) return false;
    const { register } = (await import(pathToFileURL(join(dirname(manifest), entry)).href)) as { register: () => unknown };
    register();
    return true;
  } catch {
    return false;
  }
}
