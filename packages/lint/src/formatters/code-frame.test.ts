import { describe, expect, it } from 'vitest';
import type { Range } from '@apilife/contract';
import { codeFrame, printable } from './code-frame.ts';

const at = (line: number, character: number, endLine = line, endCharacter = character): Range => ({
  start: { line, character },
  end: { line: endLine, character: endCharacter },
});

const TEXT = ['one', 'two: 2', 'three: 3', 'four: 4', 'five: 5', 'six', 'seven'].join('\n');
const LONG = `key: ${'x'.repeat(300)} end`;

const cases: [string, { text: string; range: Range; want: string[] | undefined }][] = [
  [
    'two lines either side, underline over the range',
    {
      text: TEXT,
      range: at(3, 6, 3, 7),
      want: ['  2 | two: 2', '  3 | three: 3', '> 4 | four: 4', '    |       ^', '  5 | five: 5', '  6 | six'],
    },
  ],
  [
    'fewer lines at the start of the file; one caret for an empty range',
    { text: TEXT, range: at(0, 1), want: ['> 1 | one', '    |  ^', '  2 | two: 2', '  3 | three: 3'] },
  ],
  [
    'a range that goes on is underlined to the end of its first line',
    { text: TEXT, range: at(5, 1, 6, 2), want: ['  4 | four: 4', '  5 | five: 5', '> 6 | six', '    |  ^^', '  7 | seven'] },
  ],
  [
    'a start past the end of the line points just after it',
    { text: 'a: 1\nb', range: at(0, 40), want: ['> 1 | a: 1', '    |     ^', '  2 | b'] },
  ],
  [
    'CRLF line ends; a gutter as wide as the last number',
    {
      text: Array.from({ length: 12 }, (_, i) => `l${i + 1}`).join('\r\n'),
      range: at(9, 0, 9, 3),
      want: ['   8 | l8', '   9 | l9', '> 10 | l10', '     | ^^^', '  11 | l11', '  12 | l12'],
    },
  ],
  [
    'tabs are kept under the underline so it lines up',
    { text: '\tkey:\tvalue', range: at(0, 6, 0, 11), want: ['> 1 | \tkey:\tvalue', '    | \t    \t^^^^^'] },
  ],
  ['a line past the end of the text has no frame', { text: TEXT, range: at(7, 0), want: undefined }],
];

describe('codeFrame', () => {
  it.each(cases)('%s', (_name, { text, range, want }) => {
    expect(codeFrame(text, range)).toEqual(want);
  });

  it('cuts a long line to 160 characters', () => {
    const frame = codeFrame(LONG, at(0, 0, 0, 3))!;
    expect(frame[0]).toBe(`> 1 | ${LONG.slice(0, 160)}…`);
    expect(frame[1]).toBe('    | ^^^');
  });

  it('shows the part of a long line where the finding is', () => {
    const start = LONG.length - 3;
    const frame = codeFrame(`short\n${LONG}`, at(1, start, 1, start + 3))!;
    const shown = frame[1]!.slice('> 2 | '.length);
    expect(shown).toBe(`…${LONG.slice(-160)}`);
    expect(frame[0]).toBe('  1 | …');
    // The carets sit under `end`.
    const carets = frame[2]!.slice('    | '.length);
    expect(shown.slice(carets.indexOf('^'), carets.length)).toBe('end');
  });

  it('keeps a finding in the middle of a long line visible, underlined up to the cut', () => {
    const frame = codeFrame(LONG, at(0, 150, 0, 400))!;
    const shown = frame[0]!.slice('> 1 | '.length);
    const carets = frame[1]!.slice('    | '.length);
    expect(shown.startsWith('…') && shown.endsWith('…')).toBe(true);
    expect(shown.length).toBe(162);
    expect(carets.indexOf('^')).toBe(1 + 40);
    expect(carets.length).toBe(161);
  });

  it('paints the marker, underline and gutter', () => {
    const frame = codeFrame('a: 1', at(0, 3, 0, 4), { mark: (t) => `<${t}>`, gutter: (t) => `[${t}]` });
    expect(frame).toEqual(['<>> [1 |] a: 1', '  [  |]    <^>']);
  });

  it('replaces control characters one for one', () => {
    expect(printable('a\u001b[31mb\u0007\tc\nd\u009b')).toBe('a\uFFFD[31mb\uFFFD\tc\nd\uFFFD');
  });
});
