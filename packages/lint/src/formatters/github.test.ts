import { describe, expect, it } from 'vitest';
import { createReport } from './__fixtures__/report.ts';
import { escapeCommandData, escapeCommandProperty, github } from './github.ts';

const options = { color: false, failSeverity: 'error' } as const;

describe('github', () => {
  it('writes one workflow command per finding', async () => {
    const text = github(createReport(), options);
    expect(text.split('\n')).toHaveLength(createReport().diagnostics.length);
    await expect(`${text}\n`).toMatchFileSnapshot('__snapshots__/github.txt');
  });

  it('maps severities to error, warning and notice', () => {
    const kinds = github(createReport(), options)
      .split('\n')
      .map((line) => /^::(\w+) /.exec(line)?.[1]);
    expect(kinds).toEqual(['notice', 'error', 'warning', 'error', 'warning', 'notice']);
  });

  it('covers at least one column for an empty range', () => {
    expect(github(createReport(), options).split('\n')[0]).toBe(
      '::notice file=contracts/orders/openapi.yaml,line=1,col=10,endLine=1,endColumn=11,title=apilife/openapi-version::OpenAPI 3.0.3 is older than 3.1: consider upgrading',
    );
  });

  it.each([
    ['percent, CR and LF in data', escapeCommandData('100% a:b,c\r\nd'), '100%25 a:b,c%0D%0Ad'],
    ['colon and comma too in properties', escapeCommandProperty('100% a:b,c\r\nd'), '100%25 a%3Ab%2Cc%0D%0Ad'],
  ])('escapes %s', (_name, got, want) => {
    expect(got).toBe(want);
  });

  it('escapes file names and codes as properties', () => {
    const report = createReport();
    report.diagnostics = [{ ...report.diagnostics[0]!, file: '/repo/contracts/a,b:c%.yaml', code: 'x:y,z' }];
    expect(github(report, options)).toBe(
      '::notice file=contracts/a%2Cb%3Ac%25.yaml,line=1,col=10,endLine=1,endColumn=11,title=x%3Ay%2Cz::OpenAPI 3.0.3 is older than 3.1: consider upgrading',
    );
  });

  it('writes nothing when there is nothing to say', () => {
    expect(github(createReport({ diagnostics: [] }), options)).toBe('');
  });
});
