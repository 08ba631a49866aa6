import type { MessagingApiIR } from '@apilife/contract';
import { anchor, html } from '../html.ts';
import type { Reference, ReferenceContext } from '../site.ts';

/** The reference of an AsyncAPI contract (to be filled in). */
export function renderAsyncApiReference(messaging: MessagingApiIR, ctx: ReferenceContext): Reference {
  const ops = messaging.operations;
  return {
    body: html`${ops.map((op) => html`<section id="${anchor('op', op.operationId)}"><h3>${op.action} ${op.channel}</h3></section>`)}`,
    nav: [
      {
        title: 'Operations',
        items: ops.map((op) => ({ title: op.operationId, href: `#${anchor('op', op.operationId)}`, tag: op.action })),
      },
    ],
    search: ops.map((op) => ({
      kind: 'operation',
      title: op.operationId,
      detail: `${op.action} ${op.channel}`,
      api: messaging.title,
      href: `${ctx.pageHref}#${anchor('op', op.operationId)}`,
      deprecated: op.lifecycle.deprecated,
    })),
  };
}
