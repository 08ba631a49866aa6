import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkLinks, decodeAttribute } from './site-links.ts';

const root = mkdtempSync(join(tmpdir(), 'apilife-site-links-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function site(files: Record<string, string>): string {
  const dir = mkdtempSync(join(root, 'site-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const API = '<h2 id="op-getThing">x</h2><h2 id="op-a&amp;b">y</h2><a href="../../index.html#top">home</a>';

describe('checkLinks', () => {
  it.each([
    ['a link to a page and its anchor', '<a href="apis/x/openapi.html#op-getThing">t</a>', []],
    ['an escaped anchor', '<a href="apis/x/openapi.html#op-a&amp;b">t</a>', []],
    ['an external page link', '<a href="https://example.com/team">t</a>', []],
    ['a missing file', '<a href="apis/y/openapi.html">t</a>', ['no file apis/y/openapi.html']],
    ['a missing anchor', '<a href="apis/x/openapi.html#op-nope">t</a>', ['no id "op-nope" in apis/x/openapi.html']],
    ['a missing anchor on the same page', '<a href="#nope">t</a>', ['no id "nope" in index.html']],
    ['a javascript: link', '<a href="javascript:alert(1)">t</a>', ['not a relative link']],
    ['an external script', '<script src="https://cdn.example.com/x.js"></script>', ['not a relative link']],
    ['an absolute path', '<link rel="stylesheet" href="/assets/portal.css">', ['absolute path (breaks file:// and path prefixes)']],
    ['a link out of the site', '<a href="../elsewhere.html">t</a>', ['leaves the site']],
  ])('%s', (_, body, want) => {
    const dir = site({ 'index.html': `<body id="top">${body}</body>`, 'apis/x/openapi.html': API });
    const { problems } = checkLinks(dir);
    expect(problems.map((p) => p.replace(/^.*: /, ''))).toEqual(want);
  });
});

describe('decodeAttribute', () => {
  it.each([
    ['a&amp;b', 'a&b'],
    ['&quot;&#39;&#x3c;&lt;', `"'<<`],
    ['&unknown;', '&unknown;'],
  ])('%s → %s', (given, want) => expect(decodeAttribute(given)).toBe(want));
});
