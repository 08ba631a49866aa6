import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { diffFiles, entryDocuments, formatChangelogChanges, type Change } from '@apilife/diff';
import { bundle, ContractStore, describeContract, InputError, isSupported, loadContracts, placeText, sameVersion, SUPPORTED_CONTRACTS, versionKey, type Lifecycle, type ProjectConfig } from '@apilife/spec';
import { blobsAt, commitsUpTo, contractsCommits, contractsRepo, createTrees, workingTreeBlobs, type Blobs } from './git-history.ts';
import { readWaivers } from './waivers.ts';

/** The commit id standing for the working tree when it differs from HEAD. */
export const UNCOMMITTED = 'uncommitted';

/** A change in a version's section, with the commit that made it. */
export type ChangelogChange = Change & { commit: string };

/** One section of an API's changelog: a version and every change made under it. */
export interface ChangelogVersion {
  version: string;
  /** The day of the commit that introduced the version, YYYY-MM-DD (`today` for the working tree). */
  date: string;
  /** The commits that changed the API under this version, oldest first (`uncommitted`: the working tree). */
  commits: string[];
  /** The API's first appearance. */
  first: boolean;
  /** How many of those commits changed the API without bumping the version. */
  unbumped: number;
  changes: ChangelogChange[];
  /** The waivers (in the newest contract) that name this version. */
  waivers: { rule: string; change?: string; subject?: string; reason: string }[];
}

/** A state of the API left out because the contract could not be read then. */
export interface SkippedSnapshot {
  commit: string;
  date: string;
  reason: string;
}

/** The changelog of one API (one contract). */
export interface ApiChangelog {
  /** Relative to the contracts root: `delivery/openapi.yaml`. */
  api: string;
  /** Relative to the repository's top folder: `contracts/delivery/openapi.yaml`. */
  path: string;
  file: string;
  title: string;
  /** Newest first. */
  versions: ChangelogVersion[];
  skipped: SkippedSnapshot[];
}

export interface ChangelogReport {
  /** The repository's top folder. */
  repository: string;
  /** Commits that changed the contracts root, plus the working tree when it differs from HEAD. */
  states: number;
  apis: ApiChangelog[];
}

export interface ChangelogOptions {
  /** APIs, relative to the contracts root (see `selectApis`); default every API in the working tree. */
  apis?: readonly string[];
  /** Only versions introduced after this git ref. */
  since?: string;
  /** The date of the working tree's state, YYYY-MM-DD (default today). */
  today?: string;
}

/** One state of the contracts root: a commit, or the working tree. */
interface Snapshot {
  commit: string;
  date: string;
  blobs: Blobs;
}

/** An API as one snapshot has it. */
type Probe = { ok: true; title: string; version: string; closure: string[]; content: string; lifecycle?: Lifecycle } | { ok: false; reason: string };

/** What one commit did to one API. */
interface Step {
  commit: string;
  date: string;
  from?: string;
  version: string;
  title: string;
  changes: Change[];
}

/**
 * Per-API changelogs from git history: every commit (first-parent, oldest first) that changed the
 * contracts root, plus the working tree when it differs from HEAD. For each API, states where the
 * entry file or a file it reaches through `$ref` changed are diffed with `apilife diff`; each diff
 * goes to the `info.version` of the newer state. States where the contract cannot be read are
 * skipped (and listed).
 * @example
 * const { apis } = await changelog(config, { apis: ['delivery/openapi.yaml'] });
 * console.log(formatChangelogMarkdown(apis[0]!));
 */
export async function changelog(config: ProjectConfig, options: ChangelogOptions = {}): Promise<ChangelogReport> {
  const root = config.contracts;
  const repo = await contractsRepo(root);
  const before = options.since === undefined ? undefined : await commitsUpTo(repo, options.since);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const commits = await contractsCommits(repo);
  const snapshots: Snapshot[] = await Promise.all(commits.map(async (c) => ({ commit: c.sha, date: c.date, blobs: await blobsAt(repo, c.sha) })));
  const working = await workingTreeBlobs(repo);
  const head = snapshots.at(-1)?.blobs ?? new Map<string, string>();
  if (working.size !== head.size || [...working].some(([path, blob]) => head.get(path) !== blob)) snapshots.push({ commit: UNCOMMITTED, date: today, blobs: working });

  const trees = createTrees(repo);
  const folders = new Map<string, Promise<string>>();
  const rootOf = (s: Snapshot) => {
    if (s.commit === UNCOMMITTED) return Promise.resolve(root);
    if (!folders.has(s.commit)) folders.set(s.commit, trees.write(s.blobs));
    return folders.get(s.commit)!;
  };
  const stores = new Map<string, ContractStore>();
  const probe = async (s: Snapshot, api: string): Promise<Probe> => {
    const at = await rootOf(s);
    if (!stores.has(at)) stores.set(at, new ContractStore({ root: at, allow: config.lint.allowRefs, limits: config.lint.limits }));
    return probeApi(at, api, stores.get(at)!);
  };
  try {
    const apis = options.apis ?? apiEntries(root);
    const logs: ApiChangelog[] = [];
    for (const api of apis) {
      const log = await apiHistory(api, snapshots, rootOf, probe, root);
      log.path = relative(repo.top, join(root, api)).split(sep).join('/');
      if (before) log.versions = log.versions.filter((v) => !before.has(v.commits[0]!));
      logs.push(log);
    }
    return { repository: repo.top, states: snapshots.length, apis: logs };
  } finally {
    await Promise.all([...folders.values()].map((f) => f.catch(() => undefined)));
    await trees.remove();
  }
}

/** Walks the snapshots for one API: diffs each readable state whose files changed with the last readable one. */
async function apiHistory(api: string, snapshots: Snapshot[], rootOf: (s: Snapshot) => Promise<string>, probe: (s: Snapshot, api: string) => Promise<Probe>, root: string): Promise<ApiChangelog> {
  const steps: Step[] = [];
  const skipped: SkippedSnapshot[] = [];
  let last: { snapshot: Snapshot; state: Extract<Probe, { ok: true }> } | undefined;
  // After an unreadable state any change may be the fix (a file added that a $ref needed).
  let unreadable: Blobs | undefined;
  for (const snapshot of snapshots) {
    const previous = unreadable ?? last?.snapshot.blobs ?? new Map<string, string>();
    const watched = unreadable ? new Set([...previous.keys(), ...snapshot.blobs.keys()]) : [api, ...(last?.state.closure ?? [])];
    if (![...watched].some((path) => snapshot.blobs.get(path) !== previous.get(path))) continue;
    const state = await probe(snapshot, api);
    unreadable = state.ok ? undefined : snapshot.blobs;
    if (!state.ok) {
      skipped.push({ commit: snapshot.commit, date: snapshot.date, reason: state.reason });
      continue;
    }
    if (last && state.content === last.state.content) {
      // Only parts of shared files this API does not use changed.
      last = { snapshot, state };
      continue;
    }
    const step: Step = { commit: snapshot.commit, date: snapshot.date, version: state.version, title: state.title, changes: [] };
    if (last) {
      const [oldRoot, newRoot] = [await rootOf(last.snapshot), await rootOf(snapshot)];
      try {
        const result = await diffFiles(join(oldRoot, api), join(newRoot, api), { oldRoot, newRoot, today: snapshot.date });
        const moved = (place: Change['old'], from: string) => place && { ...place, file: join(root, relative(from, place.file)) };
        step.changes = result.changes.map((c) => ({ ...c, ...(c.old ? { old: moved(c.old, oldRoot)! } : {}), ...(c.new ? { new: moved(c.new, newRoot)! } : {}) }));
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        skipped.push({ commit: snapshot.commit, date: snapshot.date, reason: error.message.replaceAll(`${newRoot}/`, '').replaceAll(`${oldRoot}/`, '') });
        unreadable = snapshot.blobs;
        continue;
      }
      step.from = last.state.version;
    }
    steps.push(step);
    last = { snapshot, state };
  }
  const newest = last?.state;
  return { api, path: api, file: join(root, api), title: newest?.title ?? api, versions: sections(steps, newest?.lifecycle), skipped };
}

/** Groups steps by version (first introduced, last listed), merging commits made under one version (`1.2.0+build.1` and `1.2.0+build.2` are one). */
function sections(steps: Step[], lifecycle: Lifecycle | undefined): ChangelogVersion[] {
  const byVersion = new Map<string, ChangelogVersion>();
  for (const step of steps) {
    let section = byVersion.get(versionKey(step.version));
    if (!section) {
      section = { version: step.version, date: step.date, commits: [], first: step.from === undefined, unbumped: 0, changes: [], waivers: [] };
      byVersion.set(versionKey(step.version), section);
    } else if (step.from !== undefined && sameVersion(step.from, step.version)) section.unbumped++;
    section.commits.push(step.commit);
    const seen = new Set(section.changes.map(key));
    for (const change of step.changes) if (!seen.has(key(change))) section.changes.push({ ...change, commit: step.commit });
  }
  for (const waiver of lifecycle ? readWaivers(lifecycle) : []) {
    const { rule, change, subject, reason } = waiver;
    byVersion.get(versionKey(waiver.version))?.waivers.push({ rule, ...(change ? { change } : {}), ...(subject ? { subject } : {}), reason });
  }
  return [...byVersion.values()].reverse();
}

const key = (c: Change) => `${c.id}\0${c.subject}\0${c.message}`;

/** The title, version and `$ref` closure of one API in one tree, or why it cannot be read. */
async function probeApi(root: string, api: string, store: ContractStore): Promise<Probe> {
  const file = join(root, api);
  if (!existsSync(file)) return { ok: false, reason: `${api} does not exist in this commit` };
  const { model, diagnostics } = await loadContracts({ root, files: [file], store });
  const error = diagnostics.find((d) => d.severity === 'error');
  if (error) return { ok: false, reason: `${placeText(relative(root, error.file) || api, error.range.start)}: ${error.message}` };
  const doc = model.documents[0];
  if (!doc) return { ok: false, reason: `${api} is not an OpenAPI or AsyncAPI document in this commit` };
  if (!isSupported(doc)) return { ok: false, reason: `${api} is ${describeContract(doc)} in this commit; apilife reads ${SUPPORTED_CONTRACTS}` };
  const closure = [...doc.files.keys()].map((f) => relative(root, f).split(sep).join('/'));
  let content: string;
  try {
    // What the API is made of: the entry and only the parts of other files it reaches.
    content = createHash('sha1').update(JSON.stringify(bundle(doc, store.policy).document)).digest('hex');
  } catch (error) {
    if (error instanceof InputError) return { ok: false, reason: error.message.replaceAll(`${root}/`, '') };
    throw error;
  }
  return { ok: true, title: doc.title ?? api, version: doc.version ?? '', closure, content, ...(doc.lifecycle ? { lifecycle: doc.lifecycle } : {}) };
}

/** The APIs under the contracts root: entry documents outside `_` folders, relative to the root. */
function apiEntries(root: string): string[] {
  return entryDocuments(root)
    .map((p) => p.split(sep).join('/'))
    .filter((p) => !p.split('/').some((segment) => segment.startsWith('_')));
}

/**
 * Resolves what a user names to APIs (relative to the contracts root): a service folder (every
 * contract in it) or a contract path, relative to `cwd` or to the contracts root.
 */
export function selectApis(contractsRoot: string, selectors: readonly string[], cwd: string): string[] {
  const entries = apiEntries(contractsRoot);
  const chosen = new Set<string>();
  for (const selector of selectors) {
    const candidates = [resolve(cwd, selector), resolve(contractsRoot, selector)].map((p) => relative(contractsRoot, p).split(sep).join('/'));
    const found = candidates.map((rel) => entries.filter((e) => e === rel || (rel !== '' && !rel.startsWith('..') && e.startsWith(`${rel}/`)))).find((list) => list.length > 0);
    if (!found) {
      const services = [...new Set(entries.map((e) => e.split('/')[0]!))].join(', ');
      throw new InputError(`no API "${selector}" under ${contractsRoot}: name a service (${services}) or a contract file`, contractsRoot, { code: 'unknown-api' });
    }
    for (const api of found) chosen.add(api);
  }
  return [...chosen].sort();
}

/**
 * An API's changelog in markdown: `# <title> changelog`, then one `## <version> — <date>` section
 * per version, newest first, with breaking changes, deprecations, other changes and waivers.
 */
export function formatChangelogMarkdown(log: ApiChangelog, options: { since?: string } = {}): string {
  const out = [`# ${log.title} changelog`, '', `\`${log.path}\`, from its git history.`, ''];
  if (log.skipped.length > 0) {
    out.push('> States left out (the contract could not be read):', ...log.skipped.map((s) => `> - ${short(s.commit)} (${s.date}): ${s.reason}`), '');
  }
  if (log.versions.length === 0) out.push(options.since ? `No new version since ${options.since}.` : 'No version in the history.', '');
  for (const v of log.versions) {
    out.push(`## ${v.version || '(no version)'} — ${v.commits[0] === UNCOMMITTED ? 'uncommitted' : v.date}`, '');
    if (v.first) out.push(`- First version of ${log.title}.`, '');
    if (v.unbumped > 0) out.push(`> Changed in ${v.unbumped} commit${v.unbumped === 1 ? '' : 's'} without a version bump.`, '');
    out.push(...formatChangelogChanges(v.changes));
    if (v.changes.length === 0 && (!v.first || v.unbumped > 0)) out.push(`- ${v.first ? 'Later commits changed' : 'Changed'} descriptions, examples or formatting only (nothing \`apilife diff\` reports).`, '');
    if (v.waivers.length > 0) {
      out.push('### Waived', '', ...v.waivers.map((w) => `- ${w.rule}${w.change ? ` (${w.change})` : ''}${w.subject ? ` on ${w.subject}` : ''}: ${w.reason}`), '');
    }
  }
  return out.join('\n');
}

const short = (commit: string) => (commit === UNCOMMITTED ? commit : commit.slice(0, 7));
