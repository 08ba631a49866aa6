import type { LintDiagnostic, LintReport, RuleInfo, SuppressedDiagnostic } from '../../report.ts';

/** Where the fixture report was "run". */
export const CWD = '/repo';
export const ORDERS = '/repo/contracts/orders/openapi.yaml';
export const USERS = '/repo/contracts/users/asyncapi.yaml';
export const CLEAN = '/repo/contracts/clean/openapi.yaml';

const ORDERS_TEXT = [
  'openapi: 3.0.3',
  'info:',
  '  title: Orders',
  '  version: 1.0.0',
  'paths:',
  '  /orders/{id}:',
  '    get:',
  '      operationId: getOrder',
  '      responses:',
  "        '200':",
  '          description: OK',
  '        default:',
  '          $ref: "#/components/responses/Error"',
  'components:',
  '  schemas:',
  '    Order:',
  '      properties:',
  '        total: { type: money }',
].join('\n');

const range = (line: number, character: number, endLine: number, endCharacter: number) => ({
  start: { line, character },
  end: { line: endLine, character: endCharacter },
});

/** Findings in two files: an empty range, an `also` merge, a multi-line message, special characters. */
export const DIAGNOSTICS: LintDiagnostic[] = [
  { code: 'apilife/openapi-version', severity: 'info', message: 'OpenAPI 3.0.3 is older than 3.1: consider upgrading', file: ORDERS, path: ['openapi'], range: range(0, 9, 0, 9), source: 'apilife' },
  {
    code: 'operation-operationId-unique',
    severity: 'error',
    message: 'Every operation must have unique "operationId".',
    file: ORDERS,
    path: ['paths', '/orders/{id}', 'get', 'operationId'],
    range: range(7, 6, 7, 27),
    source: 'spectral',
    also: [{ code: 'operation-operationId-unique', source: 'redocly' }],
  },
  {
    code: 'apilife/problem-json',
    severity: 'warn',
    message: `Error responses use <application/problem+json> & "type"/'title': 100%, see RFC 9457:\nset content, type, title`,
    file: ORDERS,
    path: ['paths', '/orders/{id}', 'get', 'responses', 'default'],
    range: range(11, 8, 13, 0),
    source: 'apilife',
  },
  {
    code: 'oas3-schema',
    severity: 'error',
    message: '"type" must be equal to one of the allowed values:\narray, boolean, integer, number, object, string',
    file: ORDERS,
    path: ['components', 'schemas', 'Order', 'properties', 'total', 'type'],
    range: range(17, 17, 17, 28),
    source: 'spectral',
  },
  { code: 'no-server-example.com', severity: 'warn', message: 'Server `url` should not point to example.com or localhost.', file: USERS, path: ['servers', 'dev', 'host'], range: range(3, 10, 3, 21), source: 'redocly' },
  { code: 'tag-description', severity: 'hint', message: 'Tag "users/v1~beta" should have a description.', file: USERS, path: ['tags', 0], range: range(9, 4, 9, 22), source: 'spectral' },
];

/** One finding silenced in the contract, one by the ignore file. */
export const SUPPRESSED: SuppressedDiagnostic[] = [
  { code: 'operation-description', severity: 'warn', message: 'Operation "description" must be present and non-empty string.', file: ORDERS, path: ['paths', '/orders/{id}', 'get'], range: range(6, 4, 6, 7), source: 'spectral', reason: 'legacy endpoint kept for the mobile app', suppressedBy: 'contracts/orders/openapi.yaml:7' },
  { code: 'info-contact', severity: 'warn', message: 'Info object must have "contact" object.', file: USERS, path: ['info'], range: range(1, 0, 1, 4), source: 'spectral', reason: 'owned by <team> & "users", 50%', suppressedBy: '.apilife-lint-ignore.yaml:3' },
];

/** Rules that ran; `no-server-example.com` is missing on purpose (SARIF adds it from the finding). */
export const RULES: RuleInfo[] = [
  { code: 'operation-operationId-unique', source: 'spectral', description: 'Every operation must have unique "operationId".', severity: 'error', helpUri: 'https://docs.stoplight.io/docs/spectral/4dec24461f3af-open-api-rules#operation-operationid-unique' },
  { code: 'oas3-schema', source: 'spectral', description: 'Validate structure of OpenAPI v3 specification.', severity: 'error' },
  { code: 'operation-description', source: 'spectral', description: 'Operation "description" must be present and non-empty string.', severity: 'warn' },
  { code: 'info-contact', source: 'spectral', description: 'Info object must have "contact" object.', severity: 'warn' },
  { code: 'tag-description', source: 'spectral', description: 'Tag object must have "description".', severity: 'hint' },
  { code: 'operation-operationId-unique', source: 'redocly', description: 'Redocly rule operation-operationId-unique', severity: 'error', helpUri: 'https://redocly.com/docs/cli/rules/operation-operationId-unique' },
  { code: 'apilife/problem-json', source: 'apilife', description: 'Error responses are application/problem+json (RFC 9457).', severity: 'warn' },
  { code: 'apilife/openapi-version', source: 'apilife', description: 'Contracts use OpenAPI 3.1.', severity: 'info' },
];

/**
 * A report over three files (one clean) with every kind of finding the formatters must handle.
 * Source text is known for the orders contract only, so the users findings have no code frame.
 */
export function createReport(overrides: Partial<LintReport> = {}): LintReport {
  return {
    cwd: CWD,
    files: [ORDERS, USERS, CLEAN],
    diagnostics: DIAGNOSTICS.map((d) => ({ ...d })),
    suppressed: SUPPRESSED.map((d) => ({ ...d })),
    rules: RULES,
    sourceText: (file) => (file === ORDERS ? ORDERS_TEXT : undefined),
    stats: { durationMs: 1234, cachedFiles: 1 },
    ...overrides,
  };
}
