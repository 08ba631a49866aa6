/**
 * HTML that is safe by construction. Every page of the portal is written with the `html` tag:
 * each interpolated value is escaped unless it is already `Html` (made by `html` or `raw`), so a
 * contract's description, example or name can never become markup or script. `raw` is for text the
 * portal itself made (its own SVG, its own JSON script data after `jsonScript`), never for contract text.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What an `html` template takes: text (escaped), numbers, `Html`, lists of them, and nothing (`null`, `undefined`, `false`). */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML text or a quoted attribute value: `& < > " '` escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Markup the portal made itself, taken as it is. */
export function raw(markup: string): Html {
  return new Html(markup);
}

/**
 * The tagged template every page is written with.
 * @example
 * html`<h2 id="${anchor}">${operation.summary}</h2>` // summary `<script>` → `&lt;script&gt;`
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new Html(out);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false || value === true) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** Joins parts with a separator (both escaped unless `Html`). */
export function join(parts: readonly HtmlValue[], separator: HtmlValue = ''): Html {
  return new Html(parts.map(render).join(render(separator)));
}

/**
 * Data for a page's script as a classic script body assigning a global, safe inside `<script>`
 * and in a `.js` file: `<`, `>`, `&`, U+2028 and U+2029 are written as `\u` escapes, so no
 * string in it can close the script element or open a comment.
 */
export function jsonScript(globalName: string, data: unknown): string {
  const json = JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `window.${globalName} = ${json};\n`;
}

/**
 * A fragment identifier made from any name: letters, digits, `-`, `_`, `.` kept, everything else
 * `-`, with a prefix so it never starts with a digit. Stable across builds (deep links).
 * @example anchor('op', 'GET /deliveries/{id}') // 'op-GET--deliveries--id-'
 */
export function anchor(prefix: string, name: string): string {
  return `${prefix}-${name.replace(/[^A-Za-z0-9_.-]/g, '-')}`;
}
