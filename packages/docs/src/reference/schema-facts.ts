import type { JsonValue, SchemaIR } from '@apilife/contract';
import { html, join, type Html } from '../html.ts';
import { markdown } from './markdown.ts';

/** A JSON value on one line (`"a"`, `42`, `{"a":1}`), for defaults, enums and short examples. */
export function compactJson(value: JsonValue | undefined): string {
  return JSON.stringify(value) ?? 'undefined';
}

/** A JSON value pretty-printed (two spaces), for example blocks; a string example of a non-JSON media type is shown as it is. */
export function prettyJson(value: JsonValue, asText = false): string {
  return asText && typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/** The validation keywords of a schema node as short phrases: `8–64 characters`, `≥ 0`, `unique items`, `pattern /^a$/`. */
export function constraintsOf(schema: SchemaIR): string[] {
  const out: string[] = [];
  switch (schema.kind) {
    case 'string':
      pushRange(out, schema.minLength, schema.maxLength, 'characters', 'character');
      if (schema.pattern !== undefined) out.push(`pattern /${schema.pattern}/`);
      break;
    case 'number':
    case 'integer':
      if (schema.minimum !== undefined) out.push(`≥ ${schema.minimum}`);
      if (schema.exclusiveMinimum !== undefined) out.push(`> ${schema.exclusiveMinimum}`);
      if (schema.maximum !== undefined) out.push(`≤ ${schema.maximum}`);
      if (schema.exclusiveMaximum !== undefined) out.push(`< ${schema.exclusiveMaximum}`);
      if (schema.multipleOf !== undefined) out.push(`multiple of ${schema.multipleOf}`);
      break;
    case 'array':
      pushRange(out, schema.minItems, schema.maxItems, 'items', 'item');
      if (schema.uniqueItems) out.push('unique items');
      break;
    case 'object':
      pushRange(out, schema.minProperties, schema.maxProperties, 'properties', 'property');
      break;
  }
  return out;
}

function pushRange(out: string[], min: number | undefined, max: number | undefined, plural: string, singular: string): void {
  const unit = (n: number) => (n === 1 ? singular : plural);
  if (min !== undefined && max !== undefined) out.push(min === max ? `exactly ${min} ${unit(min)}` : `${min}–${max} ${plural}`);
  else if (min !== undefined) out.push(`at least ${min} ${unit(min)}`);
  else if (max !== undefined) out.push(`at most ${max} ${unit(max)}`);
}

/**
 * What a reader needs to know about one schema node besides its type: description (Markdown),
 * constraints, allowed values, default, example, and keywords the IR keeps as written.
 */
export function schemaFacts(schema: SchemaIR): Html {
  const parts: Html[] = [];
  if (schema.title !== undefined && schema.description === undefined) parts.push(html`<p class="schema-title">${schema.title}</p>`);
  if (schema.description !== undefined) parts.push(html`<div class="md">${markdown(schema.description)}</div>`);
  const constraints = constraintsOf(schema);
  if (constraints.length > 0)
    parts.push(
      html`<p class="schema-line">${join(
        constraints.map((c) => html`<span class="constraint">${c}</span>`),
        ' ',
      )}</p>`,
    );
  if (schema.kind === 'enum') {
    parts.push(
      html`<p class="schema-line"><span class="schema-key">${schema.const ? 'Value' : 'Allowed values'}</span> ${join(
        schema.values.map((v) => html`<code class="value">${compactJson(v)}</code>`),
        ' ',
      )}</p>`,
    );
  }
  if (schema.default !== undefined)
    parts.push(
      html`<p class="schema-line"><span class="schema-key">Default</span> <code class="value">${compactJson(schema.default)}</code></p>`,
    );
  if (schema.example !== undefined)
    parts.push(
      html`<p class="schema-line"><span class="schema-key">Example</span> <code class="value">${compactJson(schema.example)}</code></p>`,
    );
  const keywords = schema.keywords ? Object.keys(schema.keywords).sort() : [];
  if (keywords.length > 0) {
    parts.push(
      html`<p class="schema-line"><span class="schema-key">Also</span> ${join(
        keywords.map((k) => html`<code class="value">${k}: ${compactJson(schema.keywords![k])}</code>`),
        ' ',
      )}</p>`,
    );
  }
  return parts.length > 0 ? html`<div class="schema-facts">${parts}</div>` : html``;
}
