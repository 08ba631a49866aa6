import { html, raw, type Html } from './html.ts';
import type { NavGroup } from './site.ts';

/** The stylesheets and scripts every page links, relative to the site's root (`assets/`). */
export const STYLESHEETS = ['assets/portal.css', 'assets/reference.css', 'assets/graph.css'] as const;
export const SCRIPTS = ['assets/search-index.js', 'assets/portal.js'] as const;

/**
 * The Content-Security-Policy of every page: scripts and styles only from the site's own files, no
 * inline script, no connection anywhere. A hostile string that escaped the escaping still could not
 * run, and nothing in a page can reach another host.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'none'; base-uri 'none'; form-action 'none'";

export interface PageOptions {
  /** The page, relative to the site's root: `index.html`, `apis/delivery/openapi.html`. */
  href: string;
  /** The page's own title (the site's title is added). */
  title: string;
  siteTitle: string;
  body: Html;
  /** Side navigation; none on pages that need the width (the catalog, the system graph). */
  nav?: NavGroup[];
  /** Which top-level section is current, for the header. */
  section?: 'catalog' | 'system' | 'api' | 'rules';
}

/** `../` as many times as `href` is deep: the prefix from a page to the site's root. */
export function rootOf(href: string): string {
  return '../'.repeat(href.split('/').length - 1);
}

/**
 * A whole page: head (CSP, styles), header (home, system graph, search), optional side navigation,
 * main content. Every link is relative, so the site works from any folder, from `file://` and
 * behind any path prefix.
 */
export function renderPage(options: PageOptions): string {
  const root = rootOf(options.href);
  const current = (section: PageOptions['section']) => (options.section === section ? raw(' aria-current="page"') : '');
  const nav = options.nav && options.nav.length > 0 ? renderNav(options.nav, root) : null;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="referrer" content="no-referrer">
<title>${options.title} · ${options.siteTitle}</title>
${STYLESHEETS.map((s) => html`<link rel="stylesheet" href="${root}${s}">\n`)}${SCRIPTS.map((s) => html`<script src="${root}${s}" defer></script>\n`)}</head>
<body data-root="${root}">
<a class="skip" href="#main">Skip to content</a>
<header class="top">
  <a class="brand" href="${root}index.html">${options.siteTitle}</a>
  <nav class="top-links" aria-label="Portal">
    <a href="${root}index.html"${current('catalog')}>APIs</a>
    <a href="${root}system.html"${current('system')}>System</a>
    <a href="${root}rules/index.html"${current('rules')}>Lint rules</a>
  </nav>
  <div class="search" role="search">
    <label class="visually-hidden" for="search-input">Search operations, channels and messages</label>
    <input id="search-input" type="search" placeholder="Search operations, channels, messages  (/)" autocomplete="off" spellcheck="false" aria-controls="search-results" aria-describedby="search-status">
    <p id="search-status" class="visually-hidden" aria-live="polite"></p>
    <ul id="search-results" class="search-results" aria-label="Search results" hidden></ul>
  </div>
</header>
<div class="layout${nav ? ' with-nav' : ''}">
${nav ?? ''}<main id="main" tabindex="-1">
${options.body}
</main>
</div>
</body>
</html>
`.value;
}

function renderNav(groups: NavGroup[], root: string): Html {
  const link = (href: string) => (href.startsWith('#') ? href : `${root}${href}`);
  return html`<nav class="side" aria-label="On this page">
${groups.map(
  (g) => html`<details open><summary>${g.title}</summary><ul>
${g.items.map(
  (i) =>
    html`<li${i.deprecated ? raw(' class="deprecated"') : ''}><a href="${link(i.href)}">${i.tag ? html`<span class="tag">${i.tag}</span> ` : ''}${i.title}</a></li>\n`,
)}</ul></details>
`,
)}</nav>
`;
}
