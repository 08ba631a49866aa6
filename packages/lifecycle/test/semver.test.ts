import { describe, expect, it } from 'vitest';
import { atLeast, bumpOf, compare, nextVersion, parseSemVer, type Bump } from '../src/index.ts';

const v = (text: string) => {
  const parsed = parseSemVer(text);
  if (!parsed) throw new Error(`${text} does not parse`);
  return parsed;
};

describe('semver: the bump between two versions', () => {
  it.each([
    ['1.2.3', '2.0.0', 'major'],
    ['1.2.3', '1.3.0', 'minor'],
    ['1.2.3', '1.2.4', 'patch'],
    ['1.2.3', '1.2.3', 'none'],
    ['1.2.3', '1.2.2', 'none'],
    ['0.3.1', '0.4.0', 'major'],
    ['0.3.1', '0.3.2', 'minor'],
    ['0.9.0', '1.0.0', 'major'],
    // Prereleases: numeric identifiers compare as numbers, a release follows its prereleases, and
    // every step along a prerelease line is the bump of the line (issue 14, item 9).
    ['1.0.0-alpha.2', '1.0.0-alpha.10', 'major'],
    ['1.0.0-alpha.10', '1.0.0-alpha.2', 'none'],
    ['1.0.0-alpha', '1.0.0-alpha.1', 'major'],
    ['1.0.0-alpha.beta', '1.0.0-beta', 'major'],
    ['1.0.0-beta.11', '1.0.0-rc.1', 'major'],
    ['1.2.0-rc.1', '1.2.0-rc.2', 'minor'],
    ['1.2.3-alpha.2', '1.2.3-alpha.10', 'patch'],
    ['1.2.3-rc.1', '1.3.0-rc.1', 'minor'],
    ['1.0.0-rc.1', '1.0.0', 'major'],
    ['2.0.0-rc.1', '2.0.0', 'major'],
    ['1.2.0-rc.1', '1.2.0', 'minor'],
    ['1.2.3-rc.1', '1.2.3', 'patch'],
    ['1.0.0', '1.0.0-rc.1', 'none'],
    ['1.2.3', '2.0.0-rc.1', 'major'],
    ['1.2.3', '1.3.0-beta', 'minor'],
    ['1.2.3', '1.2.4-beta', 'patch'],
    ['0.3.0-rc.1', '0.3.0', 'major'],
    ['0.3.0-alpha.2', '0.3.0-alpha.10', 'major'],
    ['0.3.1-alpha.2', '0.3.1-alpha.10', 'minor'],
    // Build metadata has no precedence.
    ['1.0.0+build.1', '1.0.0+build.2', 'none'],
    ['1.0.0+build.9', '1.0.1+build.1', 'patch'],
    ['1.0.0-rc.1+a', '1.0.0-rc.1+b', 'none'],
  ] as const)('%s → %s is %s', (from, to, bump) => expect(bumpOf(v(from), v(to))).toBe(bump));
});

describe('semver: the next version a needed bump asks for', () => {
  it.each([
    ['1.2.3', 'major', '2.0.0'],
    ['1.2.3', 'minor', '1.3.0'],
    ['1.2.3', 'patch', '1.2.4'],
    ['0.3.1', 'major', '0.4.0'],
    ['0.3.1', 'minor', '0.3.2'],
    // On a prerelease line whose bump is enough, the next prerelease: the line is not left.
    ['2.0.0-rc.1', 'major', '2.0.0-rc.2'],
    ['2.0.0-rc.1', 'patch', '2.0.0-rc.2'],
    ['1.2.0-rc.1', 'major', '2.0.0'],
    ['1.2.0-rc.1', 'minor', '1.2.0-rc.2'],
    ['1.2.3-rc.1', 'minor', '1.3.0'],
    ['1.0.0-alpha.10', 'patch', '1.0.0-alpha.11'],
    ['0.3.0-rc.1', 'major', '0.3.0-rc.2'],
    ['1.2.3+build.5', 'patch', '1.2.4'],
    ['1.2.3', 'none', '1.2.3'],
  ] as const)('from %s, a %s bump is %s', (from, bump, next) => expect(nextVersion(v(from), bump)).toBe(next));

  it('answers a version that bumpOf accepts for the bump it was asked for, from any version', () => {
    const cores = ['0.0.0', '0.0.3', '0.3.0', '0.3.1', '1.0.0', '1.2.0', '1.2.3', '2.0.0'];
    const tails = ['', '-alpha', '-alpha.2', '-rc.1', '-0', '+build.7', '-beta.11+sha.5114f85'];
    const needs: Bump[] = ['patch', 'minor', 'major'];
    const wrong: string[] = [];
    for (const core of cores) {
      for (const tail of tails) {
        const from = v(`${core}${tail}`);
        for (const need of needs) {
          const next = nextVersion(from, need);
          const bump = bumpOf(from, v(next));
          if (!atLeast(bump, need)) wrong.push(`${from.raw} → ${next} is ${bump}, not ${need}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('semver: what is a version', () => {
  it.each(['1.2.3', '0.0.0', '2.0.0-rc.1+build.5', '1.0.0-alpha.beta.1', '1.0.0-0.3.7', '1.0.0-x-y-z.--', '1.0.0+001', '10.20.30'])(
    '%s is a semantic version',
    (text) => {
      expect(parseSemVer(text)?.raw).toBe(text);
    },
  );

  it.each([
    '1.2',
    '01.2.3',
    '1.02.3',
    '1.2.3.4',
    'latest',
    '',
    'v2.0.1',
    '=1.2.3',
    ' 1.2.3',
    '1.2.3 ',
    '1.0.0-01',
    '1.0.0-alpha..1',
    '1.0.0-',
    '1.2.3+',
    '1.2.3+build..1',
    '1.0.0-al$pha',
  ])('"%s" is not', (text) => {
    expect(parseSemVer(text)).toBeUndefined();
  });

  it('orders prereleases before their release, numerically where identifiers are numbers', () => {
    const ordered = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.2',
      '1.0.0-alpha.10',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
    ];
    const shuffled = [...ordered].reverse().map(v);
    expect(shuffled.sort(compare).map((s) => s.raw)).toEqual(ordered);
    expect(compare(v('1.0.0+a'), v('1.0.0+b'))).toBe(0);
    expect(atLeast('major', 'minor')).toBe(true);
    expect(atLeast('patch', 'minor')).toBe(false);
  });
});
