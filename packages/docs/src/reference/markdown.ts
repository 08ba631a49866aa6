import { html, join, type Html } from '../html.ts';
import { inlineMarkdown } from './markdown-inline.ts';

/**
 * A contract description (CommonMark) as HTML, in the safe subset a reference needs: paragraphs,
 * headings (shown from `<h4>` down, under the page's own), bullet and ordered lists (nested by
 * indentation), block quotes, fenced code, and the inline subset of `inlineMarkdown`. Raw HTML is
 * never passed through: it is shown as text, like everything else the contract says.
 * @example
 * markdown('Use **`If-Match`**.') // <p>Use <strong><code>If-Match</code></strong>.</p>
 */
export function markdown(text: string | undefined): Html {
  if (text === undefined || text.trim() === '') return html``;
  return blocks(text.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').split('\n'));
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;
const BULLET = /^( {0,3})([-*+])( +|$)/;
const ORDERED = /^( {0,3})(\d{1,9})([.)])( +|$)/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}> ?/;

/** Block structure of `lines`; in a tight list item (`tight`) paragraphs go without `<p>`, as CommonMark has it. */
function blocks(lines: string[], tight = false): Html {
  const out: Html[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1]!;
      const body: string[] = [];
      i++;
      while (i < lines.length && !new RegExp(`^ {0,3}${marker[0]}{${marker.length},}\\s*$`).test(lines[i]!)) body.push(lines[i++]!);
      i++;
      const language = fence[2]!.replace(/[^A-Za-z0-9_+-]/g, '');
      out.push(html`<pre class="code"><code${language ? html` class="language-${language}"` : ''}>${body.join('\n')}</code></pre>`);
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      out.push(headingOf(Math.min(6, heading[1]!.length + 3), heading[2] ?? ''));
      i++;
      continue;
    }
    if (RULE.test(line)) {
      out.push(html`<hr>`);
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const body: string[] = [];
      while (i < lines.length && lines[i]!.trim() !== '' && (QUOTE.test(lines[i]!) || body.length > 0))
        body.push(lines[i++]!.replace(QUOTE, ''));
      out.push(html`<blockquote>${blocks(body)}</blockquote>`);
      continue;
    }
    if (BULLET.test(line) || ORDERED.test(line)) {
      const list = listAt(lines, i);
      out.push(list.html);
      i = list.end;
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '' && (para.length === 0 || !interrupts(lines[i]!))) para.push(lines[i++]!);
    const content = inlineMarkdown(para.map((l) => l.replace(/^ +/, '')).join('\n'));
    out.push(tight ? content : html`<p>${content}</p>`);
  }
  return join(out, '\n');
}

function headingOf(level: number, text: string): Html {
  const content = inlineMarkdown(text);
  if (level === 4) return html`<h4 class="md-heading">${content}</h4>`;
  if (level === 5) return html`<h5 class="md-heading">${content}</h5>`;
  return html`<h6 class="md-heading">${content}</h6>`;
}

/** A line that ends a paragraph without a blank line before it. */
function interrupts(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || QUOTE.test(line) || RULE.test(line) || BULLET.test(line) || /^ {0,3}1[.)] /.test(line);
}

interface ListItem {
  lines: string[];
}

/**
 * The list starting at `lines[start]`: items of the same kind; an item's own lines are those
 * indented at least as far as its text (nested lists, later paragraphs) and lazy continuations.
 */
function listAt(lines: string[], start: number): { html: Html; end: number } {
  const first = lines[start]!;
  const ordered = !BULLET.test(first);
  const startNumber = ordered ? Number(ORDERED.exec(first)![2]) : 1;
  const items: ListItem[] = [];
  let loose = false;
  let i = start;
  let blankBefore = false;
  while (i < lines.length) {
    const line = lines[i]!;
    const marker = ordered ? ORDERED.exec(line) : BULLET.exec(line);
    if (!marker) break;
    const indent = marker[0].length === line.length ? marker[0].length + 1 : marker[0].length;
    if (blankBefore && items.length > 0) loose = true;
    const item: ListItem = { lines: [line.slice(marker[0].length)] };
    items.push(item);
    i++;
    blankBefore = false;
    while (i < lines.length) {
      const next = lines[i]!;
      if (next.trim() === '') {
        const after = lines.slice(i + 1).find((l) => l.trim() !== '');
        if (after === undefined || leading(after) < indent) break;
        item.lines.push('');
        i++;
        continue;
      }
      if (leading(next) >= indent) {
        if (item.lines.at(-1) === '') loose = true;
        item.lines.push(next.slice(indent));
        i++;
        continue;
      }
      if (BULLET.test(next) || ORDERED.test(next) || (item.lines.at(-1) ?? '') === '' || interrupts(next)) break;
      item.lines.push(next.trim());
      i++;
    }
    if (i < lines.length && lines[i]!.trim() === '') {
      blankBefore = true;
      while (i < lines.length && lines[i]!.trim() === '') i++;
    }
  }
  const rendered = items.map((item) => html`<li>${blocks(item.lines, !loose)}</li>`);
  const body = join(rendered, '\n');
  const list = ordered ? html`<ol${startNumber !== 1 ? html` start="${startNumber}"` : ''}>\n${body}\n</ol>` : html`<ul>\n${body}\n</ul>`;
  return { html: list, end: i };
}

function leading(line: string): number {
  return line.length - line.trimStart().length;
}
