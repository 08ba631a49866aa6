import { IGNORE_KEY } from '../suppress.ts';
import { ruleCode, type HouseRule } from './define-rule.ts';

/** The ruleset names as people read them. */
export const RULESET_LABEL: Record<HouseRule['ruleset'], string> = {
  safety: 'safety (always on)',
  recommended: 'recommended (with `extends: apilife:recommended`, or named under `rules:`)',
};

/** How a finding of `code` is silenced, with the reason the suppression must give (YAML). */
export function suppressionExample(code: string): string {
  return `${IGNORE_KEY}:\n  ${code}: "why this place is an exception"`;
}

/** The portal page of a house rule, relative to the portal's root: `rules/problem-json.html`. */
export function rulePagePath(id: string): string {
  return `rules/${id}.html`;
}

/**
 * A house rule's help as SARIF `help` wants it, plain text and Markdown: what it checks, why,
 * its severity, a failing and a passing example, and how to suppress it with a reason. The docs
 * portal's rule page says the same in HTML.
 *
 * @example
 * ruleHelp(problemJson).markdown; // '**apilife/problem-json**: Every 4xx/5xx response …'
 */
export function ruleHelp(rule: HouseRule): { text: string; markdown: string } {
  const code = ruleCode(rule);
  const fence = (yaml: string) => `\`\`\`yaml\n${yaml}\n\`\`\``;
  const indent = (yaml: string) => yaml.replace(/^/gm, '    ');
  const markdown = [
    `**${code}**: ${rule.description}`,
    `**Why.** ${rule.docs.why}`,
    `**Severity:** ${rule.severity} · **Ruleset:** ${RULESET_LABEL[rule.ruleset]} · **Applies to:** ${rule.formats.join(', ')}`,
    `**Reported:**\n\n${fence(rule.docs.failing)}`,
    `**Passes:**\n\n${fence(rule.docs.passing)}`,
    `**Suppress** one place, with a reason, on the object or above it (or in \`.apilife-lint-ignore.yaml\`):\n\n${fence(suppressionExample(code))}`,
  ].join('\n\n');
  const text = [
    `${code}: ${rule.description}`,
    `Why: ${rule.docs.why}`,
    `Severity: ${rule.severity}. Ruleset: ${RULESET_LABEL[rule.ruleset].replaceAll('`', '')}. Applies to: ${rule.formats.join(', ')}.`,
    `Reported:\n${indent(rule.docs.failing)}`,
    `Passes:\n${indent(rule.docs.passing)}`,
    `Suppress one place with a reason (or in .apilife-lint-ignore.yaml):\n${indent(suppressionExample(code))}`,
  ].join('\n\n');
  return { text, markdown };
}
