import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { setAsyncApiValidationCache } from './asyncapi-parser.ts';
import { ConfigError } from './errors.ts';
import { parseGenerateConfig, type GenerateEntry } from './generate-config.ts';
import type { Limits } from './limits.ts';
import { parsePolicyConfig, type PolicyConfig } from './policy-config.ts';
import { isRegularFile } from './regular-file.ts';

/** The project configuration, `apilife.config.yaml` (or `.yml`/`.json`) at the repository root. */
export interface ProjectConfig {
  /** The file it was read from; undefined when defaults are used. */
  file?: string;
  /** Folder relative paths resolve against. */
  dir: string;
  /** The contracts root (absolute). */
  contracts: string;
  lint: LintConfig;
  /** What `apilife generate` writes: contract → targets → folder. Empty when not configured. */
  generate: GenerateEntry[];
  /** Versioning, deprecation and lifecycle rules (`apilife check`, `apilife lifecycle`). */
  policy: PolicyConfig;
  /** The Pact Broker the `pact` commands and the lifecycle gates talk to, when configured. */
  broker?: BrokerConfig;
  /** The API portal (`apilife docs`). */
  docs: DocsConfig;
}

/** `docs:` in the config: what `apilife docs build` and `serve` write and show. */
export interface DocsConfig {
  /** The portal's title (default: the name of the project's folder). */
  title?: string;
  /** Where the site is written (absolute; default `<config dir>/docs-site`). */
  out: string;
  /** The folder of pact files that name each operation's consumers (absolute; default `<config dir>/pacts` when it exists). */
  pacts?: string;
  /**
   * Where the team publishes the portal (`https://api.example.com/portal`, no trailing slash): SARIF
   * links each house rule to its page there. Unset: SARIF carries the rules' help without links.
   */
  url?: string;
}

/**
 * `broker:` in the config. The token is never written in the config: it is read from the
 * environment variable `tokenEnv` names (default APILIFE_BROKER_TOKEN, then PACT_BROKER_TOKEN).
 */
export interface BrokerConfig {
  /** The broker's base URL, e.g. http://127.0.0.1:9292 or https://broker.example.com. */
  url: string;
  /** The environment variable holding the bearer token. */
  tokenEnv?: string;
  /** The environment `apilife lifecycle promote … deploy` asks can-i-deploy about (default production). */
  environment?: string;
}

/**
 * The shape of `apilife.config.ts` (its default export) and of `apilife.config.yaml`.
 * Paths are relative to the config file.
 */
export interface ProjectConfigInput {
  /** The config's JSON Schema, for editor completion (not read by apilife). */
  $schema?: string;
  contracts?: string;
  lint?: {
    spectral?: string;
    redocly?: string;
    ignoreFile?: string;
    allowRefs?: string[];
    failSeverity?: 'error' | 'warn' | 'info' | 'hint';
    cache?: string | false;
    limits?: Partial<Limits>;
  };
  generate?: { contract: string; targets: ('types' | 'validators' | 'client' | 'server')[]; out: string }[];
  messaging?: unknown;
  policy?: {
    base?: string;
    stages?: Partial<
      Record<
        'plan' | 'design' | 'develop' | 'test' | 'deploy' | 'maintain' | 'deprecated' | 'retired',
        { breaking?: 'allow' | 'major' | 'forbid'; sunsetDays?: number }
      >
    >;
    rules?: Partial<Record<string, 'error' | 'warn' | 'off'>>;
    commands?: { tests?: string; verify?: string; docs?: string };
  };
  broker?: { url: string; tokenEnv?: string; environment?: string };
  docs?: { title?: string; out?: string; pacts?: string; url?: string };
}

/**
 * Types an `apilife.config.ts`.
 * @example
 * export default defineConfig({
 *   generate: [{ contract: 'contracts/delivery/openapi.yaml', targets: ['server'], out: 'services/delivery/src/generated/delivery' }],
 * });
 */
export function defineConfig(config: ProjectConfigInput): ProjectConfigInput {
  return config;
}

export interface LintConfig {
  /** Spectral ruleset file (absolute), if any. */
  spectral?: string;
  /** Redocly config file (absolute), if any. */
  redocly?: string;
  /** Suppressions file (absolute). */
  ignoreFile: string;
  /** Folders or URL prefixes `$ref`s may read besides the contracts root. */
  allowRefs: string[];
  failSeverity: 'error' | 'warn' | 'info' | 'hint';
  /** Cache folder (absolute), or false. */
  cache: string | false;
  limits: Partial<Limits>;
}

export const CONFIG_FILES = ['apilife.config.ts', 'apilife.config.mts', 'apilife.config.yaml', 'apilife.config.yml', 'apilife.config.json'];

/** Finds the config file from `cwd` upwards. */
export function findConfigFile(cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const name of CONFIG_FILES) if (existsSync(join(dir, name))) return join(dir, name);
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Loads the project config, or the defaults when there is none: contracts in `./contracts`
 * (or the current folder), `.spectral.yaml` and `redocly.yaml` beside the config when present.
 * Unknown keys and wrong types are config errors naming the key.
 */
export async function loadProjectConfig(cwd: string, explicit?: string): Promise<ProjectConfig> {
  const file = explicit ? resolve(cwd, explicit) : findConfigFile(cwd);
  const parsed = file ? (/\.m?ts$/.test(file) ? await importConfig(file) : await readConfigText(file)) : undefined;
  return parseProjectConfig(parsed, file ? dirname(file) : resolve(cwd), file);
}

/**
 * The project config from its parsed content (`undefined` or `null` for the defaults), as
 * {@link loadProjectConfig} reads it from `file` in `dir`: `apilife init` checks the config it is
 * about to write with it.
 */
export function parseProjectConfig(parsed: unknown, dir: string, file?: string): ProjectConfig {
  let raw: Record<string, unknown> = {};
  if (parsed !== null && parsed !== undefined) {
    if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError(`invalid config ${file}: expected a mapping`, file);
    raw = parsed as Record<string, unknown>;
  }
  const where = file ?? 'defaults';
  // `$schema` names the config's JSON Schema (@apilife/cli/schema/apilife.config.schema.json) for editors.
  const known = new Set(['$schema', 'contracts', 'lint', 'generate', 'messaging', 'policy', 'broker', 'docs']);
  for (const key of Object.keys(raw)) if (!known.has(key)) throw new ConfigError(`${where}: unknown key "${key}"`, file);
  str(raw.$schema, '$schema', where);
  const contracts = resolve(dir, str(raw.contracts, 'contracts', where) ?? (existsSync(join(dir, 'contracts')) ? 'contracts' : '.'));
  const lintRaw = (raw.lint ?? {}) as Record<string, unknown>;
  if (typeof lintRaw !== 'object' || Array.isArray(lintRaw)) throw new ConfigError(`${where}: lint must be a mapping`, file);
  const lintKeys = new Set(['spectral', 'redocly', 'ignoreFile', 'allowRefs', 'failSeverity', 'cache', 'limits']);
  for (const key of Object.keys(lintRaw)) if (!lintKeys.has(key)) throw new ConfigError(`${where}: unknown key "lint.${key}"`, file);
  const optionalFile = (value: unknown, key: string, fallback: string): string | undefined => {
    const given = str(value, key, where);
    if (given !== undefined) return resolve(dir, given);
    return existsSync(join(dir, fallback)) ? join(dir, fallback) : undefined;
  };
  const failSeverity = str(lintRaw.failSeverity, 'lint.failSeverity', where) ?? 'error';
  if (!['error', 'warn', 'info', 'hint'].includes(failSeverity))
    throw new ConfigError(`${where}: lint.failSeverity must be error, warn, info or hint`, file);
  const allowRefs = lintRaw.allowRefs ?? [];
  if (!Array.isArray(allowRefs) || allowRefs.some((a) => typeof a !== 'string'))
    throw new ConfigError(`${where}: lint.allowRefs must be a list of folders or URL prefixes`, file);
  const limits = (lintRaw.limits ?? {}) as Partial<Limits>;
  for (const [key, value] of Object.entries(limits)) {
    if (!['maxFileBytes', 'maxAliasCount', 'maxDepth', 'maxFiles', 'fetchTimeoutMs', 'maxExpandedNodes', 'maxExpansionRatio'].includes(key))
      throw new ConfigError(`${where}: unknown key "lint.limits.${key}"`, file);
    if (typeof value !== 'number' || !(value > 0)) throw new ConfigError(`${where}: lint.limits.${key} must be a positive number`, file);
  }
  const cache = lintRaw.cache === false ? false : resolve(dir, str(lintRaw.cache, 'lint.cache', where) ?? '.apilife-cache/lint');
  // @asyncapi/parser's results on this project's contracts are kept beside the lint cache.
  setAsyncApiValidationCache(cache === false ? undefined : join(dirname(cache), 'asyncapi-parser'));
  const config: ProjectConfig = {
    dir,
    contracts,
    lint: {
      ignoreFile: resolve(dir, str(lintRaw.ignoreFile, 'lint.ignoreFile', where) ?? '.apilife-lint-ignore.yaml'),
      allowRefs: (allowRefs as string[]).map((a) => (/^[a-z]+:\/\//i.test(a) ? a : resolve(dir, a))),
      failSeverity: failSeverity as LintConfig['failSeverity'],
      cache,
      limits,
    },
    generate: [],
    policy: parsePolicyConfig(raw.policy, where, file),
    docs: parseDocsConfig(raw.docs, dir, where, file),
  };
  config.generate = parseGenerateConfig(raw.generate, dir, where, file);
  if (file) config.file = file;
  const broker = parseBrokerConfig(raw.broker, where, file);
  if (broker) config.broker = broker;
  const spectral = optionalFile(lintRaw.spectral, 'lint.spectral', '.spectral.yaml');
  if (spectral) config.lint.spectral = spectral;
  const redocly = optionalFile(lintRaw.redocly, 'lint.redocly', 'redocly.yaml');
  if (redocly) config.lint.redocly = redocly;
  return config;
}

function parseBrokerConfig(raw: unknown, where: string, file: string | undefined): BrokerConfig | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${where}: broker must be a mapping`, file);
  const broker = raw as Record<string, unknown>;
  for (const key of Object.keys(broker))
    if (!['url', 'tokenEnv', 'environment'].includes(key))
      throw new ConfigError(
        `${where}: unknown key "broker.${key}"${key === 'token' ? ' (the token is read from the environment: set broker.tokenEnv)' : ''}`,
        file,
      );
  const url = str(broker.url, 'broker.url', where);
  if (url === undefined || !/^https?:\/\/[^/]/.test(url)) throw new ConfigError(`${where}: broker.url must be an http(s) URL`, file);
  const tokenEnv = str(broker.tokenEnv, 'broker.tokenEnv', where);
  if (tokenEnv !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(tokenEnv))
    throw new ConfigError(`${where}: broker.tokenEnv must be an environment variable name`, file);
  const environment = str(broker.environment, 'broker.environment', where);
  return { url: url.replace(/\/+$/, ''), ...(tokenEnv ? { tokenEnv } : {}), ...(environment ? { environment } : {}) };
}

function parseDocsConfig(raw: unknown, dir: string, where: string, file: string | undefined): DocsConfig {
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${where}: docs must be a mapping`, file);
  const docs = raw as Record<string, unknown>;
  for (const key of Object.keys(docs))
    if (!['title', 'out', 'pacts', 'url'].includes(key)) throw new ConfigError(`${where}: unknown key "docs.${key}"`, file);
  const title = str(docs.title, 'docs.title', where);
  const url = str(docs.url, 'docs.url', where);
  if (url !== undefined && !(URL.canParse(url) && /^https?:$/.test(new URL(url).protocol)))
    throw new ConfigError(`${where}: docs.url must be an absolute http(s) URL, got "${url}"`, file);
  const pacts = str(docs.pacts, 'docs.pacts', where) ?? (existsSync(join(dir, 'pacts')) ? 'pacts' : undefined);
  return {
    ...(title !== undefined ? { title } : {}),
    out: resolve(dir, str(docs.out, 'docs.out', where) ?? 'docs-site'),
    ...(pacts !== undefined ? { pacts: resolve(dir, pacts) } : {}),
    ...(url !== undefined ? { url: url.replace(/\/+$/, '') } : {}),
  };
}

function str(value: unknown, key: string, where: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ConfigError(`${where}: ${key} must be a string`);
  return value;
}

async function readConfigText(file: string): Promise<unknown> {
  let text: string;
  // `--config` names any path: a FIFO there would block the read below forever.
  if (existsSync(file) && !isRegularFile(file)) throw new ConfigError(`cannot read config ${file}: not a regular file`, file);
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`, file, { cause: error });
  }
  try {
    return file.endsWith('.json') ? JSON.parse(text) : parse(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new ConfigError(`invalid config ${file}: ${(error as Error).message.split('\n')[0]}`, file, { cause: error });
  }
}

/**
 * `apilife.config.ts` (or `.mts`): its default export. Node runs TypeScript itself where it strips
 * types (22.18+, 24); on older Nodes (20) tsx loads it when the project has it (an optional peer
 * dependency), and without tsx the error names the file and the ways out. No TypeScript loader is
 * needed to run apilife itself (docs/adr/0020-built-packages.md).
 */
async function importConfig(file: string): Promise<unknown> {
  const url = pathToFileURL(file).href;
  let module: { default?: unknown };
  try {
    module = (await import(url)) as { default?: unknown };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw cannotLoad(file, error);
    module = await importWithTsx(file, url);
  }
  if (module.default === undefined)
    throw new ConfigError(`${file}: export the config as default (export default defineConfig({ … }))`, file);
  return module.default;
}

async function importWithTsx(file: string, url: string): Promise<{ default?: unknown }> {
  let tsImport: typeof import('tsx/esm/api').tsImport;
  try {
    ({ tsImport } = await import('tsx/esm/api'));
  } catch (error) {
    const reason = `Node ${process.version} does not run TypeScript by itself: use Node 22.18 or later, add tsx to the project (npm i -D tsx), or write the config as apilife.config.yaml`;
    throw new ConfigError(`cannot load config ${file}: ${reason}`, file, { cause: error });
  }
  let module: { default?: unknown };
  try {
    module = (await tsImport(url, import.meta.url)) as { default?: unknown };
  } catch (error) {
    throw cannotLoad(file, error);
  }
  // Outside a `"type": "module"` package tsx runs the file as CommonJS: `export default` is then
  // the `default` of the module's exports.
  const exports = module.default as { __esModule?: boolean; default?: unknown } | undefined;
  return exports?.__esModule === true ? { default: exports.default } : module;
}

function cannotLoad(file: string, error: unknown): ConfigError {
  return new ConfigError(`cannot load config ${file}: ${(error as Error).message.split('\n')[0]}`, file, { cause: error });
}
