import { describe, expect, it } from 'vitest';
import { findLink, parseLinkHeader } from './link-header.ts';

describe('parseLinkHeader', () => {
  it('reads several links with quoted and bare parameters', () => {
    const links = parseLinkHeader('<https://a.test/v2>; rel="successor-version", <https://a.test/d>; rel=deprecation; type="text/html"');
    expect(links).toEqual([
      { target: 'https://a.test/v2', rels: ['successor-version'], params: { rel: 'successor-version' } },
      { target: 'https://a.test/d', rels: ['deprecation'], params: { rel: 'deprecation', type: 'text/html' } },
    ]);
  });

  it('keeps commas and semicolons inside targets and quotes', () => {
    const links = parseLinkHeader('<https://a.test/x?a=1,2;b>; rel="next prev"; title="a, b; c"');
    expect(links[0]?.target).toBe('https://a.test/x?a=1,2;b');
    expect(links[0]?.rels).toEqual(['next', 'prev']);
    expect(links[0]?.params['title']).toBe('a, b; c');
  });

  it('tolerates nothing and junk', () => {
    expect(parseLinkHeader(null)).toEqual([]);
    expect(parseLinkHeader('not a link')).toEqual([]);
  });
});

describe('findLink', () => {
  it('resolves relative targets against the request URL, case-insensitively', () => {
    const links = parseLinkHeader('</docs/deprecations>; REL="Deprecation"');
    expect(findLink(links, 'deprecation', 'https://a.test/v1/orders')).toBe('https://a.test/docs/deprecations');
    expect(findLink(links, 'successor-version')).toBeUndefined();
  });
});
