import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';

/** Every file under `root`, relative to it, with `/` separators, sorted. */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(root, path).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

/** A link of a page: the element, the attribute and its value as the browser reads it. */
export interface PageLink {
  page: string;
  element: string;
  attribute: 'href' | 'src';
  value: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** An attribute value as the browser reads it (the named entities the `html` tag writes, and numeric ones). */
export function decodeAttribute(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#')
      return String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The `href`/`src` of every `a`, `link`, `script`, `img`, `use` and `iframe` of a page (the portal writes double-quoted attributes). */
export function linksOf(page: string, markup: string): PageLink[] {
  const links: PageLink[] = [];
  for (const tag of markup.matchAll(/<(a|link|script|img|use|iframe|source)\b([^>]*)>/gi)) {
    for (const attr of (tag[2] ?? '').matchAll(/\s(href|src|xlink:href)\s*=\s*"([^"]*)"/gi)) {
      links.push({
        page,
        element: tag[1]!.toLowerCase(),
        attribute: attr[1]!.toLowerCase() === 'src' ? 'src' : 'href',
        value: decodeAttribute(attr[2]!),
      });
    }
  }
  return links;
}

/** The ids (and `a name`s) of a page: the fragments a link may point at. */
export function idsOf(markup: string): Set<string> {
  const ids = new Set<string>();
  for (const m of markup.matchAll(/\s(?:id|name)\s*=\s*"([^"]*)"/g)) ids.add(decodeAttribute(m[1]!));
  return ids;
}

/**
 * Checks every internal link of every HTML page under `root`: the target file exists, and its
 * fragment is an id of the target page. Subresources (`link`, `script`, `img`, …) must be relative;
 * `a` may also leave the site (a contract's contact URL) by `http(s):` or `mailto:`, never by
 * `javascript:` or any other scheme. Answers the problems, `page: element attr="value": why`.
 */
export function checkLinks(root: string): { problems: string[]; checked: number; external: string[] } {
  const pages = listFiles(root).filter((f) => f.endsWith('.html'));
  const markupOf = new Map<string, string>();
  const read = (page: string) => {
    let markup = markupOf.get(page);
    if (markup === undefined) {
      markup = readFileSync(join(root, page), 'utf8');
      markupOf.set(page, markup);
    }
    return markup;
  };
  const idsCache = new Map<string, Set<string>>();
  const ids = (page: string) => {
    let set = idsCache.get(page);
    if (!set) idsCache.set(page, (set = idsOf(read(page))));
    return set;
  };
  const problems: string[] = [];
  const external = new Set<string>();
  let checked = 0;
  for (const page of pages) {
    for (const link of linksOf(page, read(page))) {
      checked++;
      const where = `${page}: <${link.element} ${link.attribute}="${link.value}">`;
      const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(link.value)?.[1]?.toLowerCase();
      if (scheme !== undefined || link.value.startsWith('//')) {
        if (link.element === 'a' && (scheme === 'http' || scheme === 'https' || scheme === 'mailto')) external.add(link.value);
        else problems.push(`${where}: not a relative link`);
        continue;
      }
      if (link.value.startsWith('/')) {
        problems.push(`${where}: absolute path (breaks file:// and path prefixes)`);
        continue;
      }
      const [pathPart = '', fragment] = link.value.split('#', 2) as [string, string | undefined];
      const path = pathPart.split('?')[0]!;
      let target = path === '' ? page : posix.normalize(posix.join(posix.dirname(page), decodeURIComponent(path)));
      if (target.startsWith('../')) {
        problems.push(`${where}: leaves the site`);
        continue;
      }
      if (target.endsWith('/') || target === '.') target = posix.join(target, 'index.html');
      const file = join(root, target);
      if (!existsSync(file) || statSync(file).isDirectory()) {
        problems.push(`${where}: no file ${target}`);
        continue;
      }
      if (fragment !== undefined && fragment !== '' && target.endsWith('.html') && !ids(target).has(decodeURIComponent(fragment))) {
        problems.push(`${where}: no id "${decodeURIComponent(fragment)}" in ${target}`);
      }
    }
  }
  return { problems, checked, external: [...external].sort() };
}
