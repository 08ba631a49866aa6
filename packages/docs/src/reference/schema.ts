import type { Discriminator, NamedSchema, PropertyIR, SchemaIR } from '@apilife/contract';
import { anchor, html, join, type Html } from '../html.ts';
import { schemaFacts } from './schema-facts.ts';

/** What the schema renderer needs from its page: the named schemas that have a section there. */
export interface SchemaContext {
  named(name: string): NamedSchema | undefined;
}

/** A schema context over a contract's named schemas. */
export function createSchemaContext(schemas: readonly NamedSchema[]): SchemaContext {
  const byName = new Map(schemas.map((s) => [s.name, s]));
  return { named: (name) => byName.get(name) };
}

/** Nesting below which a tree is cut (`…`): inline schemas are finite, this only bounds pathological ones. */
const MAX_DEPTH = 12;

/**
 * A schema as a readable tree, like Redoc's: its type line, facts, and nested properties, items and
 * variants. A `ref` is a link to the named schema's section and is not expanded, so cyclic schemas
 * end; with `expandRef` a top-level `ref` (a body, a payload) shows the named schema's own tree once.
 * Objects below the first level fold into `<details>` so large APIs stay readable.
 */
export function renderSchema(schema: SchemaIR, ctx: SchemaContext, options: { expandRef?: boolean } = {}): Html {
  if (options.expandRef && schema.kind === 'ref') {
    const target = ctx.named(schema.name);
    if (target) {
      return html`<div class="schema"><p class="schema-type">${schemaType(schema, ctx)}</p>${schemaFacts(schema)}${schemaFacts(target.schema)}${children(target.schema, ctx, 0)}</div>`;
    }
  }
  return html`<div class="schema"><p class="schema-type">${schemaType(schema, ctx)}</p>${schemaFacts(schema)}${children(schema, ctx, 0)}</div>`;
}

/** A schema's type in a few words, with links to named schemas: `string <uuid>`, `array of Delivery`, `Place | null`, `one of`. */
export function schemaType(schema: SchemaIR, ctx: SchemaContext): Html {
  switch (schema.kind) {
    case 'ref': {
      const target = ctx.named(schema.name);
      if (!target) return html`<span class="schema-link">${schema.name}</span>`;
      // A named scalar (`UuidRef`) also says what it is, so a reader need not follow the link.
      const scalar = simple(target.schema) && target.schema.kind !== 'ref' && target.schema.kind !== 'array';
      return html`<a class="schema-link" href="#${anchor('schema', schema.name)}">${schema.name}</a>${
        scalar ? html` <span class="ref-type">(${schemaType(target.schema, ctx)})</span>` : ''
      }`;
    }
    case 'string':
    case 'number':
    case 'integer':
      return html`<span class="type">${schema.kind}</span>${schema.format !== undefined ? html` <span class="format">&lt;${schema.format}&gt;</span>` : ''}`;
    case 'array':
      if (schema.prefixItems && schema.prefixItems.length > 0) {
        return html`<span class="type">tuple</span> [${join(
          schema.prefixItems.map((s) => schemaType(s, ctx)),
          ', ',
        )}${schema.items.kind === 'never' ? '' : html`, …${schemaType(schema.items, ctx)}`}]`;
      }
      return html`<span class="type">array of</span> ${schemaType(schema.items, ctx)}`;
    case 'object':
      if (schema.properties.length === 0 && typeof schema.additionalProperties === 'object') {
        return html`<span class="type">map of</span> ${schemaType(schema.additionalProperties, ctx)}`;
      }
      return html`<span class="type">object</span>`;
    case 'enum':
      return html`<span class="type">${enumType(schema.values)}</span>`;
    case 'union': {
      if (schema.variants.every(simple) && schema.variants.length <= 4 && !schema.discriminator)
        return join(
          schema.variants.map((v) => schemaType(v, ctx)),
          ' | ',
        );
      return html`<span class="type">${schema.exclusive ? 'one of' : 'any of'}</span>`;
    }
    case 'intersection': {
      const parts = meaningfulParts(schema.parts);
      return parts.length === 1 && !schema.discriminator ? schemaType(parts[0]!, ctx) : html`<span class="type">all of</span>`;
    }
    case 'not':
      return html`<span class="type">not</span> ${schemaType(schema.schema, ctx)}`;
    default:
      return html`<span class="type">${schema.kind}</span>`;
  }
}

function enumType(values: readonly unknown[]): string {
  const types = [...new Set(values.map((v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v)))];
  return types.length === 1 ? types[0]! : types.join(' | ');
}

/** A node whose type line says all there is (no nested tree). */
function simple(schema: SchemaIR): boolean {
  return !['object', 'union', 'intersection', 'array', 'not'].includes(schema.kind) || (schema.kind === 'array' && simple(schema.items));
}

/** The nested part of a node: properties, items, variants; nothing for scalars and refs. */
function children(schema: SchemaIR, ctx: SchemaContext, depth: number): Html {
  if (depth > MAX_DEPTH) return html`<p class="schema-more">…</p>`;
  switch (schema.kind) {
    case 'object':
      return objectTree(schema, ctx, depth);
    case 'array': {
      const items = schema.prefixItems ? [...schema.prefixItems, schema.items] : [schema.items];
      const nested = items.filter((s) => !simple(s));
      if (nested.length === 0) return html``;
      return html`${nested.map((s) => html`<div class="schema-items"><p class="schema-key">Items: ${schemaType(s, ctx)}</p>${schemaFacts(s)}${children(s, ctx, depth)}</div>`)}`;
    }
    case 'union':
      if (schema.variants.every(simple) && schema.variants.length <= 4 && !schema.discriminator) {
        return html`${schema.variants.map((v) => (v.kind === 'null' ? '' : schemaFacts(v)))}`;
      }
      return variants(schema.exclusive ? 'One of' : 'Any of', schema.variants, schema.discriminator, ctx, depth);
    case 'intersection': {
      const parts = meaningfulParts(schema.parts);
      if (parts.length === 1 && !schema.discriminator) return html`${schemaFacts(parts[0]!)}${children(parts[0]!, ctx, depth)}`;
      return variants('All of', parts, schema.discriminator, ctx, depth);
    }
    case 'not':
      return children(schema.schema, ctx, depth + 1);
    default:
      return html``;
  }
}

function objectTree(schema: Extract<SchemaIR, { kind: 'object' }>, ctx: SchemaContext, depth: number): Html {
  const rows: Html[] = schema.properties.map((p) => property(p, ctx, depth));
  for (const name of schema.requiredOnly ?? []) {
    rows.push(
      html`<li class="prop"><div class="prop-head"><code class="prop-name">${name}</code> <span class="prop-required">required</span></div></li>`,
    );
  }
  for (const p of schema.patternProperties ?? []) {
    rows.push(
      html`<li class="prop"><div class="prop-head"><code class="prop-name">/${p.pattern}/</code> <span class="prop-type">${schemaType(p.schema, ctx)}</span> <span class="prop-flag">pattern</span></div>${schemaFacts(p.schema)}${children(p.schema, ctx, depth + 1)}</li>`,
    );
  }
  const extra = schema.additionalProperties;
  if (typeof extra === 'object' && schema.properties.length > 0) {
    rows.push(
      html`<li class="prop"><div class="prop-head"><code class="prop-name">*</code> <span class="prop-type">${schemaType(extra, ctx)}</span> <span class="prop-flag">other properties</span></div>${schemaFacts(extra)}${children(extra, ctx, depth + 1)}</li>`,
    );
  }
  const mapValues = typeof extra === 'object' && schema.properties.length === 0 ? children(extra, ctx, depth) : html``;
  if (rows.length === 0) return mapValues;
  const closed = extra === false ? html`<p class="schema-note">No other properties.</p>` : '';
  const tree = html`<ul class="schema-tree">${rows}</ul>${closed}`;
  if (depth === 0) return tree;
  const count = schema.properties.length;
  return html`<details class="schema-nested"><summary>${count} propert${count === 1 ? 'y' : 'ies'}</summary>${tree}</details>`;
}

function property(p: PropertyIR, ctx: SchemaContext, depth: number): Html {
  const s = p.schema;
  return html`<li class="prop${s.deprecated ? ' deprecated' : ''}"><div class="prop-head"><code class="prop-name">${p.name}</code> <span class="prop-type">${schemaType(s, ctx)}</span>${
    p.required ? html` <span class="prop-required">required</span>` : ''
  }${p.readOnly ? html` <span class="prop-flag">read-only</span>` : ''}${p.writeOnly ? html` <span class="prop-flag">write-only</span>` : ''}${
    s.deprecated ? html` <span class="badge badge-deprecated">Deprecated</span>` : ''
  }</div>${schemaFacts(s)}${children(s, ctx, depth + 1)}</li>`;
}

/**
 * The parts of an `allOf` a reader needs: an open object without properties, constraints or
 * annotations (what `{ additionalProperties: true, oneOf }` becomes) says nothing and is left out.
 */
function meaningfulParts(parts: readonly SchemaIR[]): SchemaIR[] {
  const kept = parts.filter(
    (p) =>
      !(
        p.kind === 'object' &&
        p.properties.length === 0 &&
        p.additionalProperties === true &&
        !p.patternProperties?.length &&
        !p.requiredOnly?.length &&
        p.propertyNames === undefined &&
        p.minProperties === undefined &&
        p.maxProperties === undefined &&
        p.description === undefined &&
        p.title === undefined &&
        p.keywords === undefined
      ),
  );
  return kept.length > 0 ? kept : [...parts];
}

function variants(
  title: string,
  list: readonly SchemaIR[],
  discriminator: Discriminator | undefined,
  ctx: SchemaContext,
  depth: number,
): Html {
  const items = list.map(
    (v, i) =>
      html`<li><p class="variant-head"><span class="variant-index">${i + 1}</span> ${schemaType(v, ctx)}</p>${schemaFacts(v)}${children(v, ctx, depth + 1)}</li>`,
  );
  // A discriminated union of named schemas is said in full by its mapping table.
  const mapped = new Set(discriminator?.mapping.map((m) => m.schema.name));
  const onlyMapped =
    discriminator !== undefined && list.every((v) => v.kind === 'ref' && mapped.has(v.name) && v.description === undefined);
  return html`<div class="schema-variants"><p class="schema-key">${title}</p>${discriminator ? discriminatorTable(discriminator, ctx) : ''}${
    onlyMapped ? '' : html`<ol class="variants">${items}</ol>`
  }</div>`;
}

function discriminatorTable(d: Discriminator, ctx: SchemaContext): Html {
  return html`<p class="schema-line"><span class="schema-key">Discriminator</span> <code>${d.property}</code></p>${
    d.mapping.length > 0
      ? html`<table class="mapping"><thead><tr><th scope="col"><code>${d.property}</code></th><th scope="col">Schema</th></tr></thead><tbody>${d.mapping.map(
          (m) => html`<tr><td><code>${m.value}</code></td><td>${schemaType(m.schema, ctx)}</td></tr>`,
        )}</tbody></table>`
      : ''
  }`;
}
