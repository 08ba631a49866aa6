/** A semantic version (`MAJOR.MINOR.PATCH[-pre][+build]`), as `info.version` states it. */
export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  prerelease: string;
  text: string;
}

/** The kinds of version bump, least to most. */
export type Bump = 'none' | 'patch' | 'minor' | 'major';
const BUMPS: readonly Bump[] = ['none', 'patch', 'minor', 'major'];

const PATTERN = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/** Parses a version, or undefined when it is not semver. */
export function parseSemVer(text: string): SemVer | undefined {
  const match = PATTERN.exec(text.trim());
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), prerelease: match[4] ?? '', text };
}

/**
 * The bump from one version to the next: `major` when the major number grows, and so on; `none`
 * when equal or lower. Below 1.0.0 the minor number is the major one (`0.3.1 → 0.4.0` is a major
 * bump), as Cargo and npm's caret ranges read it.
 * @example
 * bumpOf(parseSemVer('1.4.2')!, parseSemVer('2.0.0')!) // 'major'
 */
export function bumpOf(from: SemVer, to: SemVer): Bump {
  if (compare(to, from) <= 0) return 'none';
  if (from.major === 0 && to.major === 0) return to.minor > from.minor ? 'major' : 'minor';
  if (to.major > from.major) return 'major';
  if (to.minor > from.minor) return 'minor';
  return 'patch';
}

/** Orders versions by precedence (a prerelease comes before its release). */
export function compare(a: SemVer, b: SemVer): number {
  const core = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (core !== 0) return Math.sign(core);
  if (a.prerelease === b.prerelease) return 0;
  if (a.prerelease === '') return 1;
  if (b.prerelease === '') return -1;
  return a.prerelease < b.prerelease ? -1 : 1;
}

/** True when `bump` is at least `needed`. */
export const atLeast = (bump: Bump, needed: Bump): boolean => BUMPS.indexOf(bump) >= BUMPS.indexOf(needed);

/**
 * The smallest version with the needed bump: `nextVersion('1.4.2', 'minor')` is `1.5.0`; below
 * 1.0.0 a major bump raises the minor number.
 */
export function nextVersion(from: SemVer, needed: Bump): string {
  if (needed === 'none') return from.text;
  if (needed === 'major') return from.major === 0 ? `0.${from.minor + 1}.0` : `${from.major + 1}.0.0`;
  if (needed === 'minor') return from.major === 0 ? `0.${from.minor}.${from.patch + 1}` : `${from.major}.${from.minor + 1}.0`;
  return `${from.major}.${from.minor}.${from.patch + 1}`;
}
