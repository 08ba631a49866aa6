/** The planning facts `fillInTemplate` writes unless told otherwise. */
export const FILLED_PLANNING = {
  audience: 'internal',
  consumer: 'team-zoo',
  dataClassification: 'internal',
  availability: '99.9%',
  latencyP99Ms: '300',
};

/**
 * A contract `apilife new` wrote, filled in as its team would before design: the planning facts
 * given (`planning` overrides them; `null` leaves one out), the "TO FILL IN" texts written, and the
 * example renamed to a real resource (`Example` → `Pet`, `/v1/examples` → `/v1/pets`,
 * `exampleEvents` → `petEvents`). Text in, text out, so the file keeps its comments and layout.
 * @example
 * writeFileSync(file, fillInTemplate(readFileSync(file, 'utf8'), { dataClassification: null }));
 */
export function fillInTemplate(text: string, planning: Partial<Record<keyof typeof FILLED_PLANNING, string | null>> = {}): string {
  const facts = { ...FILLED_PLANNING, ...planning };
  const fact = (_key: string, value: string | null) => (all: string) => (value === null ? '' : all.replace('TO FILL IN', value));
  return text
    .replace(/^ *audience: TO FILL IN\n/m, fact('audience', facts.audience))
    .replace(/^ *consumers:\n *- TO FILL IN\n/m, fact('consumer', facts.consumer))
    .replace(/^ *dataClassification: TO FILL IN\n/m, fact('dataClassification', facts.dataClassification))
    .replace(/^ *availability: TO FILL IN\n/m, fact('availability', facts.availability))
    .replace(/^ *latencyP99Ms: TO FILL IN\n/m, fact('latencyP99Ms', facts.latencyP99Ms))
    .replaceAll('TO FILL IN: ', '')
    .replaceAll(' (to fill in)', '')
    .replaceAll('Example', 'Pet')
    .replace(/example(?=[A-Z])/g, 'pet')
    .replaceAll('/v1/examples', '/v1/pets')
    .replaceAll('.examples.', '.pets.');
}
