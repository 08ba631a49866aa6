import { constants, existsSync, statSync } from 'node:fs';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { CONFIG_FILES, InputError, loadProjectConfig, parseProjectConfig, type ProjectConfig } from '@apilife/contract';
import { parse } from 'yaml';
import { exampleGenerateEntry, isServiceName, planNewApi, type NewApiKind } from '../new-api.ts';
import { addScripts } from './package-scripts.ts';
import { configTemplate, GITIGNORE_LINES, INIT_SCRIPTS, REDOCLY_CONFIG, SPECTRAL_RULESET, workflowTemplate } from './init-files.ts';

/** What `apilife init` is asked for. */
export interface InitOptions {
  /** The project folder (absolute); it must exist. */
  dir: string;
  /** The first API's service folder (default: from package.json's name, else the folder's name). */
  service?: string;
  kinds: readonly NewApiKind[];
  /** Write `.github/workflows/apilife.yml` (default true). */
  ci: boolean;
  /** Overwrite the files it writes when they exist (never a contract). */
  force: boolean;
}

/** One file of the plan: what `init` does with it. `merge` adds scripts to an existing package.json. */
export interface InitFile {
  /** Relative to the project folder, with `/`. */
  path: string;
  action: 'create' | 'overwrite' | 'merge' | 'keep';
  /** The new text (absent for `keep`). */
  text?: string;
  /** Why it is kept, or which scripts were added / kept. */
  note?: string;
}

/** The plan of `apilife init`: the service, the files and the commands to run next. */
export interface InitPlan {
  dir: string;
  service: string;
  files: InitFile[];
  next: string[];
}

/**
 * Plans a project set up for apilife in `dir`: `apilife.config.yaml` (with its JSON Schema for
 * editors), `.spectral.yaml` extending the house rules, `redocly.yaml`, the first contract from the
 * `apilife new` template, package.json scripts and a GitHub workflow using the reusable action.
 * A file that exists is kept unless `force` (contracts are always kept); scripts are added to an
 * existing package.json without touching the rest. Same folder, same plan: a second run keeps
 * everything. Throws `InputError` for a folder that is missing or not writable, or a bad service name.
 * @example
 * const plan = await planInit({ dir, kinds: ['openapi'], ci: true, force: false });
 * await writeInit(plan);
 */
export async function planInit(options: InitOptions): Promise<InitPlan> {
  const { dir } = options;
  await assertWritableFolder(dir);
  const pkgFile = join(dir, 'package.json');
  const pkgText = existsSync(pkgFile) ? await readFile(pkgFile, 'utf8') : undefined;
  const service = options.service ?? defaultService(dir, pkgText);
  if (!isServiceName(service))
    throw new InputError(
      `"${service}" is not a service name: use kebab-case (lower-case letters, digits and single dashes, starting with a letter); pass --service <name>`,
      undefined,
      { code: 'bad-service-name' },
    );
  const title = service
    .split('-')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');
  const generate = options.kinds.map((kind) => ({
    contract: `contracts/${service}/${kind}.yaml`,
    out: `src/generated/${service}${kind === 'asyncapi' ? '-messaging' : ''}`,
  }));
  const configText = configTemplate({ title: `${title} APIs`, generate });
  // The contracts go where the project's config says, when it has one already (yaml, json or ts).
  // With --force, apilife.config.yaml is rewritten: the new one says where the contracts go.
  const existingConfig = CONFIG_FILES.map((name) => join(dir, name)).find(
    (path) => existsSync(path) && !(options.force && basename(path) === 'apilife.config.yaml'),
  );
  const config: ProjectConfig = existingConfig
    ? await loadProjectConfig(dir, existingConfig)
    : parseProjectConfig(parse(configText), dir, join(dir, 'apilife.config.yaml'));
  const files: InitFile[] = [];
  const file = (path: string, text: string) => {
    const exists = existsSync(join(dir, path));
    if (!exists) files.push({ path, action: 'create', text });
    else if (options.force) files.push({ path, action: 'overwrite', text });
    else files.push({ path, action: 'keep', note: 'it exists (--force overwrites it)' });
  };
  if (existingConfig && basename(existingConfig) !== 'apilife.config.yaml')
    files.push({ path: basename(existingConfig), action: 'keep', note: 'the project’s config (no second one is written)' });
  else file('apilife.config.yaml', configText);
  file('.spectral.yaml', SPECTRAL_RULESET);
  file('redocly.yaml', REDOCLY_CONFIG);
  for (const kind of options.kinds) {
    const contract = join(config.contracts, service, `${kind}.yaml`);
    const path = relative(dir, contract).split('\\').join('/');
    if (existsSync(contract)) files.push({ path, action: 'keep', note: 'it exists (a contract is never overwritten)' });
    else files.push({ path, action: 'create', text: planNewApi(config, { service, kinds: [kind] }).contracts[0]!.text });
  }
  files.push(packageJson(pkgText, service));
  files.push(await gitignore(join(dir, '.gitignore')));
  const packageManager = existsSync(join(dir, 'pnpm-lock.yaml')) ? 'pnpm' : 'npm';
  if (options.ci) file('.github/workflows/apilife.yml', workflowTemplate({ packageManager }));
  const run = packageManager === 'pnpm' ? 'pnpm' : 'npm run';
  const next = [
    ...(/"@apilife\/cli"/.test(pkgText ?? '') ? [] : [`${packageManager === 'pnpm' ? 'pnpm add -D' : 'npm i -D'} @apilife/cli`]),
    `${run} api:lint`,
    ...(config.generate.length > 0 || !existingConfig
      ? [`${run} api:generate    (then commit the generated code: CI runs apilife generate --check)`]
      : [
          `add generate entries to ${basename(existingConfig)}, e.g. ${options.kinds.map((kind) => exampleGenerateEntry(config, { file: join(config.contracts, service, `${kind}.yaml`), kind, service })).join(', ')}; then ${run} api:generate`,
        ]),
    `fill in ${relative(dir, join(config.contracts, service)).split('\\').join('/')}/ (TO FILL IN, the planning facts), then apilife lifecycle promote ${service} design`,
    `${run} api:check    (on a branch: the policy against the base, as the pull request's check does)`,
    `${run} api:docs`,
  ];
  return { dir, service, files, next };
}

/** Writes what the plan creates, overwrites or merges; kept files are not touched. */
export async function writeInit(plan: InitPlan): Promise<void> {
  for (const file of plan.files) {
    if (file.action === 'keep' || file.text === undefined) continue;
    const path = join(plan.dir, file.path);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, file.text, file.action === 'create' ? { flag: 'wx' } : {});
  }
}

/** package.json: a new one with the scripts, or the scripts added to the project's (its own scripts of the same name are kept, even with --force). */
function packageJson(text: string | undefined, service: string): InitFile {
  if (text === undefined) {
    const pkg = { name: service, private: true, type: 'module', scripts: INIT_SCRIPTS };
    return { path: 'package.json', action: 'create', text: `${JSON.stringify(pkg, null, 2)}\n` };
  }
  let merged: ReturnType<typeof addScripts>;
  try {
    merged = addScripts(text, INIT_SCRIPTS);
  } catch (error) {
    throw new InputError(`package.json: ${(error as Error).message}`, 'package.json', { code: 'bad-package-json', cause: error });
  }
  const kept = merged.kept.length > 0 ? `kept the scripts it has: ${merged.kept.join(', ')}` : '';
  if (merged.added.length === 0) return { path: 'package.json', action: 'keep', note: kept || 'has the scripts' };
  return {
    path: 'package.json',
    action: 'merge',
    text: merged.text,
    note: [`added ${merged.added.join(', ')}`, kept].filter(Boolean).join('; '),
  };
}

/** .gitignore: the lines apilife's outputs need, added at the end of the project's when missing. */
async function gitignore(path: string): Promise<InitFile> {
  const text = existsSync(path) ? await readFile(path, 'utf8') : undefined;
  const have = new Set((text ?? '').split(/\r?\n/).map((line) => line.trim().replace(/^\//, '')));
  const missing = GITIGNORE_LINES.filter((line) => !have.has(line) && !have.has(line.replace(/\/$/, '')));
  if (text === undefined)
    return { path: '.gitignore', action: 'create', text: `# apilife: the lint cache and the portal\n${missing.join('\n')}\n` };
  if (missing.length === 0) return { path: '.gitignore', action: 'keep', note: 'has the lines' };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const body = `${text}${text === '' || text.endsWith('\n') ? '' : eol}# apilife: the lint cache and the portal${eol}${missing.join(eol)}${eol}`;
  return { path: '.gitignore', action: 'merge', text: body, note: `added ${missing.join(', ')}` };
}

function defaultService(dir: string, pkgText: string | undefined): string {
  let name = basename(dir);
  try {
    const pkg = pkgText ? (JSON.parse(pkgText) as { name?: unknown }) : {};
    if (typeof pkg.name === 'string') name = pkg.name.replace(/^@[^/]+\//, '');
  } catch {
    // An unreadable package.json is reported when its scripts are merged.
  }
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+|-+$/g, '');
}

async function assertWritableFolder(dir: string): Promise<void> {
  let isFolder = false;
  try {
    isFolder = statSync(dir).isDirectory();
  } catch {
    throw new InputError(`${dir} does not exist: create it first (mkdir -p ${dir}), or run apilife init in the project's folder`, dir, {
      code: 'no-folder',
    });
  }
  if (!isFolder) throw new InputError(`${dir} is not a folder`, dir, { code: 'no-folder' });
  try {
    await access(dir, constants.W_OK);
  } catch {
    throw new InputError(`${dir} is not writable: nothing written`, dir, { code: 'not-writable' });
  }
}
