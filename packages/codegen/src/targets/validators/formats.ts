/**
 * Checkers of the string formats validators enforce (JSON Schema 2020-12 §7.3, OpenAPI formats),
 * as fixed source. Unknown formats are annotations and always pass, as in ajv.
 * Each entry: the helper's name and its source; only formats a contract uses are emitted.
 */
const DATE = `const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function isDate(s: string): boolean {
  const m = /^(\\d{4})-(\\d{2})-(\\d{2})$/.exec(s);
  if (m === null) return false;
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= (mo === 2 && leap ? 29 : DAYS[mo]!);
}`;
const TIME = `function isTime(s: string): boolean {
  const m = /^(\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?(z|([+-])(\\d{2}):(\\d{2}))$/i.exec(s);
  if (m === null) return false;
  const h = Number(m[1]), mi = Number(m[2]), sec = Number(m[3]);
  const tzh = m[7] === undefined ? 0 : Number(m[7]), tzm = m[8] === undefined ? 0 : Number(m[8]);
  if (tzh > 23 || tzm > 59 || h > 23 || mi > 59) return false;
  if (sec <= 59) return true;
  // A leap second is valid at 23:59:60 UTC only.
  const sign = m[6] === '-' ? -1 : 1;
  const utcMinutes = (h * 60 + mi - sign * (tzh * 60 + tzm) + 1440) % 1440;
  return sec === 60 && utcMinutes === 23 * 60 + 59;
}`;

export const FORMATS: Record<string, { name: string; source: string; needs?: string[] }> = {
  date: { name: 'isDate', source: DATE },
  time: { name: 'isTime', source: TIME },
  'date-time': {
    name: 'isDateTime',
    needs: ['date', 'time'],
    source: `function isDateTime(s: string): boolean {
  const t = s.search(/[tT ]/);
  return t === 10 && isDate(s.slice(0, 10)) && isTime(s.slice(11));
}`,
  },
  uuid: {
    name: 'isUuid',
    source: `const UUID = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;\nfunction isUuid(s: string): boolean {\n  return UUID.test(s);\n}`,
  },
  email: {
    name: 'isEmail',
    source: `const EMAIL = /^[a-z0-9!#$%&'*+/=?^_\`{|}~-]+(?:\\.[a-z0-9!#$%&'*+/=?^_\`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;\nfunction isEmail(s: string): boolean {\n  return s.length <= 320 && EMAIL.test(s);\n}`,
  },
  hostname: {
    name: 'isHostname',
    source: `const HOSTNAME = /^(?=.{1,253}\\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[-0-9a-z]{0,61}[0-9a-z])?)*\\.?$/i;\nfunction isHostname(s: string): boolean {\n  return HOSTNAME.test(s);\n}`,
  },
  ipv4: {
    name: 'isIpv4',
    source: `const IPV4 = /^(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$/;\nfunction isIpv4(s: string): boolean {\n  return IPV4.test(s);\n}`,
  },
  ipv6: {
    name: 'isIpv6',
    source: `function isIpv6(s: string): boolean {
  if (s.length > 45 || !/^[0-9a-fA-F:.]+$/.test(s)) return false;
  try {
    return new URL('http://[' + s + ']').hostname.length > 2;
  } catch {
    return false;
  }
}`,
  },
  uri: {
    name: 'isUri',
    source: `function isUri(s: string): boolean {
  if (!/^[a-z][a-z0-9+.-]*:[^\\s]*$/i.test(s)) return false;
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}`,
  },
  'uri-reference': {
    name: 'isUriReference',
    source: `function isUriReference(s: string): boolean {\n  return !/[\\s<>"{}|\\\\^\`]/.test(s);\n}`,
  },
  byte: {
    name: 'isByte',
    source: `function isByte(s: string): boolean {\n  return s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s);\n}`,
  },
  duration: {
    name: 'isDuration',
    source: `function isDuration(s: string): boolean {\n  return /^P(?!$)((\\d+Y)?(\\d+M)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+S)?)?|(\\d+W)?)$/.test(s);\n}`,
  },
  regex: {
    name: 'isRegex',
    source: `function isRegex(s: string): boolean {
  try {
    new RegExp(s, 'u');
    return true;
  } catch {
    return false;
  }
}`,
  },
};

/** Integer formats with a range (int64 is any integer, as in ajv-formats). */
export const INTEGER_RANGES: Record<string, [number, number]> = {
  int32: [-2147483648, 2147483647],
};
