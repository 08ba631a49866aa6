import { changeGroup } from '@apilife/diff';
import { UNCOMMITTED, type ChangelogChange } from '@apilife/lifecycle';
import { convertedNote, lifecycleBadges } from '../components.ts';
import { html, type Html } from '../html.ts';
import { renderPage } from '../layout.ts';
import { inlineMarkdown } from '../reference/markdown-inline.ts';
import type { Site, SiteApi } from '../site.ts';
import { changeCounts } from './changes.ts';

/** The consumers of an API: the broker's (pacts with its service), else every consumer a pact file names on one of its operations. */
export function apiConsumers(api: SiteApi): string[] {
  if (api.status?.consumers) return api.status.consumers;
  return [...new Set([...api.consumers.values()].flatMap((list) => list.map((c) => c.consumer)))].sort();
}

/**
 * The home page: the catalog. One card per API (kind, owner, stage, version, deprecated
 * operations with their sunsets, the last release and its changes, consumers), broken contracts
 * with their errors, and filters by stage and owner (the portal's script applies them; without
 * script every card shows).
 */
export function renderHomePage(site: Site): string {
  const apis = site.apis;
  const broken = apis.filter((a) => a.error !== undefined);
  const deprecated = apis.reduce((n, a) => n + (a.status?.deprecated.length ?? 0), 0);
  const overdue = apis.reduce((n, a) => n + (a.status?.overdue.length ?? 0), 0);
  const stages = [...new Set(apis.map((a) => a.stage).filter((s): s is string => s !== null))].sort();
  const owners = [...new Set(apis.map((a) => a.owner).filter((s): s is string => s !== null))].sort();
  const kinds = (k: SiteApi['kind']) => apis.filter((a) => a.kind === k && !a.error).length;
  const body = html`<h1>${site.title}</h1>
<p class="lead">${apis.length} API${apis.length === 1 ? '' : 's'}: ${kinds('openapi')} OpenAPI, ${kinds('asyncapi')} AsyncAPI${
    broken.length > 0 ? html`, <strong class="broken-count">${broken.length} broken</strong>` : ''
  } · ${deprecated} deprecated operation${deprecated === 1 ? '' : 's'}${
    overdue > 0 ? html`, <strong class="overdue-count">${overdue} overdue</strong>` : ''
  } · <a href="system.html">how they interact</a> · as of ${site.today}</p>
<form class="filters" aria-label="Filter the APIs">
  <label>Stage <select id="filter-stage" name="stage"><option value="">All stages</option>${stages.map((s) => html`<option value="${s}">${s}</option>`)}</select></label>
  <label>Owner <select id="filter-owner" name="owner"><option value="">All owners</option>${owners.map((o) => html`<option value="${o}">${o}</option>`)}</select></label>
  <label>Kind <select id="filter-kind" name="kind"><option value="">OpenAPI and AsyncAPI</option><option value="openapi">OpenAPI</option><option value="asyncapi">AsyncAPI</option></select></label>
  <output id="filter-count" for="filter-stage filter-owner filter-kind" aria-live="polite"></output>
</form>
<ul class="catalog" aria-label="APIs">
${apis.map((api) => html`<li>${api.error !== undefined ? brokenCard(api) : apiCard(api, site)}</li>\n`)}</ul>
${site.consumers.broker?.error ? html`<p class="notice">The broker at ${site.consumers.broker.url} could not be asked for consumers: ${site.consumers.broker.error}</p>` : ''}`;
  return renderPage({ href: 'index.html', title: 'APIs', siteTitle: site.title, section: 'catalog', body });
}

function apiCard(api: SiteApi, site: Site): Html {
  const status = api.status;
  const lifecycle = api.ir?.kind === 'openapi' ? api.ir.api.lifecycle : api.ir?.messaging.lifecycle;
  const consumers = apiConsumers(api);
  const log = api.changelog;
  const latest = log?.versions[0];
  const description = api.ir?.kind === 'openapi' ? api.ir.api.document.info : api.ir?.messaging.document.info;
  const summary = typeof description === 'object' && description && !Array.isArray(description) ? description.summary : undefined;
  return html`<article class="api-card" data-stage="${api.stage ?? ''}" data-owner="${api.owner ?? ''}" data-kind="${api.kind}">
  <header>
    <h2><a href="${api.href}">${api.title}</a></h2>
    <span class="kind kind-${api.kind}">${api.kind === 'openapi' ? 'OpenAPI' : 'AsyncAPI'}</span>
    ${convertedNote(api)}
    <span class="version">v${api.version}</span>
    ${api.stage ? html`<span class="badge badge-stage stage-${api.stage}">${api.stage}</span>` : ''}
    ${lifecycle ? lifecycleBadges({ ...lifecycle, stage: null }, site.today) : ''}
  </header>
  ${typeof summary === 'string' ? html`<p class="summary">${summary}</p>` : ''}
  <dl class="facts">
    <dt>Owner</dt><dd>${api.owner ?? html`<span class="muted">none</span>`}</dd>
    <dt>Service</dt><dd>${api.service}</dd>
    <dt>Contract</dt><dd><a href="${api.files[0]?.href ?? ''}"><code>${api.path}</code></a></dd>
    <dt>Consumers</dt><dd>${consumers.length > 0 ? consumers.join(', ') : html`<span class="muted">${site.consumers.pacts || site.consumers.broker ? 'none recorded' : 'unknown (no pacts, no broker)'}</span>`}</dd>
    ${
      latest
        ? html`<dt>Last release</dt><dd>${latest.version} · ${latest.commits.at(-1) === UNCOMMITTED ? 'uncommitted' : latest.date} · ${
            latest.first ? 'first version' : changeCounts(latest.changes)
          }${log?.unreleased ? html` · <a href="${api.href}#changelog">unreleased changes</a>` : ''}</dd>`
        : ''
    }
  </dl>
  ${latest && !latest.first && latest.changes.length > 0 ? lastChanges(api, latest.changes) : ''}
  ${
    status && status.deprecated.length > 0
      ? html`<details class="deprecations"${status.overdue.length > 0 ? html` open` : ''}><summary>${status.deprecated.length} deprecated operation${
          status.deprecated.length === 1 ? '' : 's'
        }${status.overdue.length > 0 ? html` · <strong class="overdue-count">${status.overdue.length} overdue</strong>` : ''}</summary><ul>${status.deprecated.map(
          (d) =>
            html`<li><code>${d.name}</code> ${lifecycleBadges({ stage: d.stage, deprecated: true, sunset: d.sunset, deprecatedAt: d.deprecatedAt }, site.today)}${
              d.successor ? html` → <code>${d.successor}</code>` : ''
            }</li>`,
        )}</ul></details>`
      : ''
  }
</article>`;
}

/** The last release's first changes, breaking first, each in words; the rest on the API's page. */
function lastChanges(api: SiteApi, changes: readonly ChangelogChange[]): Html {
  const order = { breaking: 0, deprecation: 1, other: 2 } as const;
  const shown = [...changes].sort((a, b) => order[changeGroup(a)] - order[changeGroup(b)]).slice(0, LAST_CHANGES);
  return html`<ul class="last-changes" aria-label="Last changes">${shown.map(
    (c) => html`<li class="change-${changeGroup(c)}"><code>${c.subject}</code> ${inlineMarkdown(c.text)}</li>`,
  )}${changes.length > shown.length ? html`<li class="more"><a href="${api.href}#changelog">${changes.length - shown.length} more</a></li>` : ''}</ul>`;
}

/** How many of the last release's changes a card lists. */
const LAST_CHANGES = 3;

function brokenCard(api: SiteApi): Html {
  return html`<article class="api-card broken" data-stage="" data-owner="" data-kind="${api.kind}">
  <header>
    <h2><a href="${api.href}">${api.path}</a></h2>
    <span class="kind kind-${api.kind}">${api.kind === 'openapi' ? 'OpenAPI' : 'AsyncAPI'}</span>
    <span class="badge badge-broken">Broken</span>
  </header>
  <p>This contract could not be read; the rest of the portal was built without it.</p>
  <pre class="error">${api.error}</pre>
  <p><a href="${api.files[0]?.href ?? ''}">View <code>${api.path}</code></a></p>
</article>`;
}
