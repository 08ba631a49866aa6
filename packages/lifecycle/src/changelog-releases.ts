import type { Change } from '@apilife/diff';
import { InputError, versionKey } from '@apilife/contract';
import type { ChangelogChange, ChangelogVersion, UnreleasedChanges } from './changelog.ts';

/** A readable state of one API, in history order, with what changed since the readable state before. */
export interface ReleaseState {
  snapshot: { commit: string; date: string };
  probe: { version: string; lifecycle?: { stage?: string } };
  /** What changed since the readable state before (none for the first). */
  changes: ChangelogChange[];
}

/** Compares two states of one API; an input error when `apilife diff` cannot read one. */
export type Compare<S extends ReleaseState> = (older: S, newer: S) => Promise<ChangelogChange[]>;

/**
 * Groups states into releases: a version is released by the first state that has it (a version
 * seen before is no new release: `1.2.0+build.2` is `1.2.0`, and going back to an earlier version
 * releases nothing). A release's changes are those between the release before and it (one diff
 * when several commits led to it, so a change made and undone between releases is not listed);
 * the states after the last release are unreleased.
 */
export async function releases<S extends ReleaseState>(
  states: S[],
  compare: Compare<S>,
): Promise<{ versions: ChangelogVersion[]; unreleased: UnreleasedChanges | null }> {
  const versions: ChangelogVersion[] = [];
  const seen = new Set<string>();
  let released: S | undefined;
  let pending: S[] = [];
  for (const state of states) {
    const version = state.probe.version;
    if (!released || !seen.has(versionKey(version))) {
      const changes = released ? await between(released, pending.concat(state), compare) : [];
      versions.push({
        version,
        date: state.snapshot.date,
        commits: [...pending, state].map((s) => s.snapshot.commit),
        first: !released,
        ...(state.probe.lifecycle?.stage !== undefined ? { stage: state.probe.lifecycle.stage } : {}),
        changes,
        waivers: [],
      });
      seen.add(versionKey(version));
      released = state;
      pending = [];
    } else pending.push(state);
  }
  const unreleased =
    released && pending.length > 0
      ? {
          version: released.probe.version,
          commits: pending.map((s) => s.snapshot.commit),
          changes: await between(released, pending, compare),
        }
      : null;
  return { versions, unreleased };
}

/**
 * The changes from `from` to the last of `states`: that state's own when it is the only one,
 * else one diff, each change credited to the newest commit that made it (or changed that place).
 */
async function between<S extends ReleaseState>(from: S, states: S[], compare: Compare<S>): Promise<ChangelogChange[]> {
  const to = states.at(-1)!;
  if (states.length === 1) return to.changes;
  let changes: ChangelogChange[];
  try {
    changes = await compare(from, to);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    // Each state was compared with the one before: list what each commit changed, once.
    const byKey = new Map(states.flatMap((s) => s.changes).map((c) => [key(c), c]));
    return [...byKey.values()];
  }
  const made = [...states].reverse().flatMap((s) => s.changes);
  // The same change, else the newest commit that changed something at the same place.
  const place = (c: Change) => `${c.subject}\0${(c.new ?? c.old)?.pointer}`;
  return changes.map((c) => ({
    ...c,
    commit: (made.find((m) => key(m) === key(c)) ?? made.find((m) => place(m) === place(c)) ?? c).commit,
  }));
}

const key = (c: Change) => `${c.id}\0${c.subject}\0${c.message}`;
