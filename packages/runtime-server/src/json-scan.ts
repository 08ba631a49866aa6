/**
 * A single, non-recursive pass over JSON text that finds the first syntax error and enforces a
 * nesting limit, so `JSON.parse` only ever sees text it will accept and that cannot be deep
 * enough to hurt anything after it (validators, walkers). 100,000 `[` cost one loop, not a stack.
 * @see https://www.rfc-editor.org/rfc/rfc8259
 */

/** Where and why JSON text is rejected; `offset` is in UTF-16 code units. */
export type JsonScanError = { offset: number; reason: 'syntax' | 'depth'; message: string };

type State = 'value' | 'valueOrEnd' | 'key' | 'keyOrEnd' | 'colon' | 'after';

const LITERAL = /true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WS = /[ \t\n\r]*/y;

/**
 * Scans `text`; `undefined` when it is one valid JSON document nested at most `maxDepth` deep.
 * @example
 * scanJson('[[1]]', 1); // { offset: 1, reason: 'depth', message: 'nesting deeper than 1' }
 * scanJson('{"a":}', 64); // { offset: 5, reason: 'syntax', message: 'unexpected "}"' }
 */
export function scanJson(text: string, maxDepth: number): JsonScanError | undefined {
  const closers: string[] = [];
  let state: State = 'value';
  let i = 0;
  const fail = (message: string): JsonScanError => ({ offset: i, reason: 'syntax', message });
  const found = () => (i >= text.length ? 'end of input' : JSON.stringify(text[i]));
  for (;;) {
    WS.lastIndex = i;
    WS.test(text);
    i = WS.lastIndex;
    const c = text[i];
    if ((state === 'valueOrEnd' && c === ']') || (state === 'keyOrEnd' && c === '}')) {
      closers.pop();
      i++;
      state = 'after';
    } else if (state === 'value' || state === 'valueOrEnd') {
      if (c === '{' || c === '[') {
        if (closers.length >= maxDepth) return { offset: i, reason: 'depth', message: `nesting deeper than ${maxDepth}` };
        closers.push(c === '{' ? '}' : ']');
        i++;
        state = c === '{' ? 'keyOrEnd' : 'valueOrEnd';
      } else if (c === '"') {
        const error = scanString();
        if (error) return error;
        state = 'after';
      } else {
        LITERAL.lastIndex = i;
        if (!LITERAL.test(text)) return fail(`unexpected ${found()}`);
        i = LITERAL.lastIndex;
        state = 'after';
      }
    } else if (state === 'key' || state === 'keyOrEnd') {
      if (c !== '"') return fail(`expected a property name, found ${found()}`);
      const error = scanString();
      if (error) return error;
      state = 'colon';
    } else if (state === 'colon') {
      if (c !== ':') return fail(`expected ":" after a property name, found ${found()}`);
      i++;
      state = 'value';
    } else {
      const closer = closers.at(-1);
      if (closer === undefined) return i < text.length ? fail(`unexpected ${found()} after the document`) : undefined;
      if (c === ',') {
        i++;
        state = closer === '}' ? 'key' : 'value';
      } else if (c === closer) {
        closers.pop();
        i++;
      } else return fail(`expected "," or "${closer}", found ${found()}`);
    }
  }

  function scanString(): JsonScanError | undefined {
    i++;
    while (i < text.length) {
      const code = text.charCodeAt(i);
      if (code === 0x22) {
        i++;
        return undefined;
      }
      if (code < 0x20) return fail('control character in a string');
      if (code === 0x5c) {
        const next = text[i + 1] ?? '';
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return fail('invalid \\u escape');
          i += 6;
        } else if (next !== '' && '"\\/bfnrt'.includes(next)) i += 2;
        else return fail('invalid escape in a string');
      } else i++;
    }
    return fail('unterminated string');
  }
}
