import { describe, expect, it, vi } from 'vitest';
import { createDeprecationNotifier, formatDeprecation, parseDeprecationHeader, readDeprecation } from './deprecation.ts';

describe('parseDeprecationHeader', () => {
  it.each([
    ['RFC 9745 date', '@1688169599', { deprecatedAt: new Date(1688169599_000) }],
    ['older true', 'true', {}],
    ['older HTTP-date', 'Sun, 06 Nov 1994 08:49:37 GMT', { deprecatedAt: new Date(784111777000) }],
    ['junk', 'maybe', null],
    ['absent', null, null],
  ])('%s', (_, given, want) => {
    expect(parseDeprecationHeader(given)).toEqual(want);
  });
});

describe('readDeprecation', () => {
  it('collects Deprecation, Sunset and both link relations', () => {
    const headers = new Headers({
      deprecation: '@1688169599',
      sunset: 'Wed, 01 Jan 2031 00:00:00 GMT',
      link: '</v2/orders>; rel="successor-version", <https://docs.test/dep>; rel="deprecation"',
    });
    expect(readDeprecation(headers, 'https://a.test/v1/orders')).toEqual({
      deprecatedAt: new Date(1688169599_000),
      sunset: new Date('2031-01-01T00:00:00Z'),
      successor: 'https://a.test/v2/orders',
      link: 'https://docs.test/dep',
    });
  });

  it('reports a Sunset on its own, and nothing without either header', () => {
    expect(readDeprecation(new Headers({ sunset: 'Wed, 01 Jan 2031 00:00:00 GMT' }))).toEqual({ sunset: new Date('2031-01-01T00:00:00Z') });
    expect(readDeprecation(new Headers({ link: '<https://x.test>; rel="deprecation"' }))).toBeUndefined();
  });
});

describe('createDeprecationNotifier', () => {
  it('calls onDeprecated and warn once per operationId', () => {
    const onDeprecated = vi.fn();
    const warn = vi.fn();
    const notify = createDeprecationNotifier({ onDeprecated, warn });
    notify('listOrders', {});
    notify('listOrders', { sunset: new Date(0) });
    notify('getOrder', {});
    expect(onDeprecated.mock.calls).toEqual([
      ['listOrders', {}],
      ['getOrder', {}],
    ]);
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('names a message for @apilife/messaging', () => {
    const warn = vi.fn();
    createDeprecationNotifier({ warn }, 'message')('statusChangedV1', { successor: 'statusChanged' });
    expect(warn.mock.calls).toEqual([['message statusChangedV1 is deprecated; successor statusChanged']]);
  });

  it('is silent without callbacks', () => {
    expect(() => createDeprecationNotifier({})('x', {})).not.toThrow();
  });
});

describe('formatDeprecation', () => {
  it('names the operation and every fact known', () => {
    expect(
      formatDeprecation('listOrders', {
        deprecatedAt: new Date(0),
        sunset: new Date(1000),
        successor: 'https://a.test/v2',
        link: 'https://d.test',
      }),
    ).toBe(
      'operation listOrders is deprecated since 1970-01-01T00:00:00.000Z; sunset 1970-01-01T00:00:01.000Z; successor https://a.test/v2; see https://d.test',
    );
  });
});
