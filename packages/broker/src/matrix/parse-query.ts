/**
 * One `q[]` (or `ignore[]`) entry of a matrix query: which versions of a pacticipant, as the
 * official CLI sends it (`matrix/unresolved_selector.rb`).
 */
export interface UnresolvedSelector {
  pacticipant?: string;
  version?: string;
  latest?: true;
  branch?: string;
  tag?: string;
  environment?: string;
  mainBranch?: true;
}

/** The rest of a matrix query: how rows are reduced and where the versions are going. */
export interface MatrixOptions {
  latestby?: string;
  latest?: boolean;
  tag?: string;
  environment?: string;
  mainBranch?: boolean;
  ignore: UnresolvedSelector[];
}

const FIELDS: Record<string, keyof UnresolvedSelector> = {
  pacticipant: 'pacticipant',
  version: 'version',
  latest: 'latest',
  branch: 'branch',
  tag: 'tag',
  environment: 'environment',
  mainBranch: 'mainBranch',
};

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function setField(selector: UnresolvedSelector, field: keyof UnresolvedSelector, value: string): void {
  if (value === '') return;
  if (field === 'latest' || field === 'mainBranch') {
    if (value === 'true') selector[field] = true;
  } else selector[field] = value;
}

/**
 * Parses a matrix query string as Rack's nested query does for `q[][pacticipant]=a&q[][version]=1`:
 * brackets literal or encoded, keys repeating in order; a field already set in the current
 * selector (normally `pacticipant`) starts the next one (`matrix/parse_query.rb`).
 */
export function parseMatrixQuery(search: string): { selectors: UnresolvedSelector[]; options: MatrixOptions } {
  const lists: Record<'q' | 'ignore', UnresolvedSelector[]> = { q: [], ignore: [] };
  const options: MatrixOptions = { ignore: lists.ignore };
  for (const pair of search.replace(/^\?/, '').split('&')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    const key = decode(at < 0 ? pair : pair.slice(0, at));
    const value = at < 0 ? '' : decode(pair.slice(at + 1));
    const nested = /^(q|ignore)\[\]\[([A-Za-z]+)\]$/.exec(key);
    if (nested) {
      const list = lists[nested[1] as 'q' | 'ignore'];
      const field = FIELDS[nested[2]!];
      if (!field) continue;
      let current = list[list.length - 1];
      if (!current || current[field] !== undefined) {
        current = {};
        list.push(current);
      }
      setField(current, field, value);
      continue;
    }
    if (value === '') continue;
    if (key === 'latestby') options.latestby = value;
    else if (key === 'latest') options.latest = value === 'true';
    else if (key === 'tag') options.tag = value;
    else if (key === 'environment') options.environment = value;
    else if (key === 'mainBranch') options.mainBranch = value === 'true';
  }
  return { selectors: lists.q, options };
}
