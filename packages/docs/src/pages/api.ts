import { parsePointer, type Origin } from '@apilife/contract';
import { UNCOMMITTED } from '@apilife/lifecycle';
import { convertedNote, lifecycleBadges } from '../components.ts';
import { anchor, html, type Html } from '../html.ts';
import { renderPage, rootOf } from '../layout.ts';
import { renderAsyncApiReference } from '../reference/asyncapi.ts';
import { renderOpenApiReference } from '../reference/openapi.ts';
import type { NavGroup, Reference, ReferenceContext, SearchEntry, Site, SiteApi } from '../site.ts';
import { changeCounts, changeList } from './changes.ts';
import { apiConsumers } from './home.ts';

/**
 * One API's page: its header (kind, version, stage, owner, lifecycle badges, files), the
 * reference, and the sections the lifecycle adds: changelog, lifecycle history, consumers and
 * the contract's files. A broken contract's page shows its error and its file.
 */
export function renderApiPage(api: SiteApi, site: Site): { html: string; search: SearchEntry[] } {
  const root = rootOf(api.href);
  if (!api.ir) {
    const body = html`<h1>${api.path} <span class="badge badge-broken">Broken</span></h1>
<p>This contract could not be read:</p>
<pre class="error">${api.error}</pre>
<p><a href="${root}${api.files[0]?.href ?? ''}">View <code>${api.path}</code></a></p>`;
    return { html: renderPage({ href: api.href, title: api.path, siteTitle: site.title, section: 'api', body }), search: [] };
  }
  const ctx: ReferenceContext = {
    today: site.today,
    pageHref: api.href,
    consumers: (id) => api.consumers.get(id) ?? [],
    source: (origin) => sourceLink(api, origin, root),
  };
  const reference: Reference =
    api.ir.kind === 'openapi' ? renderOpenApiReference(api.ir.api, ctx) : renderAsyncApiReference(api.ir.messaging, ctx);
  const info = api.ir.kind === 'openapi' ? api.ir.api : api.ir.messaging;
  const about: NavGroup = {
    title: 'About this API',
    items: [
      { title: 'Changelog', href: '#changelog' },
      { title: 'Lifecycle', href: '#lifecycle' },
      { title: 'Consumers', href: '#consumers' },
      { title: 'Contract files', href: '#files' },
    ],
  };
  const consumers = apiConsumers(api);
  const body = html`<header class="api-header">
  <p class="crumbs"><a href="${root}index.html">APIs</a> / ${api.service}</p>
  <h1>${info.title} <span class="version">v${info.version}</span></h1>
  <p class="api-facts">
    <span class="kind kind-${api.kind}">${api.kind === 'openapi' ? 'OpenAPI' : 'AsyncAPI'}</span>
    ${convertedNote(api)}
    ${api.stage ? html`<span class="badge badge-stage stage-${api.stage}">${api.stage}</span>` : ''}
    ${info.lifecycle ? lifecycleBadges({ ...info.lifecycle, stage: null }, site.today) : ''}
    · owner ${api.owner ?? html`<span class="muted">none</span>`}
    · <a href="${root}${api.files[0]!.href}"><code>${api.path}</code></a>
    ${consumers.length > 0 ? html` · consumers: ${consumers.join(', ')}` : ''}
  </p>
</header>
<section class="reference" aria-label="Reference">
${reference.body}
</section>
${changelogSection(api)}
${lifecycleSection(api, site)}
${consumersSection(api, site)}
${filesSection(api, root)}`;
  const search: SearchEntry[] = [
    {
      kind: 'api',
      title: info.title,
      detail: `${api.kind === 'openapi' ? 'OpenAPI' : 'AsyncAPI'} · ${api.path}`,
      api: info.title,
      href: api.href,
    },
    ...reference.search,
  ];
  return {
    html: renderPage({ href: api.href, title: info.title, siteTitle: site.title, section: 'api', body, nav: [...reference.nav, about] }),
    search,
  };
}

/** `files/<path>.html#L<line>` for an IR node, relative to the API's page, when its file is in the site. */
function sourceLink(api: SiteApi, origin: Origin, root: string): string | undefined {
  const file = api.files.find((f) => f.file === origin.file);
  if (!file) return undefined;
  const source = api.sources?.find((s) => s.file === origin.file);
  let line: number | undefined;
  try {
    line = source ? source.sourceMap.locate(parsePointer(origin.pointer)).range.start.line + 1 : undefined;
  } catch {
    line = undefined;
  }
  return `${root}${file.href}${line !== undefined ? `#L${line}` : ''}`;
}

function changelogSection(api: SiteApi): Html {
  const log = api.changelog;
  if (!log)
    return html`<section id="changelog"><h2>Changelog</h2><p class="muted">No history: the contracts are not in a git repository (or the changelog was not read).</p></section>`;
  const date = (commits: string[], day: string) => (commits.at(-1) === UNCOMMITTED ? 'uncommitted' : day);
  return html`<section id="changelog"><h2>Changelog</h2>
<p class="muted">From the git history of <code>${log.path}</code>, as <code>apilife changelog</code> writes it.</p>
${
  log.unreleased
    ? html`<article class="release unreleased" id="changelog-unreleased"><h3>Unreleased <span class="muted">(since ${log.unreleased.version})</span></h3>${changeList(log.unreleased.changes)}</article>`
    : ''
}
${log.versions.map(
  (
    v,
  ) => html`<article class="release" id="changelog-${v.version}"><h3>${v.version} <span class="muted">— ${date(v.commits, v.date)}</span> ${
    v.first ? '' : html`<span class="release-counts">${changeCounts(v.changes)}</span>`
  }</h3>
${v.first ? html`<p>First version of ${log.title}.</p>` : changeList(v.changes)}
${
  v.waivers.length > 0
    ? html`<h4>Waived</h4><ul>${v.waivers.map((w) => html`<li>${w.rule}${w.change ? html` (${w.change})` : ''}${w.subject ? html` on <code>${w.subject}</code>` : ''}: ${w.reason}</li>`)}</ul>`
    : ''
}</article>`,
)}
${log.skipped.length > 0 ? html`<p class="muted">States left out (the contract could not be read then): ${log.skipped.map((s) => html`<br>${s.commit.slice(0, 7)} (${s.date}): ${s.reason}`)}</p>` : ''}
</section>`;
}

function lifecycleSection(api: SiteApi, site: Site): Html {
  const status = api.status;
  const versions = api.changelog?.versions ?? [];
  const stages = versions
    .filter((v) => v.stage !== undefined)
    .reverse()
    .filter((v, i, all) => i === 0 || all[i - 1]!.stage !== v.stage);
  const planning = planningOf(api);
  return html`<section id="lifecycle"><h2>Lifecycle</h2>
<p>Stage <strong>${api.stage ?? 'none'}</strong>${status?.sunset ? html` · the API's sunset ${status.sunset}` : ''}${
    status?.successor ? html` · successor <code>${status.successor}</code>` : ''
  }.</p>
${
  stages.length > 0
    ? html`<h3>History</h3><ol class="stage-history">${stages.map(
        (v) =>
          html`<li><span class="badge badge-stage stage-${v.stage}">${v.stage}</span> from ${v.version} (${v.commits.at(-1) === UNCOMMITTED ? 'uncommitted' : v.date})</li>`,
      )}</ol>`
    : ''
}
${
  planning
    ? html`<h3>Planning</h3><dl class="facts">${Object.entries(planning).map(([k, v]) => html`<dt>${k}</dt><dd>${factText(v)}</dd>`)}</dl>`
    : ''
}
<h3>Deprecated operations</h3>
${
  status && status.deprecated.length > 0
    ? html`<table class="deprecations"><thead><tr><th scope="col">Operation</th><th scope="col">Deprecated</th><th scope="col">Sunset</th><th scope="col">Successor</th><th scope="col">Still used by</th></tr></thead><tbody>${status.deprecated.map(
        (d) =>
          html`<tr><td><code>${d.name}</code></td><td>${d.deprecatedAt ?? '—'}</td><td>${lifecycleBadges({ stage: d.stage, deprecated: true, sunset: d.sunset }, site.today)}</td><td>${
            d.successor ? html`<code>${d.successor}</code>` : '—'
          }</td><td>${usersOf(api, d.name)}</td></tr>`,
      )}</tbody></table>`
    : html`<p class="muted">None.</p>`
}
</section>`;
}

/** Who still uses a deprecated operation: the broker's deployed and released consumer versions, else the pacts' consumers. */
function usersOf(api: SiteApi, name: string): Html | string {
  const fromBroker = api.status?.deprecated.find((d) => d.name === name)?.consumers;
  if (fromBroker) return fromBroker.length > 0 ? fromBroker.map((c) => `${c.consumer} ${c.version}`).join(', ') : 'nobody deployed';
  const fromPacts = api.consumers.get(name) ?? [];
  return fromPacts.length > 0 ? [...new Set(fromPacts.map((c) => c.consumer))].join(', ') : '—';
}

/** A planning fact in words: a list joined, a mapping as `key value` pairs. */
function factText(value: unknown): string {
  if (Array.isArray(value)) return value.map(factText).join(', ');
  if (typeof value === 'object' && value !== null)
    return Object.entries(value)
      .map(([k, v]) => `${k} ${factText(v)}`)
      .join(', ');
  return String(value);
}

function planningOf(api: SiteApi): Record<string, unknown> | undefined {
  const info = api.ir?.kind === 'openapi' ? api.ir.api.document.info : api.ir?.messaging.document.info;
  if (typeof info !== 'object' || info === null || Array.isArray(info)) return undefined;
  const lifecycle = info['x-lifecycle'];
  if (typeof lifecycle !== 'object' || lifecycle === null || Array.isArray(lifecycle)) return undefined;
  const planning = lifecycle.planning;
  return typeof planning === 'object' && planning !== null && !Array.isArray(planning) ? planning : undefined;
}

function consumersSection(api: SiteApi, site: Site): Html {
  const where = [
    site.consumers.pacts ? `the pact files in ${site.consumers.pacts}` : '',
    site.consumers.broker ? `the broker at ${site.consumers.broker.url}` : '',
  ]
    .filter(Boolean)
    .join(' and ');
  const rows = [...api.consumers].sort(([a], [b]) => a.localeCompare(b));
  return html`<section id="consumers"><h2>Consumers</h2>
<p class="muted">${where ? html`From ${where}.` : 'No pact files and no broker: consumers are unknown.'}</p>
${
  rows.length > 0
    ? html`<table><thead><tr><th scope="col">Operation</th><th scope="col">Consumer</th><th scope="col">Interactions</th></tr></thead><tbody>${rows.flatMap(
        ([op, list]) =>
          list.map(
            (c) =>
              html`<tr><td><a href="#${anchor('op', op)}"><code>${op}</code></a></td><td>${c.consumer} <span class="muted">(${c.source})</span></td><td><ul class="plain">${c.interactions.map((i) => html`<li>${i}</li>`)}</ul></td></tr>`,
          ),
      )}</tbody></table>`
    : html`<p>No pact uses an operation of this API.</p>`
}
</section>`;
}

function filesSection(api: SiteApi, root: string): Html {
  return html`<section id="files"><h2>Contract files</h2><ul>${api.files.map(
    (f, i) =>
      html`<li><a href="${root}${f.href}"><code>${f.path}</code></a>${i === 0 ? ' (entry)' : ''} · <a href="${root}${f.rawHref}" download>raw</a></li>`,
  )}</ul></section>`;
}
