import { parseVersion, type SemVer } from '@apilife/spec';
import semver from 'semver';

export type { SemVer } from '@apilife/spec';

/** The kinds of version bump, least to most. */
export type Bump = 'none' | 'patch' | 'minor' | 'major';
const BUMPS: readonly Bump[] = ['none', 'patch', 'minor', 'major'];

/** Parses an `info.version`, or undefined when it is not a semantic version (see `parseVersion` in `@apilife/spec`). */
export const parseSemVer = (text: string): SemVer | undefined => parseVersion(text);

/**
 * The bump from one version to the next, as the `semver` package's `diff` names it: `major` for a
 * (pre)major step, `minor` for a (pre)minor one, `patch` for a (pre)patch one and for a later
 * prerelease of the same version (`1.0.0-alpha.2 → 1.0.0-alpha.10`); `none` when the new version
 * is not greater. A release is the bump its version makes (`2.0.0-rc.1 → 2.0.0` is major,
 * `1.2.0-rc.1 → 1.2.0` minor), so that `nextVersion` always answers a version this function
 * accepts. Below 1.0.0 each number moves up one place (`0.3.1 → 0.4.0` is major, `0.3.1 → 0.3.2`
 * minor), as Cargo and npm's caret ranges read them.
 * @example
 * bumpOf(parseSemVer('1.4.2')!, parseSemVer('2.0.0')!) // 'major'
 */
export function bumpOf(from: SemVer, to: SemVer): Bump {
  if (semver.lte(to, from)) return 'none';
  const step = semver.diff(from, to);
  const bump: Bump = step === 'major' || step === 'premajor' ? 'major' : step === 'minor' || step === 'preminor' ? 'minor' : 'patch';
  if (from.major !== 0 || to.major !== 0) return bump;
  return bump === 'patch' ? 'minor' : 'major'; // `0.0.0-rc.1 → 0.0.0` is a (pre)major step of 0.x too
}

/** Orders versions by precedence (a prerelease comes before its release; build metadata does not count). */
export const compare = (a: SemVer, b: SemVer): number => semver.compare(a, b);

/** True when `bump` is at least `needed`. */
export const atLeast = (bump: Bump, needed: Bump): boolean => BUMPS.indexOf(bump) >= BUMPS.indexOf(needed);

/**
 * The smallest version with the needed bump (`semver.inc`): `1.4.2` → `2.0.0` (major), `1.5.0`
 * (minor), `1.4.3` (patch); a prerelease goes to its release when that is enough (`2.0.0-rc.1` →
 * `2.0.0` for a major bump); below 1.0.0 a major bump raises the minor number and a minor bump the
 * patch number.
 */
export function nextVersion(from: SemVer, needed: Bump): string {
  if (needed === 'none') return from.raw;
  const step = from.major === 0 ? (needed === 'major' ? 'minor' : 'patch') : needed;
  return semver.inc(from, step) ?? from.raw;
}
