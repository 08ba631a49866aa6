import { html, join, type Html } from '../html.ts';

/**
 * CommonMark inline text as HTML, in a safe subset: code spans, `**strong**`/`__strong__`,
 * `*em*`/`_em_`, `[links](url "title")` and `<https://autolinks>`, backslash escapes and hard line
 * breaks. Every piece of text is escaped by the `html` tag; a link keeps its `href` only when it is
 * http(s), mailto, relative or a `#fragment` (`safeHref`), otherwise its text is shown alone.
 */
export function inlineMarkdown(text: string): Html {
  return join(parseInline(text));
}

const PUNCTUATION = /[!-/:-@[-`{-~]/;

function parseInline(text: string): Html[] {
  const out: Html[] = [];
  let plain = '';
  const flush = () => {
    if (plain !== '') out.push(html`${plain}`);
    plain = '';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === '\n') {
      flush();
      out.push(html`<br>\n`);
      i += 2;
      continue;
    }
    if (c === '\\' && i + 1 < text.length && PUNCTUATION.test(text[i + 1]!)) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (c === ' ' && /^ {2,}\n/.test(text.slice(i))) {
      flush();
      out.push(html`<br>\n`);
      i = text.indexOf('\n', i) + 1;
      continue;
    }
    if (c === '`') {
      const span = codeSpan(text, i);
      if (span) {
        flush();
        out.push(html`<code>${span.code}</code>`);
        i = span.end;
        continue;
      }
      const run = /^`+/.exec(text.slice(i))![0];
      plain += run;
      i += run.length;
      continue;
    }
    if (c === '[') {
      const link = linkAt(text, i);
      if (link) {
        flush();
        const label = parseInline(link.label);
        const href = safeHref(link.href);
        out.push(
          href === undefined
            ? html`<span class="md-unsafe-link">${label}</span>`
            : html`<a href="${href}"${link.title ? html` title="${link.title}"` : ''}${external(href) ? html` rel="noopener noreferrer"` : ''}>${label}</a>`,
        );
        i = link.end;
        continue;
      }
    }
    if (c === '<') {
      const auto = /^<((?:https?:\/\/|mailto:)[^\s<>]+)>/i.exec(text.slice(i));
      if (auto && safeHref(auto[1]!) !== undefined) {
        flush();
        out.push(html`<a href="${auto[1]!}" rel="noopener noreferrer">${auto[1]!.replace(/^mailto:/i, '')}</a>`);
        i += auto[0].length;
        continue;
      }
    }
    if (c === '*' || c === '_') {
      const emphasis = emphasisAt(text, i);
      if (emphasis) {
        flush();
        const inner = parseInline(emphasis.inner);
        out.push(emphasis.strong ? html`<strong>${inner}</strong>` : html`<em>${inner}</em>`);
        i = emphasis.end;
        continue;
      }
      const run = c === '*' ? /^\*+/.exec(text.slice(i))![0] : /^_+/.exec(text.slice(i))![0];
      plain += run;
      i += run.length;
      continue;
    }
    plain += c;
    i++;
  }
  flush();
  return out;
}

/** A code span opening at `start`: a backtick run closed by a run of the same length. */
function codeSpan(text: string, start: number): { code: string; end: number } | undefined {
  const run = /^`+/.exec(text.slice(start))![0];
  let j = start + run.length;
  while (j < text.length) {
    const close = text.indexOf(run, j);
    if (close < 0) return undefined;
    const after = close + run.length;
    if (text[after] === '`' || text[close - 1] === '`') {
      j = after + (/^`*/.exec(text.slice(after))![0].length || 0);
      continue;
    }
    let code = text.slice(start + run.length, close).replace(/\n/g, ' ');
    if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '') code = code.slice(1, -1);
    return { code, end: after };
  }
  return undefined;
}

/** `[label](destination "title")` at `start`, brackets balanced, code spans skipped. */
function linkAt(text: string, start: number): { label: string; href: string; title?: string; end: number } | undefined {
  let depth = 0;
  let j = start;
  for (; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === '`') {
      const span = codeSpan(text, j);
      if (span) j = span.end - 1;
    } else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) break;
  }
  if (j >= text.length || text[j + 1] !== '(') return undefined;
  const rest = text.slice(j + 2);
  const m = /^[ \n]*(?:<([^<>\n]*)>|((?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*))(?:[ \n]+(?:"([^"]*)"|'([^']*)'))?[ \n]*\)/.exec(rest);
  if (!m) return undefined;
  const href = (m[1] ?? m[2] ?? '').replace(/\\([!-/:-@[-`{-~])/g, '$1');
  const title = m[3] ?? m[4];
  return { label: text.slice(start + 1, j), href, ...(title !== undefined ? { title } : {}), end: j + 2 + m[0].length };
}

/**
 * Emphasis opening at `start`: the delimiter (`**`, `__`, `*`, `_`) is followed by a non-space and
 * closed by the same delimiter after a non-space, outside code spans; `_` only at word boundaries.
 */
function emphasisAt(text: string, start: number): { strong: boolean; inner: string; end: number } | undefined {
  const c = text[start]!;
  if (c === '_' && /[A-Za-z0-9]/.test(text[start - 1] ?? '')) return undefined;
  for (const strong of [true, false]) {
    const size = strong ? 2 : 1;
    const delim = c.repeat(size);
    if (text.slice(start, start + size) !== delim) continue;
    if (!strong && text[start + 1] === c) continue;
    const first = text[start + size];
    if (first === undefined || /\s/.test(first)) continue;
    for (let j = start + size + 1; j < text.length; j++) {
      const d = text[j];
      if (d === '\\') {
        j++;
        continue;
      }
      if (d === '`') {
        const span = codeSpan(text, j);
        if (span) j = span.end - 1;
        continue;
      }
      if (d !== c) continue;
      const run = text.slice(j).match(new RegExp(`^\\${c}+`))![0].length;
      const closes = (strong ? run >= 2 : run === 1) && !/\s/.test(text[j - 1]!);
      const wordAfter = c === '_' && /[A-Za-z0-9]/.test(text[j + size] ?? '');
      if (closes && !wordAfter) return { strong, inner: text.slice(start + size, j), end: j + size };
      j += run - 1;
    }
  }
  return undefined;
}

/**
 * The `href` a Markdown link may have: `#fragment`, `http(s):`, `mailto:`, or a relative reference
 * (no scheme). Anything else (`javascript:`, `data:`, `vbscript:`, a scheme hidden by control
 * characters or whitespace, which browsers strip) gives `undefined`.
 * @example safeHref('javascript:alert(1)') // undefined
 */
export function safeHref(href: string): string | undefined {
  if (/[\u0000-\u0020\u007f-\u009f]/.test(href)) return undefined;
  if (href.startsWith('#')) return href;
  if (/^(?:https?:\/\/|mailto:)/i.test(href)) return href;
  if (href.startsWith('//') || href.startsWith('\\')) return undefined;
  const firstSegment = href.split(/[/?#]/, 1)[0]!;
  return firstSegment.includes(':') ? undefined : href;
}

function external(href: string): boolean {
  return /^https?:\/\//i.test(href);
}
