import { describe, expect, it } from 'vitest';
import { sarifValidator } from '../formatters/__fixtures__/sarif-validator.ts';
import { createReport } from '../formatters/__fixtures__/report.ts';
import { sarif } from '../formatters/sarif.ts';
import { HOUSE_RULES } from '../rules/index.ts';
import { loadRedoclyConfig } from './redocly/engine.ts';
import { describeRules } from './rules-info.ts';
import { defaultSpectralConfig } from './spectral/config.ts';

type Rule = {
  id: string;
  shortDescription: { text: string };
  fullDescription?: { text: string };
  help?: { text: string; markdown: string };
  helpUri?: string;
  properties: { engine: string };
};
type Log = { runs: [{ tool: { driver: { name: string; version?: string; informationUri: string; rules: Rule[] } } }] };

describe('describeRules and SARIF rule help', async () => {
  const spectral = defaultSpectralConfig().ruleset;
  const redocly = await loadRedoclyConfig(undefined);
  const toSarif = (docsUrl?: string) => {
    const rules = describeRules(spectral, redocly, HOUSE_RULES, docsUrl);
    const text = sarif(createReport({ rules }), { color: false, failSeverity: 'error', toolVersion: '1.2.3' });
    return JSON.parse(text) as Log;
  };
  const linked = toSarif('https://portal.example.com/apis');
  const driver = linked.runs[0].tool.driver;
  const house = driver.rules.filter(
    (r) => r.properties.engine === 'apilife' && r.id.startsWith('apilife/') && r.id !== 'apilife/openapi-version',
  );

  it('is valid SARIF 2.1.0 with every rule described, with or without the portal URL', () => {
    const validate = sarifValidator();
    expect(validate(linked), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(validate(toSarif()), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it("names apilife's version and where to read about it", () => {
    expect(driver).toMatchObject({ name: 'apilife', version: '1.2.3', informationUri: expect.stringMatching(/^https:\/\//) });
  });

  it('gives every house rule a description, a full description, help in text and Markdown, and a page in the portal', () => {
    expect(house.map((r) => r.id).sort()).toEqual(HOUSE_RULES.map((r) => `apilife/${r.id}`).sort());
    for (const rule of house) {
      const id = rule.id.slice('apilife/'.length);
      const source = HOUSE_RULES.find((r) => r.id === id)!;
      expect(rule.shortDescription.text).toBe(source.description);
      expect(rule.fullDescription?.text).toContain(source.docs.why);
      expect(rule.help?.markdown).toContain(`\`\`\`yaml\n${source.docs.failing}\n\`\`\``);
      expect(rule.help?.markdown).toContain(`x-lint-ignore:\n  ${rule.id}: "why this place is an exception"`);
      expect(rule.help?.text).toContain(source.docs.passing.split('\n')[0]);
      expect(rule.helpUri).toBe(`https://portal.example.com/apis/rules/${id}.html`);
    }
  });

  it('leaves house rules without helpUri when docs.url is unset, and keeps their help', () => {
    const rules = toSarif().runs[0].tool.driver.rules.filter((r) => r.id.startsWith('apilife/') && r.properties.engine === 'apilife');
    for (const rule of rules.filter((r) => r.help?.markdown.includes('**Why.**'))) {
      expect(rule).not.toHaveProperty('helpUri');
      expect(rule.help?.text).toContain('Why: ');
    }
    expect(rules.some((r) => r.help?.markdown.includes('**Why.**'))).toBe(true);
  });

  it('links Spectral and Redocly rules to their documentation, with help that says where', () => {
    const redoclyRule = driver.rules.find((r) => r.id === 'redocly:operation-operationId-unique');
    expect(redoclyRule?.helpUri).toBe('https://redocly.com/docs/cli/rules/operation-operationId-unique');
    expect(redoclyRule?.help?.markdown).toContain('(https://redocly.com/docs/cli/rules/operation-operationId-unique)');
    // Rules that ran (a finding of a rule that did not, from the fixture, is added without help).
    const ran = new Set(describeRules(spectral, redocly, []).map((r) => `${r.source}:${r.code}`));
    const spectralRules = driver.rules.filter((r) => ran.has(`spectral:${r.id}`));
    expect(spectralRules.length).toBeGreaterThan(20);
    for (const rule of spectralRules) {
      expect(rule.help?.text, rule.id).toContain(rule.shortDescription.text);
      if (rule.helpUri) expect(rule.help?.text).toContain(`See ${rule.helpUri}`);
    }
    expect(spectralRules.filter((r) => r.helpUri).length).toBeGreaterThan(20);
  });
});

describe('house rule docs', () => {
  it.each(HOUSE_RULES.map((r) => [r.id, r] as const))('%s has a description, a reason and two examples that differ', (_, rule) => {
    expect(rule.description.length).toBeGreaterThan(20);
    expect(rule.docs.why.length).toBeGreaterThan(40);
    expect(rule.docs.failing.trim()).not.toBe('');
    expect(rule.docs.passing.trim()).not.toBe(rule.docs.failing.trim());
  });
});
