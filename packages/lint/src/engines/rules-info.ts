import type { Config } from '@redocly/openapi-core';
import type { Ruleset } from '@stoplight/spectral-core';
import type { AsyncApiParserRule, Severity } from '@apilife/contract';
import type { HouseRule } from '../rules/define-rule.ts';
import type { RuleInfo } from '../report.ts';

const SPECTRAL_SEVERITY: Severity[] = ['error', 'warn', 'info', 'hint'];

/** Every enabled rule of the engines, for SARIF and `--list-rules`. */
export function describeRules(
  ruleset: Ruleset,
  redocly: Config,
  house: readonly HouseRule[],
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
    out.push(info);
  }
  const seen = new Set<string>();
  const byVersion = (redocly as unknown as { rules?: Record<string, Record<string, unknown>> }).rules ?? {};
  for (const rules of Object.values(byVersion)) {
    for (const [code, setting] of Object.entries(rules ?? {})) {
      const severity = typeof setting === 'string' ? setting : (setting as { severity?: string } | undefined)?.severity;
      if (!severity || severity === 'off' || seen.has(code)) continue;
      seen.add(code);
      out.push({
        code,
        source: 'redocly',
        description: `Redocly rule ${code}`,
        severity: severity === 'warn' ? 'warn' : 'error',
        helpUri: `https://redocly.com/docs/cli/rules/${code}`,
      });
    }
  }
  for (const rule of house)
    out.push({ code: `apilife/${rule.id}`, source: 'apilife', description: rule.description, severity: rule.severity });
  for (const rule of asyncApiParser) out.push({ ...rule, source: 'asyncapi-parser' });
  return out.sort((a, b) => (a.source + a.code < b.source + b.code ? -1 : 1));
}
