import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { diffFiles, entryDocuments, type Change } from '@apilife/diff';
import {
  bundle,
  ContractStore,
  InputError,
  loadContracts,
  placeText,
  versionKey,
  type Lifecycle,
  type ParsedSource,
  type ProjectConfig,
} from '@apilife/contract';
import { describeChange } from './change-text.ts';
import { releases, type Compare } from './changelog-releases.ts';
import { blobsAt, commitsUpTo, contractsCommits, contractsRepo, createTrees, workingTreeBlobs, type Blobs } from './git-history.ts';
import { readWaivers } from './waivers.ts';

/** The commit id standing for the working tree when it differs from HEAD. */
export const UNCOMMITTED = 'uncommitted';

/** A change in a release, with the commit that made it and a line a person reads. */
export type ChangelogChange = Change & {
  commit: string;
  /** What changed, in words, without JSON pointers (`property \`total\` of the 200 response became a string (was an integer)`). */
  text: string;
};

/** One release of an API: a version as it first appears along the history, and what it changed since the release before. */
export interface ChangelogVersion {
  version: string;
  /** The day of the commit that released it (its first with this version), YYYY-MM-DD (`today` for the working tree). */
  date: string;
  /** The commits that changed the API since the release before, oldest first; the last one released it (`uncommitted`: the working tree). */
  commits: string[];
  /** The API's first appearance: its introduction, with no changes listed. */
  first: boolean;
  /** Its lifecycle stage (`info.x-lifecycle.stage`) in the state that released it, when it has one. */
  stage?: string;
  /** What changed between the release before and this one. */
  changes: ChangelogChange[];
  /** The waivers (in the newest contract) that name this version. */
  waivers: { rule: string; change?: string; subject?: string; reason: string }[];
}

/** Changes after the last release that no version bump has released yet (Keep a Changelog's "Unreleased"). */
export interface UnreleasedChanges {
  /** The version the contract still says (the last release's). */
  version: string;
  /** The commits that changed the API since the last release, oldest first (`uncommitted`: the working tree). */
  commits: string[];
  changes: ChangelogChange[];
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
  /** Releases, newest first. */
  versions: ChangelogVersion[];
  /** What changed after the last release, or null when nothing did. */
  unreleased: UnreleasedChanges | null;
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
  /** Only versions released after this git ref (and unreleased changes made after it). */
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
type Probe =
  | { ok: true; title: string; version: string; closure: string[]; content: string; document: unknown; lifecycle?: Lifecycle }
  | { ok: false; reason: string };

/** A readable state of one API whose content differs from the state before it. */
interface State {
  snapshot: Snapshot;
  probe: Extract<Probe, { ok: true }>;
  /** What changed since the readable state before (none for the first). */
  changes: ChangelogChange[];
}

/**
 * Per-API changelogs from git history: every commit (first-parent, oldest first) that changed the
 * contracts root, plus the working tree when it differs from HEAD. For each API, states where the
 * entry file or a file it reaches through `$ref` changed are read; a version is released by the
 * first state that has it (`info.version`), and its section lists what `apilife diff` finds between
 * the release before and that state, so commits made before the bump belong to the version that
 * first ships them. Changes after the last release are "unreleased". States where the contract
 * cannot be read are skipped (and listed).
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
  const snapshots: Snapshot[] = await Promise.all(
    commits.map(async (c) => ({ commit: c.sha, date: c.date, blobs: await blobsAt(repo, c.sha) })),
  );
  const working = await workingTreeBlobs(repo);
  const head = snapshots.at(-1)?.blobs ?? new Map<string, string>();
  if (working.size !== head.size || [...working].some(([path, blob]) => head.get(path) !== blob))
    snapshots.push({ commit: UNCOMMITTED, date: today, blobs: working });

  const trees = createTrees(repo);
  const folders = new Map<string, Promise<string>>();
  const rootOf = (s: Snapshot) => {
    if (s.commit === UNCOMMITTED) return Promise.resolve(root);
    if (!folders.has(s.commit)) folders.set(s.commit, trees.write(s.blobs));
    return folders.get(s.commit)!;
  };
  const stores = new Map<string, ContractStore>();
  // Most files are the same text in most states: each text is parsed once for the whole history.
  const parsed = new Map<string, ParsedSource>();
  const storeAt = (at: string) => {
    if (!stores.has(at)) stores.set(at, new ContractStore({ root: at, allow: config.lint.allowRefs, limits: config.lint.limits, parsed }));
    return stores.get(at)!;
  };
  const probe = async (s: Snapshot, api: string): Promise<Probe> => {
    const at = await rootOf(s);
    return probeApi(at, api, storeAt(at));
  };
  try {
    const apis = options.apis ?? apiEntries(root);
    const logs: ApiChangelog[] = [];
    for (const api of apis) {
      const compare: Compare<State> = async (older, newer) => {
        const [oldRoot, newRoot] = [await rootOf(older.snapshot), await rootOf(newer.snapshot)];
        const result = await diffFiles(join(oldRoot, api), join(newRoot, api), {
          oldRoot,
          newRoot,
          oldStore: storeAt(oldRoot),
          newStore: storeAt(newRoot),
          today: newer.snapshot.date,
        }).catch((error: unknown) => {
          if (!(error instanceof InputError)) throw error;
          throw new InputError(error.message.replaceAll(`${newRoot}/`, '').replaceAll(`${oldRoot}/`, ''), error.file, {
            code: error.code,
            cause: error,
          });
        });
        const moved = (place: Change['old'], from: string) => place && { ...place, file: join(root, relative(from, place.file)) };
        const documents = { old: older.probe.document, new: newer.probe.document };
        return result.changes.map((c) => ({
          ...c,
          ...(c.old ? { old: moved(c.old, oldRoot)! } : {}),
          ...(c.new ? { new: moved(c.new, newRoot)! } : {}),
          commit: newer.snapshot.commit,
          text: describeChange(c, documents),
        }));
      };
      const log = await apiHistory(api, snapshots, probe, compare, root);
      log.path = relative(repo.top, join(root, api)).split(sep).join('/');
      if (before) {
        const after = (commits: string[]) => !before.has(commits.at(-1)!);
        log.versions = log.versions.filter((v) => after(v.commits));
        if (log.unreleased && !after(log.unreleased.commits)) log.unreleased = null;
      }
      logs.push(log);
    }
    return { repository: repo.top, states: snapshots.length, apis: logs };
  } finally {
    await Promise.all([...folders.values()].map((f) => f.catch(() => undefined)));
    await trees.remove();
  }
}

/** Walks the snapshots for one API: each readable state whose files changed is compared with the last readable one. */
async function apiHistory(
  api: string,
  snapshots: Snapshot[],
  probe: (s: Snapshot, api: string) => Promise<Probe>,
  compare: Compare<State>,
  root: string,
): Promise<ApiChangelog> {
  const states: State[] = [];
  const skipped: SkippedSnapshot[] = [];
  let last: { snapshot: Snapshot; probe: Extract<Probe, { ok: true }> } | undefined;
  // After an unreadable state any change may be the fix (a file added that a $ref needed).
  let unreadable: Blobs | undefined;
  for (const snapshot of snapshots) {
    const previous = unreadable ?? last?.snapshot.blobs ?? new Map<string, string>();
    const watched = unreadable ? new Set([...previous.keys(), ...snapshot.blobs.keys()]) : [api, ...(last?.probe.closure ?? [])];
    if (![...watched].some((path) => snapshot.blobs.get(path) !== previous.get(path))) continue;
    const found = await probe(snapshot, api);
    unreadable = found.ok ? undefined : snapshot.blobs;
    if (!found.ok) {
      skipped.push({ commit: snapshot.commit, date: snapshot.date, reason: found.reason });
      continue;
    }
    if (last && found.content === last.probe.content) {
      // Only parts of shared files this API does not use changed.
      last = { snapshot, probe: found };
      continue;
    }
    const state: State = { snapshot, probe: found, changes: [] };
    const older = states.at(-1);
    if (older) {
      try {
        state.changes = await compare(older, state);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        skipped.push({ commit: snapshot.commit, date: snapshot.date, reason: error.message });
        unreadable = snapshot.blobs;
        continue;
      }
    }
    states.push(state);
    last = { snapshot, probe: found };
  }
  const newest = last?.probe;
  const { versions, unreleased } = await releases(states, compare);
  for (const waiver of newest?.lifecycle ? readWaivers(newest.lifecycle) : []) {
    const { rule, change, subject, reason } = waiver;
    versions
      .find((v) => versionKey(v.version) === versionKey(waiver.version))
      ?.waivers.push({ rule, ...(change ? { change } : {}), ...(subject ? { subject } : {}), reason });
  }
  return { api, path: api, file: join(root, api), title: newest?.title ?? api, versions: versions.reverse(), unreleased, skipped };
}

/** The title, version and `$ref` closure of one API in one tree, or why it cannot be read. */
async function probeApi(root: string, api: string, store: ContractStore): Promise<Probe> {
  const file = join(root, api);
  if (!existsSync(file)) return { ok: false, reason: `${api} does not exist in this commit` };
  const { model, diagnostics } = await loadContracts({ root, files: [file], store });
  const error = diagnostics.find((d) => d.severity === 'error');
  if (error) return { ok: false, reason: `${placeText(relative(root, error.file) || api, error.range.start)}: ${error.message}` };
  const doc = model.documents[0];
  if (!doc) return { ok: false, reason: `${api} is not an OpenAPI or AsyncAPI document in this commit` };
  const closure = [...doc.files.keys()].map((f) => relative(root, f).split(sep).join('/'));
  let document: unknown;
  try {
    // What the API is made of: the entry and only the parts of other files it reaches.
    document = bundle(doc, store.policy).document;
  } catch (error) {
    if (error instanceof InputError) return { ok: false, reason: error.message.replaceAll(`${root}/`, '') };
    throw error;
  }
  const content = createHash('sha1').update(JSON.stringify(document)).digest('hex');
  return {
    ok: true,
    title: doc.title ?? api,
    version: doc.version ?? '',
    closure,
    content,
    document,
    ...(doc.lifecycle ? { lifecycle: doc.lifecycle } : {}),
  };
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
    const candidates = [resolve(cwd, selector), resolve(contractsRoot, selector)].map((p) =>
      relative(contractsRoot, p).split(sep).join('/'),
    );
    const found = candidates
      .map((rel) => entries.filter((e) => e === rel || (rel !== '' && !rel.startsWith('..') && e.startsWith(`${rel}/`))))
      .find((list) => list.length > 0);
    if (!found) {
      const services = [...new Set(entries.map((e) => e.split('/')[0]!))].join(', ');
      throw new InputError(`no API "${selector}" under ${contractsRoot}: name a service (${services}) or a contract file`, contractsRoot, {
        code: 'unknown-api',
      });
    }
    for (const api of found) chosen.add(api);
  }
  return [...chosen].sort();
}
