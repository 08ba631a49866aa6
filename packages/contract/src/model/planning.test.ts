import { describe, expect, it } from 'vitest';
import { readPlanning } from './planning.ts';

const FILLED = {
  audience: 'internal',
  consumers: ['delivery-scheduler'],
  dataClassification: 'confidential',
  slo: { availability: '99.9%', latencyP99Ms: 200 },
};

const read = (planning: unknown) =>
  readPlanning({
    raw: { value: planning === undefined ? { stage: 'plan' } : { stage: 'plan', planning }, file: 'a.yaml', path: ['info', 'x-lifecycle'] },
  });

/** `field at /pointer: message` of every problem. */
const problems = (planning: unknown) => read(planning).problems.map((p) => `${p.field} at /${p.at.path.join('/')}: ${p.message}`);

describe('readPlanning', () => {
  it('answers the facts when every one is given', () => {
    expect(read(FILLED)).toEqual({ facts: FILLED, problems: [] });
    expect(
      read({ ...FILLED, audience: 'partner', dataClassification: 'restricted', slo: { availability: '99.95 %', latencyP99Ms: 1 } }).facts,
    ).toBeDefined();
  });

  const table: [string, { given: unknown; want: string[] }][] = [
    [
      'no planning',
      {
        given: undefined,
        want: [
          'planning at /info/x-lifecycle: is missing: add planning: { audience, consumers, dataClassification, slo: { availability, latencyP99Ms } }',
        ],
      },
    ],
    [
      'planning not a mapping',
      {
        given: 'internal',
        want: ['planning at /info/x-lifecycle/planning: must be a mapping of audience, consumers, dataClassification and slo'],
      },
    ],
    [
      'a fact left out, named at its parent',
      {
        given: { ...FILLED, audience: undefined },
        want: ['planning.audience at /info/x-lifecycle/planning: is missing: say who may call it (public, partner or internal)'],
      },
    ],
    [
      'the placeholder',
      {
        given: { ...FILLED, dataClassification: 'TO FILL IN' },
        want: [
          'planning.dataClassification at /info/x-lifecycle/planning/dataClassification: is still "TO FILL IN": give the most sensitive data it carries (public, internal, confidential or restricted)',
        ],
      },
    ],
    [
      'a value it cannot take',
      {
        given: { ...FILLED, audience: 'everyone' },
        want: [
          'planning.audience at /info/x-lifecycle/planning/audience: is "everyone": say who may call it (public, partner or internal)',
        ],
      },
    ],
    [
      'consumers: one name, not a list',
      {
        given: { ...FILLED, consumers: 'gateway' },
        want: [
          expect.stringMatching(
            /^planning\.consumers at \/info\/x-lifecycle\/planning\/consumers: is "gateway": list the services or teams/,
          ),
        ],
      },
    ],
    [
      'consumers: an empty list',
      {
        given: { ...FILLED, consumers: [] },
        want: [
          expect.stringMatching(/^planning\.consumers at \/info\/x-lifecycle\/planning\/consumers: is empty: list the services or teams/),
        ],
      },
    ],
    [
      'consumers: the placeholder and a blank among names',
      {
        given: { ...FILLED, consumers: ['gateway', 'TO FILL IN', ' '] },
        want: [
          'planning.consumers[1] at /info/x-lifecycle/planning/consumers/1: is still "TO FILL IN": name a service or team',
          'planning.consumers[2] at /info/x-lifecycle/planning/consumers/2: is " ": name a service or team (a non-empty string)',
        ],
      },
    ],
    [
      'slo left out',
      {
        given: { ...FILLED, slo: undefined },
        want: ['planning.slo at /info/x-lifecycle/planning: is missing: give the service-level objectives: { availability, latencyP99Ms }'],
      },
    ],
    [
      'availability as a number',
      {
        given: { ...FILLED, slo: { ...FILLED.slo, availability: 99.9 } },
        want: [
          'planning.slo.availability at /info/x-lifecycle/planning/slo/availability: is 99.9: give the availability objective over 30 days, a percentage below 100% (99.9%)',
        ],
      },
    ],
    [
      'availability of 100% (no service has it)',
      {
        given: { ...FILLED, slo: { ...FILLED.slo, availability: '100%' } },
        want: [expect.stringMatching(/^planning\.slo\.availability at .*: is "100%": give the availability objective/)],
      },
    ],
    [
      'latency with a unit',
      {
        given: { ...FILLED, slo: { availability: '99%', latencyP99Ms: '300ms' } },
        want: [
          expect.stringMatching(
            /^planning\.slo\.latencyP99Ms at \/info\/x-lifecycle\/planning\/slo\/latencyP99Ms: is "300ms": give the 99th-percentile latency objective in whole milliseconds/,
          ),
        ],
      },
    ],
    [
      'latency left out',
      {
        given: { ...FILLED, slo: { availability: '99%' } },
        want: [expect.stringMatching(/^planning\.slo\.latencyP99Ms at \/info\/x-lifecycle\/planning\/slo: is missing/)],
      },
    ],
    [
      'a misspelt fact is named, and the real one is missing',
      {
        given: { ...FILLED, dataClassification: undefined, dataClasification: 'internal' },
        want: [
          'planning.dataClasification at /info/x-lifecycle/planning/dataClasification: is not a planning fact: use audience, consumers, dataClassification, slo',
          expect.stringMatching(/^planning\.dataClassification at \/info\/x-lifecycle\/planning: is missing/),
        ],
      },
    ],
    [
      'an unknown objective',
      {
        given: { ...FILLED, slo: { ...FILLED.slo, throughput: 100 } },
        want: [
          'planning.slo.throughput at /info/x-lifecycle/planning/slo/throughput: is not a planning fact: use availability, latencyP99Ms',
        ],
      },
    ],
  ];
  it.each(table)('%s', (_, { given, want }) => {
    expect(problems(given)).toEqual(want);
    expect(read(given).facts).toBeUndefined();
  });
});
