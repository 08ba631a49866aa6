import { changeGroup } from '@apilife/diff';
import type { ChangelogChange } from '@apilife/lifecycle';
import { html, type Html } from '../html.ts';
import { inlineMarkdown } from '../reference/markdown-inline.ts';

const GROUPS = [
  ['breaking', 'Breaking changes'],
  ['deprecation', 'Deprecations'],
  ['other', 'Other changes'],
] as const;

/** Counts of a release's changes by group: `2 breaking · 1 deprecation · 3 other`. */
export function changeCounts(changes: readonly ChangelogChange[]): Html {
  const counts = GROUPS.map(([group]) => [group, changes.filter((c) => changeGroup(c) === group).length] as const).filter(([, n]) => n > 0);
  if (counts.length === 0) return html`<span class="muted">descriptions and examples only</span>`;
  return html`${counts.map(
    ([group, n], i) =>
      html`${i > 0 ? ' · ' : ''}<span class="count count-${group}">${n} ${group === 'deprecation' ? (n > 1 ? 'deprecations' : 'deprecation') : group === 'other' ? (n > 1 ? 'other changes' : 'other change') : 'breaking'}</span>`,
  )}`;
}

/** A release's changes under their headings, each in words with its subject and check id. */
export function changeList(changes: readonly ChangelogChange[], heading: 'h3' | 'h4' = 'h4'): Html {
  if (changes.length === 0)
    return html`<p class="muted">Descriptions, examples or formatting only (nothing <code>apilife diff</code> reports).</p>`;
  return html`${GROUPS.map(([group, title]) => {
    const list = changes.filter((c) => changeGroup(c) === group);
    if (list.length === 0) return '';
    const h = heading === 'h3' ? html`<h3>${title}</h3>` : html`<h4>${title}</h4>`;
    return html`${h}<ul class="changes changes-${group}">${list.map(
      (c) => html`<li><code>${c.subject}</code>: ${inlineMarkdown(c.text)} <span class="check-id">${c.id}</span></li>`,
    )}</ul>`;
  })}`;
}
