import type { Config } from '@redocly/openapi-core';
import type { Ruleset } from '@stoplight/spectral-core';
import type { AsyncApiParserRule, Severity } from '@apilife/contract';
import type { HouseRule } from '../rules/define-rule.ts';
import { rulePagePath, ruleHelp } from '../rules/rule-help.ts';
import type { RuleInfo } from '../report.ts';

const SPECTRAL_SEVERITY: Severity[] = ['error', 'warn', 'info', 'hint'];

/**
 * Every enabled rule of the engines, for SARIF and `--list-rules`, with the help each engine
 * has: Spectral's description and documentation link, Redocly's rule page, and for house rules
 * their full help and, when `docsUrl` (the config's `docs.url`) says where the portal is
 * published, a link to their page there.
 */
export function describeRules(
  ruleset: Ruleset,
  redocly: Config,
  house: readonly HouseRule[],
  docsUrl?: string,
  asyncApiParser: readonly AsyncApiParserRule[] = [],
): RuleInfo[] {
  const out: RuleInfo[] = [];
  for (const [code, rule] of Object.entries(ruleset.rules)) {
    const r = rule as unknown as { enabled: boolean; description: string | null; severity: number; documentationUrl: string | null };
    if (!r.enabled) continue;
    const info: RuleInfo = {
      code,
      source: 'spectral',
      description: r.description ?? code,
      severity: SPECTRAL_SEVERITY[r.severity] ?? 'warn',
    };
    if (r.documentationUrl) info.helpUri = r.documentationUrl;
    info.help = linkedHelp(info.description, info.helpUri);
    out.push(info);
  }
  const seen = new Set<string>();
  const byVersion = (redocly as unknown as { rules?: Record<string, Record<string, unknown>> }).rules ?? {};
  for (const rules of Object.values(byVersion)) {
    for (const [code, setting] of Object.entries(rules ?? {})) {
      const severity = typeof setting === 'string' ? setting : (setting as { severity?: string } | undefined)?.severity;
      if (!severity || severity === 'off' || seen.has(code)) continue;
      seen.add(code);
      const helpUri = `https://redocly.com/docs/cli/rules/${code}`;
      const description = `Redocly rule ${code}`;
      out.push({
        code,
        source: 'redocly',
        description,
        severity: severity === 'warn' ? 'warn' : 'error',
        help: linkedHelp(description, helpUri),
        helpUri,
      });
    }
  }
  for (const rule of house)
    out.push({
      code: `apilife/${rule.id}`,
      source: 'apilife',
      description: rule.description,
      severity: rule.severity,
      fullDescription: `${rule.description} ${rule.docs.why}`,
      help: ruleHelp(rule),
      ...(docsUrl ? { helpUri: `${docsUrl}/${rulePagePath(rule.id)}` } : {}),
    });
  for (const rule of asyncApiParser) out.push({ ...rule, source: 'asyncapi-parser' });
  return out.sort((a, b) => (a.source + a.code < b.source + b.code ? -1 : 1));
}

/** Help for a rule that has only a line and maybe a link. */
function linkedHelp(description: string, helpUri: string | undefined): { text: string; markdown: string } {
  if (!helpUri) return { text: description, markdown: description };
  return { text: `${description}\nSee ${helpUri}`, markdown: `${description}\n\nSee [the rule's documentation](${helpUri}).` };
}
