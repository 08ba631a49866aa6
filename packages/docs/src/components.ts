import { daysBetween } from '@apilife/lifecycle';
import { html, type Html } from './html.ts';
import type { SiteApi } from './site.ts';

/** Lifecycle facts a badge shows (an operation's, a message's, a channel's or a whole API's). */
export interface BadgeFacts {
  stage?: string | null;
  deprecated?: boolean;
  retired?: boolean;
  deprecatedAt?: string | null;
  sunset?: string | null;
  successor?: string | null;
}

/**
 * The lifecycle badges of anything that has them: `Deprecated` (or `Retired`), the sunset day with
 * the days left or how long it is overdue, and a stage other than the usual ones (`design`, `plan`).
 * Overdue (past its sunset, still served) is marked `overdue` for people and for styles.
 */
export function lifecycleBadges(facts: BadgeFacts, today: string): Html {
  const retired = facts.retired === true || facts.stage === 'retired';
  const deprecated = !retired && (facts.deprecated === true || facts.stage === 'deprecated');
  const sunset = facts.sunset ?? null;
  const days = sunset ? daysBetween(today, sunset) : null;
  const overdue = sunset !== null && days !== null && days <= 0 && !retired;
  const stage = facts.stage && !['deprecated', 'retired', 'maintain', 'deploy'].includes(facts.stage) ? facts.stage : null;
  return html`${retired ? html`<span class="badge badge-retired">Retired</span>` : ''}${
    deprecated ? html`<span class="badge badge-deprecated">Deprecated</span>` : ''
  }${
    sunset
      ? html`<span class="badge ${overdue ? 'badge-overdue' : 'badge-sunset'}" title="${sunsetTitle(days!, overdue, retired)}">Sunset ${sunset}${overdue ? ' · overdue' : ''}</span>`
      : ''
  }${stage ? html`<span class="badge badge-stage">${stage}</span>` : ''}`;
}

/** An HTTP method as a coloured tag (`GET`, `POST`, …) or an AsyncAPI action (`send`, `receive`). */
export function methodTag(method: string): Html {
  return html`<span class="method method-${method.toLowerCase()}">${method.toUpperCase()}</span>`;
}

/** The sunset badge's tooltip: days left, overdue (past it and still served), or past it and retired. */
function sunsetTitle(days: number, overdue: boolean, retired: boolean): string {
  const n = (d: number) => `${d} day${d === 1 ? '' : 's'}`;
  if (retired) return days <= 0 ? `retired; its sunset was ${n(-days)} ago` : `retired; ${n(days)} before its sunset`;
  return overdue ? `past its sunset by ${n(-days)}, still served` : `${n(days)} left`;
}

/** `written in AsyncAPI 2.6.0, converted to 3.0 in memory`, for a contract apilife read converted (nothing otherwise). */
export function convertedNote(api: SiteApi): Html | string {
  return api.convertedFrom
    ? html`<span class="converted" title="apilife reads this AsyncAPI ${api.convertedFrom} contract converted to 3.0; apilife convert writes the conversion">written in AsyncAPI ${api.convertedFrom}, converted to 3.0 in memory</span>`
    : '';
}
