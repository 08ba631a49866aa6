import type { ApiIR } from '@apilife/contract';
import { anchor, html } from '../html.ts';
import type { Reference, ReferenceContext } from '../site.ts';

/** The reference of an OpenAPI contract (to be filled in). */
export function renderOpenApiReference(api: ApiIR, ctx: ReferenceContext): Reference {
  const ops = api.operations;
  return {
    body: html`${ops.map((op) => html`<section id="${anchor('op', op.operationId)}"><h3>${op.method} ${op.path}</h3><p>${op.summary ?? ''}</p></section>`)}`,
    nav: [
      {
        title: 'Operations',
        items: ops.map((op) => ({ title: op.summary ?? op.operationId, href: `#${anchor('op', op.operationId)}`, tag: op.method })),
      },
    ],
    search: ops.map((op) => ({
      kind: 'operation',
      title: op.operationId,
      detail: `${op.method} ${op.path}${op.summary ? ` · ${op.summary}` : ''}`,
      api: api.title,
      href: `${ctx.pageHref}#${anchor('op', op.operationId)}`,
      deprecated: op.lifecycle.deprecated,
    })),
  };
}
