import { describe, expect, it } from 'vitest';
import { createReport } from './__fixtures__/report.ts';
import { parseXml, type XmlElement } from './__fixtures__/well-formed-xml.ts';
import { escapeXmlAttribute, escapeXmlText, junit } from './junit.ts';

const child = (el: XmlElement | undefined, name: string) => el?.children.find((c) => c.name === name);

describe('junit', () => {
  const xml = junit(createReport(), { color: false, failSeverity: 'warn' });
  const root = parseXml(xml);

  it('is well-formed XML with one test suite per file, clean files included', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="apilife lint" ')).toBe(true);
    expect(root.name).toBe('testsuites');
    expect(root.attributes).toEqual({ name: 'apilife lint', tests: '9', failures: '4', errors: '0', skipped: '2' });
    expect(root.children.map((s) => [s.attributes.name, s.attributes.tests, s.attributes.failures, s.attributes.skipped])).toEqual([
      ['contracts/orders/openapi.yaml', '5', '3', '1'],
      ['contracts/users/asyncapi.yaml', '3', '1', '1'],
      ['contracts/clean/openapi.yaml', '1', '0', '0'],
    ]);
    expect(root.children[2]?.children).toEqual([
      { name: 'testcase', attributes: { name: 'no problems', classname: 'contracts/clean/openapi.yaml' }, children: [], text: '' },
    ]);
  });

  it('fails findings at or above the fail severity, and only those', () => {
    const [orders, users] = root.children;
    expect(orders?.children.map((c) => [c.attributes.name, c.attributes.classname, c.children[0]?.name])).toEqual([
      ['apilife/openapi-version at 1:10', 'contracts/orders/openapi.yaml', 'system-out'],
      ['operation-operationId-unique at 8:7', 'contracts/orders/openapi.yaml', 'failure'],
      ['apilife/problem-json at 12:9', 'contracts/orders/openapi.yaml', 'failure'],
      ['oas3-schema at 18:18', 'contracts/orders/openapi.yaml', 'failure'],
      ['operation-description at 7:5', 'contracts/orders/openapi.yaml', 'skipped'],
    ]);
    expect(users?.children.map((c) => c.children[0]?.name)).toEqual(['failure', 'system-out', 'skipped']);
    const strict = parseXml(junit(createReport(), { color: false, failSeverity: 'error' }));
    expect(strict.attributes.failures).toBe('2');
  });

  it('escapes special characters so messages read back exactly', () => {
    const report = createReport();
    const failure = child(root.children[0]?.children[2], 'failure');
    expect(failure?.attributes).toEqual({ message: report.diagnostics[2]?.message, type: 'warn' });
    expect(failure?.text).toBe(
      `warn apilife/problem-json at contracts/orders/openapi.yaml:12:9 /paths/~1orders~1{id}/get/responses/default [apilife]\n${report.diagnostics[2]?.message}`,
    );
    expect(xml).toContain('&lt;application/problem+json&gt; &amp; &quot;type&quot;/&apos;title&apos;: 100%, see RFC 9457:&#10;set content');
    const skipped = child(root.children[1]?.children[2], 'skipped');
    expect(skipped?.attributes.message).toBe('suppressed: owned by <team> & "users", 50% (.apilife-lint-ignore.yaml:3)');
    expect(child(root.children[0]?.children[1], 'failure')?.text).toContain('[spectral, redocly:operation-operationId-unique]');
  });

  it('drops characters XML 1.0 forbids and keeps everything else', () => {
    const nasty = 'a\u0000b\u0007c\u001bd\uFFFEe\uD800f \uD83D\uDE00 \t tab\r\nline';
    expect(escapeXmlText(nasty)).toBe('abcdef \uD83D\uDE00 \t tab\r\nline');
    expect(escapeXmlAttribute(nasty)).toBe('abcdef \uD83D\uDE00 &#9; tab&#13;&#10;line');
    const report = createReport();
    report.diagnostics[0]!.message = nasty;
    const el = parseXml(junit(report, { color: false, failSeverity: 'hint' }));
    expect(child(el.children[0]?.children[0], 'failure')?.attributes.message).toBe('abcdef \uD83D\uDE00 \t tab\r\nline');
  });

  it('is deterministic and has no absolute paths', () => {
    expect(junit(createReport(), { color: false, failSeverity: 'warn' })).toBe(xml);
    expect(xml).not.toContain('/repo');
  });

  it('the well-formedness check itself rejects broken XML', () => {
    for (const bad of [
      '<a><b></a></b>',
      '<a x="1" x="2"/>',
      '<a>1 < 2</a>',
      '<a>&nbsp;</a>',
      '<a x=1/>',
      '<a/><b/>',
      '<a>\u0001</a>',
      '<a>',
    ]) {
      expect(() => parseXml(bad), bad).toThrow(/not well-formed/);
    }
    expect(parseXml('<a x="&#10;&amp;">t&lt;<b/>u</a>')).toEqual({
      name: 'a',
      attributes: { x: '\n&' },
      children: [{ name: 'b', attributes: {}, children: [], text: '' }],
      text: 't<u',
    });
  });
});
