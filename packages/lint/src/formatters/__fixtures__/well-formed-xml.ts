/** An element of a parsed XML document: enough to check what the JUnit formatter writes. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Character data directly inside, references decoded. */
  text: string;
}

const NAME = /^[A-Za-z_][\w.-]*/;
const REFERENCE = /^&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ILLEGAL_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/**
 * Parses a small XML 1.0 document (declaration, elements, attributes, text, character and the five
 * predefined entity references) and throws on anything not well-formed: unclosed or crossed tags,
 * a raw `<` or stray `&`, unquoted or repeated attributes, characters XML forbids, trailing content.
 */
export function parseXml(xml: string): XmlElement {
  let at = 0;
  const fail = (why: string): never => {
    throw new Error(`not well-formed XML at ${at}: ${why} near ${JSON.stringify(xml.slice(at, at + 30))}`);
  };
  const skipSpace = () => {
    while (/\s/.test(xml[at] ?? '')) at++;
  };
  const name = () => NAME.exec(xml.slice(at))?.[0] ?? fail('expected a name');
  const chars = (stop: RegExp, forbidden: RegExp): string => {
    let out = '';
    while (at < xml.length && !stop.test(xml[at]!)) {
      if (xml[at] === '&') {
        const ref = REFERENCE.exec(xml.slice(at)) ?? fail('stray &');
        out += ref[1] ? NAMED[ref[1]] : String.fromCodePoint(ref[2] ? Number(ref[2]) : parseInt(ref[3]!, 16));
        at += ref[0].length;
      } else {
        if (forbidden.test(xml[at]!) || ILLEGAL_CHAR.test(xml[at]!)) fail('forbidden character');
        out += xml[at++];
      }
    }
    return out;
  };
  const element = (): XmlElement => {
    if (xml[at] !== '<') fail('expected <');
    at++;
    const el: XmlElement = { name: name(), attributes: {}, children: [], text: '' };
    at += el.name.length;
    for (;;) {
      const before = at;
      skipSpace();
      if (xml.startsWith('/>', at)) {
        at += 2;
        return el;
      }
      if (xml[at] === '>') break;
      if (at === before) fail('expected space before an attribute');
      const key = name();
      at += key.length;
      if (key in el.attributes) fail(`repeated attribute ${key}`);
      const quote = xml[at] === '=' ? xml[at + 1] : undefined;
      if (quote !== '"' && quote !== "'") fail('expected ="…" or =\'…\'');
      at += 2;
      el.attributes[key] = chars(new RegExp(quote!), /</);
      if (xml[at++] !== quote) fail('unterminated attribute');
    }
    at++;
    for (;;) {
      el.text += chars(/</, /(?!)/);
      if (at >= xml.length) fail(`unclosed <${el.name}>`);
      if (xml.startsWith('</', at)) break;
      el.children.push(element());
    }
    at += 2;
    if (name() !== el.name) fail(`</${name()}> closes <${el.name}>`);
    at += el.name.length;
    skipSpace();
    if (xml[at++] !== '>') fail('expected >');
    return el;
  };
  if (xml.startsWith('<?xml')) at = (xml.indexOf('?>') + 2 || fail('unterminated declaration'));
  skipSpace();
  const root = element();
  skipSpace();
  if (at !== xml.length) fail('content after the root element');
  return root;
}
