import { describe, expect, it } from 'vitest';
import { CHECKS, formatChangelogChanges, type Change } from '../src/index.ts';

const change = (id: string): Change => ({ id, level: CHECKS[id]!.level, subject: 'GET /pets', message: id });

describe('changelog sections', () => {
  it('lists operations, parameters and properties deprecated under Deprecations, and nothing else', () => {
    const lines = formatChangelogChanges(
      [
        'operation-deprecated',
        'request-parameter-deprecated',
        'response-property-deprecated',
        'operation-undeprecated',
        'request-default-added',
        'response-enum-value-added',
      ].map(change),
    );
    const section = (title: string) => {
      const start = lines.indexOf(`### ${title}`);
      const end = lines.findIndex((line, i) => i > start && line.startsWith('### '));
      return lines
        .slice(start + 1, end < 0 ? undefined : end)
        .filter((line) => line.startsWith('- '))
        .map((line) => /`([^`]+)`\)$/.exec(line)?.[1]);
    };
    expect(section('Breaking changes')).toEqual(['response-enum-value-added']);
    expect(section('Deprecations').sort()).toEqual([
      'operation-deprecated',
      'request-parameter-deprecated',
      'response-property-deprecated',
    ]);
    expect(section('Other changes').sort()).toEqual(['operation-undeprecated', 'request-default-added']);
  });
});
