import type { ApiIR, OperationIR } from '@apilife/contract';
import { anchor, html, type Html } from '../html.ts';
import type { NavGroup, Reference, ReferenceContext, SearchEntry } from '../site.ts';
import { description, documentAt, selfLink, successorNote } from './blocks.ts';
import { renderOperation, type OperationPage } from './openapi-operation.ts';
import { renderSchemasSection, schemasNav, schemasSearch } from './schema-section.ts';
import { createSchemaContext } from './schema.ts';

/** Operations of one tag (the first of each operation), in the order the reference shows them. */
interface TagGroup {
  /** `null` for the operations without a tag. */
  tag: string | null;
  id: string;
  title: string;
  description?: string;
  operations: OperationIR[];
}

/**
 * The reference of an OpenAPI contract: title, version, description, servers and security schemes;
 * the operations grouped by their first tag (the document's `tags` order, then first seen, untagged
 * last), each a deep-linkable section; then every named schema. With its side navigation (one group
 * per tag, then the schemas) and one search entry per operation and schema.
 */
export function renderOpenApiReference(api: ApiIR, ctx: ReferenceContext): Reference {
  const schemas = createSchemaContext(api.schemas);
  const page: OperationPage = { api, ctx, schemas, operationIds: new Set(api.operations.map((o) => o.operationId)) };
  const groups = groupByTag(api);
  const body = html`<div class="reference reference-openapi">
${intro(api)}
${groups.map(
  (g) => html`<section class="ref-group" id="${g.id}" aria-labelledby="${g.id}-title">
<h2 id="${g.id}-title">${g.title} ${selfLink(g.id, g.title)}</h2>
${description(g.description)}
${g.operations.map((op) => renderOperation(op, page))}</section>
`,
)}${renderSchemasSection(api.schemas, schemas, ctx)}</div>
`;
  const nav: NavGroup[] = [
    ...groups.map((g) => ({
      title: g.title,
      items: g.operations.map((op) => ({
        title: op.summary ?? op.operationId,
        href: `#${anchor('op', op.operationId)}`,
        tag: op.method,
        ...(op.lifecycle.deprecated ? { deprecated: true } : {}),
      })),
    })),
    ...schemasNav(api.schemas),
  ];
  const search: SearchEntry[] = [
    ...groups.flatMap((g) =>
      g.operations.map(
        (op): SearchEntry => ({
          kind: 'operation',
          title: op.operationId,
          detail: `${op.method} ${op.path}${op.summary ? ` · ${op.summary}` : ''}`,
          api: api.title,
          href: `${ctx.pageHref}#${anchor('op', op.operationId)}`,
          ...(op.lifecycle.deprecated ? { deprecated: true } : {}),
        }),
      ),
    ),
    ...schemasSearch(api.schemas, api.title, ctx),
  ];
  return { body, nav, search };
}

/** Groups by first tag: the document's `tags` order first, then tags in the order operations use them, untagged last. */
function groupByTag(api: ApiIR): TagGroup[] {
  const declared = documentAt(api.document, ['tags']);
  const descriptions = new Map<string, string | undefined>();
  if (Array.isArray(declared)) {
    for (const t of declared) {
      if (t && typeof t === 'object' && !Array.isArray(t) && typeof t.name === 'string' && !descriptions.has(t.name)) {
        descriptions.set(t.name, typeof t.description === 'string' ? t.description : undefined);
      }
    }
  }
  const byTag = new Map<string | null, OperationIR[]>([...descriptions.keys()].map((name) => [name, []]));
  const untagged: OperationIR[] = [];
  for (const op of api.operations) {
    const tag = op.tags[0];
    if (tag === undefined) untagged.push(op);
    else byTag.set(tag, [...(byTag.get(tag) ?? []), op]);
  }
  const groups: TagGroup[] = [];
  for (const [tag, operations] of byTag) {
    if (tag === null || operations.length === 0) continue;
    const text = descriptions.get(tag);
    groups.push({ tag, id: anchor('tag', tag), title: tag, ...(text !== undefined ? { description: text } : {}), operations });
  }
  if (untagged.length > 0) {
    groups.push({ tag: null, id: 'ref-operations', title: groups.length > 0 ? 'Other operations' : 'Operations', operations: untagged });
  }
  return groups;
}

/** Summary, description, servers and security schemes (the page's header shows the title, version and lifecycle badges). */
function intro(api: ApiIR): Html {
  const info = documentAt(api.document, ['info']);
  const text = info && typeof info === 'object' && !Array.isArray(info) ? info : {};
  const summary = typeof text.summary === 'string' ? text.summary : undefined;
  return html`<header class="ref-intro" id="ref-overview">
${successorNote(api.lifecycle)}
${summary ? html`<p class="ref-summary">${summary}</p>` : ''}
${description(typeof text.description === 'string' ? text.description : undefined)}
${servers(api)}${securitySchemes(api)}</header>
`;
}

function servers(api: ApiIR): Html {
  if (api.servers.length === 0) return html``;
  return html`<section class="ref-servers" id="ref-servers"><h2>Servers</h2><ul class="servers">${api.servers.map(
    (s) => html`<li><code>${s.url}</code>${s.description ? html` <span class="server-description">${s.description}</span>` : ''}</li>`,
  )}</ul></section>
`;
}

function securitySchemes(api: ApiIR): Html {
  if (api.securitySchemes.length === 0) return html``;
  return html`<section class="ref-security" id="ref-security"><h2>Security schemes</h2><dl class="security-schemes">${api.securitySchemes.map(
    (s) => {
      const how =
        s.type === 'apiKey'
          ? html`API key in ${s.in ?? 'header'} <code>${s.paramName ?? ''}</code>`
          : s.type === 'http'
            ? html`HTTP <code>${s.scheme ?? ''}</code>${s.bearerFormat ? html` (${s.bearerFormat})` : ''}`
            : html`${s.type}`;
      return html`<dt id="${anchor('security', s.name)}"><code>${s.name}</code></dt><dd><p>${how}</p>${description(s.description)}</dd>`;
    },
  )}</dl></section>
`;
}
