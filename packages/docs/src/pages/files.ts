import { basename } from 'node:path';
import { html } from '../html.ts';
import { renderPage, rootOf } from '../layout.ts';
import type { Site, SiteFile } from '../site.ts';

/**
 * A contract file as a page: its text with numbered lines (`#L12` links to line 12), the APIs that
 * use it, and the file itself to download.
 */
export function renderFilePage(file: SiteFile, text: string, site: Site): string {
  const root = rootOf(file.href);
  const users = site.apis.filter((a) => a.files.some((f) => f.path === file.path));
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  const body = html`<h1 class="file-title">${file.path}</h1>
<p class="file-meta">${lines.length} line${lines.length === 1 ? '' : 's'} · <a href="${basename(file.rawHref)}" download>Download</a>${
    users.length > 0 ? html` · used by ${users.map((a, i) => html`${i > 0 ? ', ' : ''}<a href="${root}${a.href}">${a.title}</a>`)}` : ''
  }</p>
<pre class="source"><code>${lines.map((line, i) => html`<span class="line" id="L${i + 1}"><a class="ln" href="#L${i + 1}" aria-hidden="true" tabindex="-1">${i + 1}</a>${line}\n</span>`)}</code></pre>`;
  return renderPage({ href: file.href, title: file.path, siteTitle: site.title, body });
}
