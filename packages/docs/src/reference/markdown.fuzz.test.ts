import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, html } from '../html.ts';
import { markdown } from './markdown.ts';
import { safeHref } from './markdown-inline.ts';

/**
 * Seeded fuzzing of what turns contract text into markup: whatever a description holds, the
 * output is only the tags and attributes the Markdown subset writes, every link target is one
 * `safeHref` accepts, and nothing throws. Inputs are built from the pieces attacks are made of.
 */
const PIECES = [
  '<',
  '>',
  '"',
  "'",
  '&',
  '`',
  '```',
  '*',
  '**',
  '_',
  '[',
  ']',
  '(',
  ')',
  '![',
  '#',
  '> ',
  '- ',
  '1. ',
  '\n',
  '\n\n',
  ' ',
  '  \n',
  'script',
  '/script',
  'img src=x onerror=alert(1)',
  'javascript:',
  'JaVaScRiPt:',
  'java\tscript:',
  'data:text/html,',
  'vbscript:',
  'http://a.example/',
  'mailto:a@b',
  '//evil.example',
  '#frag',
  '../up',
  '&#106;avascript:',
  '\u0000',
  '\u2028',
  'onload=',
  'style=',
  'title',
  '<http://x.example>',
  '<javascript:alert(1)>',
  '\\',
  '|',
  '~~~',
  'a',
  'text',
];
const HREFS = [
  'javascript:alert(1)',
  'JAVASCRIPT:alert(1)',
  ' javascript:alert(1)',
  'java\tscript:alert(1)',
  'java&#10;script:x',
  'data:text/html,<script>',
  'vbscript:x',
  '//evil.example/x',
  '\\\\evil.example',
  'http://a.example/x?y="z"',
  'https://a.example/<b>',
  'mailto:a@b.example',
  '#op-x',
  '../files/a.yaml',
  'relative/path',
  'file:///etc/passwd',
  'blob:x',
  '',
  'http://a.example/ "title"',
];
const piece = fc.constantFrom(...PIECES);
const link = fc
  .tuple(fc.constantFrom(...HREFS), fc.constantFrom('[', '![', '<'))
  .map(([href, open]) => (open === '<' ? `<${href}>` : `${open}label](${href})`));
const text = fc.array(fc.oneof(piece, piece, link), { maxLength: 40 }).map((parts) => parts.join(''));

const TAGS = new Set([
  'p',
  'ul',
  'ol',
  'li',
  'code',
  'pre',
  'strong',
  'em',
  'a',
  'br',
  'hr',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'span',
  'del',
]);
const ATTRIBUTES = new Set(['href', 'title', 'rel', 'class', 'start']);

/** What a browser would follow, judged without `safeHref`: http(s), mailto, a fragment or a relative path; never another host by `//`. */
function checkHref(attribute: string): void {
  const href = attribute.replace(/&(amp|quot|#39|lt|gt);/g, (_, e: string) => ({ amp: '&', quot: '"', '#39': "'", lt: '<', gt: '>' })[e]!);
  expect(href, 'no blanks or control characters').not.toMatch(/[\s\u0000-\u001f\u007f]/);
  expect(href, 'no other host by //').not.toMatch(/^[\\/]{2}/);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href)?.[1]?.toLowerCase();
  if (scheme !== undefined) expect(['http', 'https', 'mailto'], `scheme of ${href}`).toContain(scheme);
  expect(safeHref(href), `safeHref accepts ${href}`).toBe(href);
}

function checkMarkup(out: string): void {
  for (const [tag, name, attributes] of out.matchAll(/<\/?([A-Za-z][A-Za-z0-9]*)([^>]*)>/g)) {
    expect(TAGS.has(name!.toLowerCase()), `tag ${tag}`).toBe(true);
    const rest = attributes!.replace(/\s([a-z-]+)="([^"<>]*)"/g, (_, attribute: string, value: string) => {
      expect(ATTRIBUTES.has(attribute), `attribute ${attribute} in ${tag}`).toBe(true);
      if (attribute === 'href') checkHref(value);
      return '';
    });
    expect(rest.trim(), `left in ${tag}`).toBe('');
  }
  // Every `<` is a tag the subset writes; any other is escaped.
  expect(out.replace(/<\/?([A-Za-z][A-Za-z0-9]*)([^>]*)>/g, '')).not.toMatch(/[<>]/);
}

describe('markdown under fuzzing', () => {
  it('writes only the subset’s tags and attributes, and only safe links', () => {
    fc.assert(
      fc.property(text, (input) => checkMarkup(markdown(input).value)),
      { numRuns: 1500, seed: 18 },
    );
  });

  it('the html tag escapes anything interpolated into text and attributes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (value) => {
        const out = html`<p title="${value}">${value}</p>`.value;
        expect(out).toBe(`<p title="${escapeHtml(value)}">${escapeHtml(value)}</p>`);
        expect(escapeHtml(value)).not.toMatch(/[<>"']/);
      }),
      { numRuns: 1000, seed: 18 },
    );
  });
});
