import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AREAS } from '../src/battery.ts';
import { CASES } from '../src/cases/index.ts';

/** The README's "Guarantees" section states each promise and names the case that tests it. */
const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('\n## Guarantees'), readme.indexOf('\n## ', readme.indexOf('\n## Guarantees') + 1));

describe('the README\'s "Guarantees" section', () => {
  it('exists', () => {
    expect(readme).toContain('\n## Guarantees');
  });

  it('names every case of the battery, and no case that is not one', () => {
    const named = new Set(
      [...section.matchAll(/`((?:[a-z0-9-]+)\.[a-z0-9.-]+)`/g)].map((m) => m[1]!).filter((id) => AREAS.some((a) => id.startsWith(`${a}.`))),
    );
    const ids = CASES.map((c) => c.id);
    expect(ids.filter((id) => !named.has(id))).toEqual([]);
    expect([...named].filter((id) => !ids.includes(id) && !ids.some((c) => c.startsWith(`${id}.`)))).toEqual([]);
  });

  it('every case states a promise in a sentence and belongs to a known area', () => {
    for (const c of CASES) {
      expect(c.promise, c.id).toMatch(/^[A-Z0-9].{20,}[.)]$/s);
      expect(AREAS, c.id).toContain(c.area);
      expect(c.id.startsWith(`${c.area}.`), c.id).toBe(true);
    }
  });
});
