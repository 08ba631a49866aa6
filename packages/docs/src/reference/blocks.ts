import type { ApiLifecycleIR, BindingsIR, JsonValue, Origin } from '@apilife/contract';
import { parsePointer } from '@apilife/contract';
import { html, join, type Html } from '../html.ts';
import type { ReferenceContext } from '../site.ts';
import { markdown } from './markdown.ts';
import { compactJson, prettyJson } from './schema-facts.ts';
import { schemaType, type SchemaContext } from './schema.ts';

/**
 * The value at `path` in a bundled document, following local `$ref`s on the way (a path item or an
 * operation may itself be a `$ref`), at most a few hops.
 * @example documentAt(api.document, ['paths', '/deliveries', 'get', 'x-pattern'])
 */
export function documentAt(document: Record<string, JsonValue>, path: readonly string[]): JsonValue | undefined {
  let node: JsonValue | undefined = document;
  for (const key of path) {
    node = follow(document, node);
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as Record<string, JsonValue>)[key];
  }
  return follow(document, node);
}

function follow(document: Record<string, JsonValue>, node: JsonValue | undefined): JsonValue | undefined {
  for (let hops = 0; hops < 8; hops++) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return node;
    const ref = (node as Record<string, JsonValue>).$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#')) return node;
    let tokens: string[];
    try {
      tokens = parsePointer(ref);
    } catch {
      return undefined;
    }
    let target: JsonValue | undefined = document;
    for (const token of tokens) {
      target = target !== null && typeof target === 'object' ? (target as Record<string, JsonValue>)[token] : undefined;
    }
    node = target;
  }
  return node;
}

/** A string at `path` in the document, when it is one (`x-pattern`, a title). */
export function documentString(document: Record<string, JsonValue>, path: readonly string[]): string | undefined {
  const value = documentAt(document, path);
  return typeof value === 'string' ? value : undefined;
}

/** A section's heading link to itself (`#`), for copying deep links. */
export function selfLink(id: string, label: string): Html {
  return html`<a class="self-link" href="#${id}" aria-label="Link to ${label}">#</a>`;
}

/** An example value in a `<pre>` block: JSON pretty-printed, a string of another media type as it is; always escaped. */
export function exampleBlock(value: JsonValue, options: { title?: string; json?: boolean } = {}): Html {
  const text = prettyJson(value, options.json === false);
  return html`<figure class="example">${options.title ? html`<figcaption>${options.title}</figcaption>` : ''}<pre class="code"><code>${text}</code></pre></figure>`;
}

/** The consumers of an operation from the pacts (name, where from, interactions), or a line saying none uses it. */
export function consumersBlock(operationId: string, ctx: ReferenceContext): Html {
  const consumers = ctx.consumers(operationId);
  if (consumers.length === 0) return html`<div class="consumers"><h4>Consumers</h4><p class="none">No pact uses this operation.</p></div>`;
  return html`<div class="consumers"><h4>Consumers</h4><ul class="consumer-list">${consumers.map(
    (c) =>
      html`<li><span class="consumer-name">${c.consumer}</span> <span class="consumer-source">${c.source}</span>${
        c.interactions.length > 0
          ? html`<details><summary>${c.interactions.length} interaction${c.interactions.length === 1 ? '' : 's'}</summary><ul class="interactions">${c.interactions.map(
              (i) => html`<li>${i}</li>`,
            )}</ul></details>`
          : ''
      }</li>`,
  )}</ul></div>`;
}

/** A link to the contract line a node comes from, when the file is part of the site. */
export function sourceLink(origin: Origin, ctx: ReferenceContext): Html {
  const href = ctx.source(origin);
  return href === undefined ? html`` : html`<a class="source-link" href="${href}">source</a>`;
}

/** Protocol bindings as a short definition list: protocol, then each field (`queue: delivery`), schema-valued ones as types. */
export function bindingsBlock(bindings: BindingsIR | undefined, schemas: SchemaContext): Html {
  const protocols = bindings ? Object.keys(bindings).sort() : [];
  if (protocols.length === 0) return html``;
  return html`<dl class="bindings">${protocols.map((protocol) => {
    const b = bindings![protocol]!;
    const fields = [
      ...Object.keys(b.values)
        .sort()
        .map((k) => html`<code>${k}: ${compactJson(b.values[k])}</code>`),
      ...Object.keys(b.schemas)
        .sort()
        .map((k) => html`<code>${k}</code>: ${schemaType(b.schemas[k]!, schemas)}`),
    ];
    return html`<dt>${protocol}</dt><dd>${fields.length > 0 ? join(fields, ', ') : html`<span class="none">(defaults)</span>`}</dd>`;
  })}</dl>`;
}

/** A description in Markdown, in its wrapper, or nothing. */
export function description(text: string | undefined): Html {
  return text === undefined || text.trim() === '' ? html`` : html`<div class="md">${markdown(text)}</div>`;
}

/** A small key/value line (`Interaction style: request-response`). */
export function fact(key: string, value: Html | string): Html {
  return html`<div class="fact"><span class="fact-key">${key}</span> <span class="fact-value">${value}</span></div>`;
}

/** Where the clients of a deprecated API go: its successor contract (title and version when it could be read). */
export function successorNote(lifecycle: ApiLifecycleIR | undefined): Html {
  if (!lifecycle?.successor) return html``;
  const next = lifecycle.successorApi;
  return html`<p class="lifecycle successor">Successor: ${next ? html`${next.title} <span class="version">${next.version}</span>` : ''} <code>${lifecycle.successor}</code></p>`;
}
