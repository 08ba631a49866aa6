import type { NamedSchema } from '@apilife/contract';
import { anchor, html, type Html } from '../html.ts';
import type { NavGroup, ReferenceContext, SearchEntry } from '../site.ts';
import { selfLink, sourceLink } from './blocks.ts';
import { renderSchema, type SchemaContext } from './schema.ts';

/** The "Schemas" section: every named schema with its deep link (`#schema-<name>`), its tree and its source. */
export function renderSchemasSection(schemas: readonly NamedSchema[], sctx: SchemaContext, ctx: ReferenceContext): Html {
  if (schemas.length === 0) return html``;
  return html`<section class="ref-group ref-schemas" id="ref-schemas" aria-labelledby="ref-schemas-title">
<h2 id="ref-schemas-title">Schemas</h2>
${schemas.map((s) => {
  const id = anchor('schema', s.name);
  return html`<section class="named-schema${s.schema.deprecated ? ' deprecated' : ''}" id="${id}">
<h3>${s.name} ${selfLink(id, s.name)}</h3>
<div class="op-meta">${s.key !== s.name ? html`<span class="fact"><span class="fact-key">Key</span> <code>${s.key}</code></span>` : ''}${
    s.schema.deprecated ? html`<span class="badge badge-deprecated">Deprecated</span>` : ''
  }${s.directional ? html`<span class="fact-note">read-only and write-only properties differ between requests and responses</span>` : ''}${sourceLink(s.origin, ctx)}</div>
${renderSchema(s.schema, sctx)}
</section>
`;
})}</section>
`;
}

/** The side navigation's "Schemas" group. */
export function schemasNav(schemas: readonly NamedSchema[]): NavGroup[] {
  if (schemas.length === 0) return [];
  return [
    {
      title: 'Schemas',
      items: schemas.map((s) => ({
        title: s.name,
        href: `#${anchor('schema', s.name)}`,
        ...(s.schema.deprecated ? { deprecated: true } : {}),
      })),
    },
  ];
}

/** One search entry per named schema. */
export function schemasSearch(schemas: readonly NamedSchema[], api: string, ctx: ReferenceContext): SearchEntry[] {
  return schemas.map((s) => ({
    kind: 'schema',
    title: s.name,
    detail: firstLine(s.schema.description ?? s.schema.title) ?? `Schema of ${api}`,
    api,
    href: `${ctx.pageHref}#${anchor('schema', s.name)}`,
    ...(s.schema.deprecated ? { deprecated: true } : {}),
  }));
}

/** The first line of a text, without Markdown's emphasis and code marks, for search details. */
export function firstLine(text: string | undefined): string | undefined {
  const line = text?.trim().split('\n')[0]?.replace(/[`*_]/g, '').trim();
  return line ? line : undefined;
}
