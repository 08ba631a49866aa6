import { HOUSE_RULES, RULESET_LABEL, rulePagePath, suppressionExample, type HouseRule } from '@apilife/lint/rules';
import { html } from '../html.ts';
import { renderPage } from '../layout.ts';
import { inlineMarkdown } from '../reference/markdown-inline.ts';
import type { NavGroup, Site } from '../site.ts';

/** The rules' index page, relative to the site's root. */
export const RULES_INDEX = 'rules/index.html';

/**
 * The house lint rules of `apilife lint` as pages: an index, and one page per rule
 * (`rules/<id>.html`) saying what it checks, why, its severity and ruleset, a contract fragment it
 * reports and the same fixed, and how to suppress it with a reason. SARIF's `helpUri` of a house
 * rule points here when the config's `docs.url` says where the portal is published.
 */
export function renderRulePages(site: Site): Map<string, string> {
  const pages = new Map<string, string>();
  const rules = [...HOUSE_RULES].sort((a, b) => a.id.localeCompare(b.id));
  pages.set(RULES_INDEX, renderIndex(site, rules));
  for (const rule of rules) pages.set(rulePagePath(rule.id), renderRule(site, rule, rules));
  return pages;
}

function renderIndex(site: Site, rules: readonly HouseRule[]): string {
  const body = html`<h1>Lint rules</h1>
<p class="lead">The house rules <code>apilife lint</code> runs beside Spectral's and Redocly's. <strong>Safety</strong> rules always run;
<strong>recommended</strong> rules run when <code>.spectral.yaml</code> extends <code>apilife:recommended</code>, or one by one when <code>rules:</code> names them.</p>
<table class="rules">
<thead><tr><th scope="col">Rule</th><th scope="col">Severity</th><th scope="col">Ruleset</th><th scope="col">Checks</th></tr></thead>
<tbody>
${rules.map(
  (r) =>
    html`<tr><td><a href="${r.id}.html"><code>apilife/${r.id}</code></a></td><td>${r.severity}</td><td>${r.ruleset}</td><td>${inlineMarkdown(r.description)}</td></tr>\n`,
)}</tbody>
</table>`;
  return renderPage({ href: RULES_INDEX, title: 'Lint rules', siteTitle: site.title, body, section: 'rules', nav: nav(rules) });
}

function renderRule(site: Site, rule: HouseRule, rules: readonly HouseRule[]): string {
  const code = `apilife/${rule.id}`;
  const body = html`<p class="crumbs"><a href="index.html">Lint rules</a></p>
<h1><code>${code}</code></h1>
<p class="lead">${inlineMarkdown(rule.description)}</p>
<dl class="rule-facts">
  <dt>Severity</dt><dd>${rule.severity}</dd>
  <dt>Ruleset</dt><dd>${inlineMarkdown(RULESET_LABEL[rule.ruleset])}</dd>
  <dt>Applies to</dt><dd>${rule.formats.join(', ')}</dd>
</dl>
<h2 id="why">Why</h2>
<p>${inlineMarkdown(rule.docs.why)}</p>
<h2 id="failing">Reported</h2>
<pre class="example failing"><code>${rule.docs.failing}</code></pre>
<h2 id="passing">Passes</h2>
<pre class="example passing"><code>${rule.docs.passing}</code></pre>
<h2 id="suppress">Suppress it, with a reason</h2>
<p>On the object the finding is on, or one above it (an operation, a path item, <code>info</code>, a schema):</p>
<pre class="example"><code>${suppressionExample(code)}</code></pre>
<p>Or from outside the contract, in <code>.apilife-lint-ignore.yaml</code> (file, JSON pointer, rule, reason). A suppression without a reason is itself reported.</p>`;
  return renderPage({ href: rulePagePath(rule.id), title: code, siteTitle: site.title, body, section: 'rules', nav: nav(rules) });
}

function nav(rules: readonly HouseRule[]): NavGroup[] {
  return [
    {
      title: 'Lint rules',
      items: [{ title: 'All rules', href: RULES_INDEX }, ...rules.map((r) => ({ title: r.id, href: rulePagePath(r.id) }))],
    },
  ];
}
