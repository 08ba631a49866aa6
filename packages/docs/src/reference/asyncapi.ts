import type { MessagingApiIR } from '@apilife/contract';
import { anchor, html, type Html } from '../html.ts';
import type { NavGroup, Reference, ReferenceContext, SearchEntry } from '../site.ts';
import { renderChannel, renderMessage, renderMessageOperation, type MessagingPage } from './asyncapi-parts.ts';
import { description, documentAt, successorNote } from './blocks.ts';
import { firstLine, renderSchemasSection, schemasNav, schemasSearch } from './schema-section.ts';
import { createSchemaContext } from './schema.ts';

/**
 * The reference of an AsyncAPI contract: title, version, description and servers; its operations
 * (send/receive, channel, reply, interaction style and pattern, lifecycle, consumers), channels,
 * messages (envelope facts, headers, payload, example) and schemas, each deep-linkable. With its side
 * navigation and one search entry per operation, channel, message and schema.
 */
export function renderAsyncApiReference(messaging: MessagingApiIR, ctx: ReferenceContext): Reference {
  const page: MessagingPage = { messaging, ctx, schemas: createSchemaContext(messaging.schemas) };
  const body = html`<div class="reference reference-asyncapi">
${intro(messaging)}
${section(
  'ref-operations',
  'Operations',
  messaging.operations.map((op) => renderMessageOperation(op, page)),
)}${section(
  'ref-channels',
  'Channels',
  messaging.channels.map((c) => renderChannel(c, page)),
)}${section(
  'ref-messages',
  'Messages',
  messaging.messages.map((m) => renderMessage(m, page)),
)}${renderSchemasSection(messaging.schemas, page.schemas, ctx)}</div>
`;
  const channelOf = new Map(messaging.channels.map((c) => [c.key, c]));
  const nav: NavGroup[] = [
    {
      title: 'Operations',
      items: messaging.operations.map((op) => ({
        title: op.operationId,
        href: `#${anchor('op', op.operationId)}`,
        tag: op.action,
        ...(op.lifecycle.deprecated ? { deprecated: true } : {}),
      })),
    },
    {
      title: 'Channels',
      items: messaging.channels.map((c) => ({
        title: c.address ?? c.key,
        href: `#${anchor('channel', c.key)}`,
        ...(c.lifecycle?.deprecated ? { deprecated: true } : {}),
      })),
    },
    {
      title: 'Messages',
      items: messaging.messages.map((m) => ({
        title: m.name ?? m.key,
        href: `#${anchor('message', m.key)}`,
        ...(m.lifecycle?.deprecated ? { deprecated: true } : {}),
      })),
    },
    ...schemasNav(messaging.schemas),
  ].filter((g) => g.items.length > 0);
  const entry = (e: Omit<SearchEntry, 'api' | 'href'>, id: string): SearchEntry => ({
    ...e,
    api: messaging.title,
    href: `${ctx.pageHref}#${id}`,
  });
  const search: SearchEntry[] = [
    ...messaging.operations.map((op) => {
      const address = channelOf.get(op.channel)?.address ?? op.channel;
      return entry(
        {
          kind: 'operation',
          title: op.operationId,
          detail: `${op.action} ${address}${op.summary ? ` · ${op.summary}` : ''}`,
          ...(op.lifecycle.deprecated ? { deprecated: true } : {}),
        },
        anchor('op', op.operationId),
      );
    }),
    ...messaging.channels.map((c) =>
      entry(
        {
          kind: 'channel',
          title: c.address ?? c.key,
          detail: [c.key, firstLine(c.description)].filter(Boolean).join(' · '),
          ...(c.lifecycle?.deprecated ? { deprecated: true } : {}),
        },
        anchor('channel', c.key),
      ),
    ),
    ...messaging.messages.map((m) =>
      entry(
        {
          kind: 'message',
          title: m.name ?? m.key,
          detail: [m.title, m.summary ?? m.cloudEventType].filter(Boolean).join(' · ') || m.key,
          ...(m.lifecycle?.deprecated ? { deprecated: true } : {}),
        },
        anchor('message', m.key),
      ),
    ),
    ...schemasSearch(messaging.schemas, messaging.title, ctx),
  ];
  return { body, nav, search };
}

function section(id: string, title: string, parts: Html[]): Html {
  if (parts.length === 0) return html``;
  return html`<section class="ref-group" id="${id}" aria-labelledby="${id}-title">
<h2 id="${id}-title">${title}</h2>
${parts}</section>
`;
}

/** Description and servers (the page's header shows the title, version and lifecycle badges). */
function intro(messaging: MessagingApiIR): Html {
  const info = documentAt(messaging.document, ['info']);
  const text = info && typeof info === 'object' && !Array.isArray(info) ? info : {};
  return html`<header class="ref-intro" id="ref-overview">
${successorNote(messaging.lifecycle)}
${description(typeof text.description === 'string' ? text.description : undefined)}
${
  messaging.servers.length > 0
    ? html`<section class="ref-servers" id="ref-servers"><h2>Servers</h2>
<div class="table-wrap"><table class="servers"><thead><tr><th scope="col">Name</th><th scope="col">Protocol</th><th scope="col">Host</th><th scope="col">Description</th></tr></thead><tbody>${messaging.servers.map(
        (s) =>
          html`<tr id="${anchor('server', s.name)}"><td><code>${s.name}</code></td><td>${s.protocol}</td><td><code>${s.host}</code></td><td>${description(s.description)}</td></tr>`,
      )}</tbody></table></div></section>`
    : ''
}</header>
`;
}
