import { renderGraphSvg } from '../graph/svg.ts';
import { html } from '../html.ts';
import { renderPage } from '../layout.ts';
import type { Site } from '../site.ts';

/** The system page: the interaction graph (to be filled in). */
export function renderSystemPage(site: Site): string {
  return renderPage({
    href: 'system.html',
    title: 'System',
    siteTitle: site.title,
    section: 'system',
    body: html`<h1>System</h1>${renderGraphSvg(site.graph)}`,
  });
}
