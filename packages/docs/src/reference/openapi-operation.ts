import type { ApiIR, HeaderIR, MediaIR, OperationIR, ParameterIR, ResponseIR, SecurityRequirementIR } from '@apilife/contract';
import { lifecycleBadges, methodTag } from '../components.ts';
import { anchor, html, join, type Html } from '../html.ts';
import type { ReferenceContext } from '../site.ts';
import { consumersBlock, description, documentString, exampleBlock, fact, selfLink, sourceLink } from './blocks.ts';
import { inlineMarkdown } from './markdown-inline.ts';
import { schemaFacts } from './schema-facts.ts';
import { renderSchema, schemaType, type SchemaContext } from './schema.ts';

/** What every operation section of one API page shares. */
export interface OperationPage {
  api: ApiIR;
  ctx: ReferenceContext;
  schemas: SchemaContext;
  /** operationIds of the API, for successor links. */
  operationIds: ReadonlySet<string>;
}

/**
 * One operation as a section with a stable deep link (`#op-<operationId>`): method, path, summary,
 * lifecycle, interaction style and pattern, description, notes (idempotency, preconditions, rate
 * limit), security, parameters, request body, responses, consumers and a link to its source.
 */
export function renderOperation(op: OperationIR, page: OperationPage): Html {
  const id = anchor('op', op.operationId);
  const pattern = documentString(page.api.document, ['paths', op.path, op.method.toLowerCase(), 'x-pattern']);
  const title = op.summary ?? op.operationId;
  return html`<section class="operation${op.lifecycle.deprecated ? ' deprecated' : ''}" id="${id}" aria-labelledby="${id}-title">
<h3 id="${id}-title">${title} ${selfLink(id, title)}</h3>
<p class="op-line">${methodTag(op.method)} <code class="op-path">${op.path}</code></p>
<div class="op-meta">${fact('operationId', html`<code>${op.operationId}</code>`)}${
    op.interactionStyle ? fact('Interaction style', op.interactionStyle) : ''
  }${pattern ? fact('Pattern', pattern) : ''}${sourceLink(op.origin, page.ctx)}</div>
${lifecycle(op, page)}${description(op.description)}${notes(op)}${security(op.security, page.api)}${parameters(op.parameters, page)}${requestBody(op, page)}${responses(op.responses, page)}
${consumersBlock(op.operationId, page.ctx)}
</section>
`;
}

function lifecycle(op: OperationIR, page: OperationPage): Html {
  const l = op.lifecycle;
  const badges = lifecycleBadges(l, page.ctx.today);
  if (badges.value === '' && !l.successor) return html``;
  const successor = l.successor
    ? page.operationIds.has(l.successor)
      ? html`Use <a href="#${anchor('op', l.successor)}"><code>${l.successor}</code></a>${l.successorPath ? html` (<code>${l.successorPath}</code>)` : ''} instead.`
      : html`Use <code>${l.successor}</code> instead.`
    : '';
  return html`<div class="lifecycle">${badges}${l.deprecatedAt ? html` <span class="lifecycle-note">deprecated since ${l.deprecatedAt}</span>` : ''}${
    l.retired ? html` <span class="lifecycle-note">answers <code>410 Gone</code></span>` : ''
  }${successor ? html` <span class="successor">${successor}</span>` : ''}</div>`;
}

function notes(op: OperationIR): Html {
  const items: Html[] = [];
  if (op.idempotencyKeyHeader) {
    items.push(
      html`<li><strong>Idempotency key.</strong> Send <code>${op.idempotencyKeyHeader}</code>: a retry with the same key and body gets the original response instead of acting twice.</li>`,
    );
  } else if (op.idempotent) items.push(html`<li><strong>Idempotent.</strong> Safe to retry.</li>`);
  if (op.ifMatch) {
    items.push(
      html`<li><strong>Precondition.</strong> ${op.ifMatch.required ? 'Requires' : 'Accepts'} <code>If-Match</code> with the resource's <code>ETag</code>: <code>412</code> when it no longer matches${
        op.ifMatch.required ? html`, <code>428</code> when it is missing` : ''
      }.</li>`,
    );
  }
  if (op.rateLimited) {
    items.push(
      html`<li><strong>Rate limited.</strong> Over the quota it answers <code>429 Too Many Requests</code>; wait for <code>Retry-After</code>.</li>`,
    );
  }
  return items.length > 0 ? html`<ul class="op-notes">${items}</ul>` : html``;
}

/** The security requirement: alternatives joined by "or", the schemes of one alternative by "and". */
function security(requirements: SecurityRequirementIR[], api: ApiIR): Html {
  const known = new Set(api.securitySchemes.map((s) => s.name));
  const scheme = (name: string, scopes: string[]) =>
    html`${known.has(name) ? html`<a href="#${anchor('security', name)}">${name}</a>` : name}${
      scopes.length > 0
        ? html` <span class="scopes">(${join(
            scopes.map((s) => html`<code>${s}</code>`),
            ', ',
          )})</span>`
        : ''
    }`;
  const alternatives =
    requirements.length === 0
      ? html`none`
      : join(
          requirements.map((alt) =>
            alt.length === 0
              ? html`anonymous`
              : join(
                  alt.map((s) => scheme(s.scheme, s.scopes)),
                  ' and ',
                ),
          ),
          html` <span class="or">or</span> `,
        );
  return html`<div class="op-security">${fact('Security', alternatives)}</div>`;
}

function parameters(params: ParameterIR[], page: OperationPage): Html {
  if (params.length === 0) return html``;
  return html`<h4>Parameters</h4>
<div class="table-wrap"><table class="params"><thead><tr><th scope="col">Name</th><th scope="col">In</th><th scope="col">Type</th><th scope="col">Required</th><th scope="col">Description</th><th scope="col">Example</th></tr></thead><tbody>
${params.map(
  (p) =>
    html`<tr${p.deprecated ? html` class="deprecated"` : ''}><td><code class="prop-name">${p.name}</code>${
      p.deprecated ? html` <span class="badge badge-deprecated">Deprecated</span>` : ''
    }</td><td>${p.in}</td><td>${schemaType(p.schema, page.schemas)}</td><td>${p.required ? html`<span class="prop-required">required</span>` : 'optional'}</td><td>${description(
      p.description,
    )}${schemaFacts(p.schema)}</td><td>${p.example !== undefined ? html`<code class="value">${JSON.stringify(p.example)}</code>` : ''}</td></tr>\n`,
)}</tbody></table></div>`;
}

function requestBody(op: OperationIR, page: OperationPage): Html {
  const body = op.requestBody;
  if (!body) return html``;
  return html`<h4>Request body ${body.required ? html`<span class="prop-required">required</span>` : html`<span class="prop-flag">optional</span>`}</h4>${description(
    body.description,
  )}${body.contents.map((m) => media(m, page, true))}`;
}

function media(m: MediaIR, page: OperationPage, expand: boolean): Html {
  return html`<div class="media"><p class="media-type"><code>${m.mediaType}</code></p>${renderSchema(m.schema, page.schemas, { expandRef: expand })}${
    m.example !== undefined ? exampleBlock(m.example, { title: 'Example', json: m.json }) : ''
  }</div>`;
}

function responses(list: ResponseIR[], page: OperationPage): Html {
  if (list.length === 0) return html``;
  return html`<h4>Responses</h4>
<div class="responses">${list.map((r) => response(r, page))}</div>`;
}

function statusClass(status: ResponseIR['status']): string {
  const first = String(status)[0];
  return status === 'default' ? 'status-default' : `status-${first}xx`;
}

function response(r: ResponseIR, page: OperationPage): Html {
  const success = /^[23]/.test(String(r.status));
  const lines = r.description.trim().split('\n');
  const more = lines.length > 1;
  return html`<details class="response ${statusClass(r.status)}"${success ? html` open` : ''}><summary><span class="status">${String(r.status)}</span> <span class="response-summary">${inlineMarkdown(
    lines[0] ?? '',
  )}</span></summary>
${more ? description(r.description) : ''}${headers(r.headers, page)}${r.contents.map((m) => media(m, page, success))}</details>
`;
}

function headers(list: HeaderIR[], page: OperationPage): Html {
  if (list.length === 0) return html``;
  return html`<div class="table-wrap"><table class="headers"><caption>Headers</caption><thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Required</th><th scope="col">Description</th></tr></thead><tbody>${list.map(
    (h) =>
      html`<tr><td><code class="prop-name">${h.name}</code></td><td>${schemaType(h.schema, page.schemas)}</td><td>${h.required ? html`<span class="prop-required">required</span>` : 'optional'}</td><td>${description(
        h.description,
      )}${schemaFacts(h.schema)}</td></tr>`,
  )}</tbody></table></div>`;
}
