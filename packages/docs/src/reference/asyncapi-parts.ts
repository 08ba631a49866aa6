import type { ChannelIR, MessageIR, MessageOperationIR, MessagingApiIR, OperationLifecycleIR } from '@apilife/contract';
import { lifecycleBadges, methodTag } from '../components.ts';
import { anchor, html, join, type Html } from '../html.ts';
import type { ReferenceContext } from '../site.ts';
import { bindingsBlock, consumersBlock, description, documentString, exampleBlock, fact, selfLink, sourceLink } from './blocks.ts';
import { schemaFacts } from './schema-facts.ts';
import { renderSchema, schemaType, type SchemaContext } from './schema.ts';

/** What every section of one AsyncAPI page shares. */
export interface MessagingPage {
  messaging: MessagingApiIR;
  ctx: ReferenceContext;
  schemas: SchemaContext;
}

/** An AsyncAPI operation: action, channel, messages, reply, style and pattern, lifecycle, consumers (`#op-<key>`). */
export function renderMessageOperation(op: MessageOperationIR, page: MessagingPage): Html {
  const id = anchor('op', op.operationId);
  const doc = page.messaging.document;
  const title = documentString(doc, ['operations', op.operationId, 'title']) ?? op.operationId;
  const pattern = documentString(doc, ['operations', op.operationId, 'x-pattern']);
  const reply = op.reply;
  return html`<section class="operation${op.lifecycle.deprecated ? ' deprecated' : ''}" id="${id}" aria-labelledby="${id}-title">
<h3 id="${id}-title">${title} ${selfLink(id, title)}</h3>
<p class="op-line">${methodTag(op.action)} ${channelLink(op.channel, page)}</p>
<div class="op-meta">${fact('operation', html`<code>${op.operationId}</code>`)}${op.interactionStyle ? fact('Interaction style', op.interactionStyle) : ''}${
    pattern ? fact('Pattern', pattern) : ''
  }${op.group ? fact('Queue group', html`<code>${op.group}</code>`) : ''}${sourceLink(op.origin, page.ctx)}</div>
${lifecycle(op.lifecycle, page, new Set(page.messaging.operations.map((o) => o.operationId)), 'op')}${
  op.summary ? html`<p class="op-summary">${op.summary}</p>` : ''
}${description(op.description)}
<h4>Messages</h4>${messageLinks(op.messages, page)}${
    reply
      ? html`<h4>Reply</h4><p class="op-line">${
          reply.channel
            ? channelLink(reply.channel, page)
            : reply.address
              ? html`<code class="op-path">${reply.address}</code>`
              : html`<span class="none">the address in the request's reply header</span>`
        }</p>${messageLinks(reply.messages, page)}`
      : ''
  }${bindings(op.bindings, page)}
${consumersBlock(op.operationId, page.ctx)}
</section>
`;
}

/** A channel: address, parameters, messages, the operations on it, servers and bindings (`#channel-<key>`). */
export function renderChannel(channel: ChannelIR, page: MessagingPage): Html {
  const id = anchor('channel', channel.key);
  const title = documentString(page.messaging.document, ['channels', channel.key, 'title']);
  const operations = page.messaging.operations.filter((o) => o.channel === channel.key || o.reply?.channel === channel.key);
  return html`<section class="channel${channel.lifecycle?.deprecated ? ' deprecated' : ''}" id="${id}" aria-labelledby="${id}-title">
<h3 id="${id}-title">${channel.address !== undefined ? html`<code class="op-path">${channel.address}</code>` : html`${channel.key} <span class="none">(dynamic address)</span>`} ${selfLink(
    id,
    channel.address ?? channel.key,
  )}</h3>
<div class="op-meta">${fact('channel', html`<code>${channel.key}</code>`)}${title ? fact('Title', title) : ''}${
    channel.servers
      ? fact(
          'Servers',
          join(
            channel.servers.map((s) => html`<a href="#${anchor('server', s)}"><code>${s}</code></a>`),
            ', ',
          ),
        )
      : ''
  }${sourceLink(channel.origin, page.ctx)}</div>
${channel.lifecycle ? lifecycle(channel.lifecycle, page, new Set(page.messaging.channels.map((c) => c.key)), 'channel') : ''}${description(channel.description)}${
  channel.parameters.length > 0
    ? html`<h4>Parameters</h4><div class="table-wrap"><table class="params"><thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Description</th><th scope="col">Location</th></tr></thead><tbody>${channel.parameters.map(
        (p) =>
          html`<tr><td><code class="prop-name">${p.name}</code></td><td>${schemaType(p.schema, page.schemas)}</td><td>${description(p.description)}${schemaFacts(
            p.schema,
          )}</td><td>${p.location ? html`<code>${p.location}</code>` : ''}</td></tr>`,
      )}</tbody></table></div>`
    : ''
}
<h4>Messages</h4>${messageLinks(channel.messages, page)}${
    operations.length > 0
      ? html`<h4>Operations</h4><ul class="link-list">${operations.map(
          (o) =>
            html`<li>${methodTag(o.action)} <a href="#${anchor('op', o.operationId)}"><code>${o.operationId}</code></a>${o.channel !== channel.key ? html` <span class="none">(reply)</span>` : ''}</li>`,
        )}</ul>`
      : ''
  }${bindings(channel.bindings, page)}</section>
`;
}

/** A message: envelope facts (content type, CloudEvents type, correlation id), headers, payload, example (`#message-<key>`). */
export function renderMessage(message: MessageIR, page: MessagingPage): Html {
  const id = anchor('message', message.key);
  const name = message.name ?? message.key;
  const text = documentString(page.messaging.document, ['components', 'messages', message.key, 'description']);
  const usedBy = page.messaging.operations.filter((o) => o.messages.includes(message.key) || o.reply?.messages.includes(message.key));
  const json = /^application\/(?:[\w.+-]*\+)?json\b/i.test(message.contentType);
  return html`<section class="message${message.lifecycle?.deprecated ? ' deprecated' : ''}" id="${id}" aria-labelledby="${id}-title">
<h3 id="${id}-title">${name} ${selfLink(id, name)}</h3>
${message.title && message.title !== name ? html`<p class="message-title">${message.title}</p>` : ''}
<div class="op-meta">${message.key !== name ? fact('key', html`<code>${message.key}</code>`) : ''}${fact('Content type', html`<code>${message.contentType}</code>`)}${
    message.cloudEventType ? fact('CloudEvents type', html`<code>${message.cloudEventType}</code>`) : ''
  }${message.correlationId ? fact('Correlation id', html`<code>${message.correlationId}</code>`) : ''}${sourceLink(message.origin, page.ctx)}</div>
${message.lifecycle ? lifecycle(message.lifecycle, page, new Set(page.messaging.messages.map((m) => m.key)), 'message') : ''}${message.summary ? html`<p class="op-summary">${message.summary}</p>` : ''}${description(text)}${
  usedBy.length > 0
    ? html`<div class="fact"><span class="fact-key">Used by</span> <span class="fact-value">${join(
        usedBy.map((o) => html`${methodTag(o.action)} <a href="#${anchor('op', o.operationId)}"><code>${o.operationId}</code></a>`),
        ', ',
      )}</span></div>`
    : ''
}${
  message.headers
    ? html`<details class="message-headers"><summary>Headers</summary>${renderSchema(message.headers, page.schemas, { expandRef: true })}</details>`
    : ''
}
<h4>Payload</h4>${renderSchema(message.payload, page.schemas, { expandRef: true })}${
    message.example !== undefined ? exampleBlock(message.example, { title: 'Example payload', json }) : ''
  }${bindings(message.bindings, page)}</section>
`;
}

function channelLink(key: string, page: MessagingPage): Html {
  const channel = page.messaging.channels.find((c) => c.key === key);
  if (!channel) return html`<code class="op-path">${key}</code>`;
  return html`<a class="channel-link" href="#${anchor('channel', key)}"><code class="op-path">${channel.address ?? key}</code></a>`;
}

function messageLinks(keys: readonly string[], page: MessagingPage): Html {
  if (keys.length === 0) return html`<p class="none">None declared.</p>`;
  return html`<ul class="link-list">${keys.map((key) => {
    const m = page.messaging.messages.find((x) => x.key === key);
    return html`<li>${
      m
        ? html`<a href="#${anchor('message', key)}">${m.name ?? key}</a>${m.summary ? html` <span class="link-note">${m.summary}</span>` : ''}`
        : html`<code>${key}</code>`
    }</li>`;
  })}</ul>`;
}

function bindings(b: MessageIR['bindings'], page: MessagingPage): Html {
  const block = bindingsBlock(b, page.schemas);
  return block.value === '' ? block : html`<h4>Bindings</h4>${block}`;
}

function lifecycle(l: OperationLifecycleIR, page: MessagingPage, ids: ReadonlySet<string>, prefix: string): Html {
  const badges = lifecycleBadges(l, page.ctx.today);
  if (badges.value === '' && !l.successor) return html``;
  const successor = l.successor
    ? ids.has(l.successor)
      ? html`Use <a href="#${anchor(prefix, l.successor)}"><code>${l.successor}</code></a> instead.`
      : html`Use <code>${l.successor}</code> instead.`
    : '';
  return html`<div class="lifecycle">${badges}${l.deprecatedAt ? html` <span class="lifecycle-note">deprecated since ${l.deprecatedAt}</span>` : ''}${
    successor ? html` <span class="successor">${successor}</span>` : ''
  }</div>`;
}
