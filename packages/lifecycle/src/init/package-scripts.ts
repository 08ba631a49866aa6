/**
 * Adds scripts to a package.json's text without touching anything else in it: the new entries
 * are inserted into `scripts` (or a new `scripts` object at the end), in the file's own
 * indentation; every other byte stays as it was. Scripts that exist already are kept.
 * @example
 * addScripts('{\n  "name": "app"\n}\n', { 'api:lint': 'apilife lint' });
 * // { text: '{\n  "name": "app",\n  "scripts": {\n    "api:lint": "apilife lint"\n  }\n}\n', added: ['api:lint'], kept: [] }
 */
export function addScripts(text: string, scripts: Readonly<Record<string, string>>): { text: string; added: string[]; kept: string[] } {
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new TypeError('package.json is not an object');
  const existing = (parsed as { scripts?: unknown }).scripts;
  if (existing !== undefined && (typeof existing !== 'object' || existing === null || Array.isArray(existing)))
    throw new TypeError('package.json "scripts" is not an object');
  const have = (existing ?? {}) as Record<string, unknown>;
  const names = Object.keys(scripts);
  const added = names.filter((name) => !Object.hasOwn(have, name));
  const kept = names.filter((name) => Object.hasOwn(have, name));
  if (added.length === 0) return { text, added, kept };
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const entries = (depth: number) =>
    added.map((name) => `${indent.repeat(depth)}${JSON.stringify(name)}: ${JSON.stringify(scripts[name])}`);
  const root = objectSpans(text);
  const scriptsSpan = root.members.get('scripts');
  if (scriptsSpan) {
    const { start, end } = scriptsSpan;
    const empty = Object.keys(have).length === 0;
    const before = text.slice(0, end).trimEnd();
    const insertion = `${empty ? '' : ','}${eol}${entries(2).join(`,${eol}`)}${eol}${indent}`;
    return { text: `${empty ? text.slice(0, start + 1) : before}${insertion}${text.slice(end)}`, added, kept };
  }
  const before = text.slice(0, root.end).trimEnd();
  const empty = Object.keys(parsed).length === 0;
  const block = `${empty ? '' : ','}${eol}${indent}"scripts": {${eol}${entries(2).join(`,${eol}`)}${eol}${indent}}${eol}`;
  return { text: `${empty ? text.slice(0, root.start + 1) : before}${block}${text.slice(root.end)}`, added, kept };
}

/** The root object's span and, for each member whose value is an object, that object's span (`end` at its `}`). */
function objectSpans(text: string): { start: number; end: number; members: Map<string, { start: number; end: number }> } {
  const members = new Map<string, { start: number; end: number }>();
  let depth = 0;
  let rootStart = -1;
  let key: string | undefined;
  let lastString: string | undefined;
  const open: { at: number; key?: string }[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      lastString = JSON.parse(text.slice(i, j + 1)) as string;
      i = j;
    } else if (c === ':') {
      key = depth === 1 ? lastString : undefined;
    } else if (c === '{' || c === '[') {
      if (depth === 0) rootStart = i;
      open.push({ at: i, ...(depth === 1 && c === '{' && key !== undefined ? { key } : {}) });
      depth++;
      key = undefined;
    } else if (c === '}' || c === ']') {
      depth--;
      const opened = open.pop()!;
      if (depth === 0) return { start: rootStart, end: i, members };
      if (opened.key !== undefined) members.set(opened.key, { start: opened.at, end: i });
    } else if (c === ',') key = undefined;
  }
  throw new TypeError('package.json: no closing brace');
}
