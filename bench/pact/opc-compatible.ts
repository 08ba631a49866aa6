/**
 * openapi-pact-comparator 1.7.0 cannot load every description, and a failure ends the whole run:
 * its router (find-my-way) refuses two templates it reads as the same route (GitHub's
 * `/repos/{owner}/{repo}/compare/{basehead}` and `…/compare/{base}...{head}`), and ajv refuses
 * a `discriminator` whose oneOf variants do not all declare the property (four in GitHub's
 * description). This drops, one at a time, the later path of each clash the comparator reports,
 * and removes every `discriminator` object (oneOf is still validated without it), so both tools
 * can be run on the same description. Returns the description, the paths dropped and the number
 * of discriminators removed.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

type Doc = { paths: Record<string, Record<string, unknown>> } & Record<string, unknown>;

export async function opcCompatible(repo: string, doc: Doc): Promise<{ doc: Doc; dropped: string[]; discriminators: number }> {
  const discriminators = stripDiscriminators(doc);
  const { Comparator } = createRequire(join(repo, 'packages/pact/package.json'))('@pactflow/openapi-pact-comparator') as {
    Comparator: new (oas: unknown) => { compare(pact: unknown): AsyncIterable<unknown> };
  };
  const dropped: string[] = [];
  const probe = {
    consumer: { name: 'c' },
    provider: { name: 'p' },
    interactions: [{ description: 'x', request: { method: 'GET', path: '/' }, response: { status: 200 } }],
    metadata: { pactSpecification: { version: '2.0.0' } },
  };
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      for await (const _ of new Comparator(structuredClone(doc)).compare(probe)) void _;
      return { doc, dropped, discriminators };
    } catch (error) {
      const m = /Method '(\w+)' already declared for route '([^']+)'/.exec((error as Error).message);
      if (!m) throw error;
      const [method, pattern] = [m[1]!.toLowerCase(), m[2]!];
      const wanted = pattern.split('/');
      const clashing = Object.keys(doc.paths).filter((path) => {
        const segments = path.split('/');
        return (
          segments.length === wanted.length && doc.paths[path]?.[method] && wanted.every((w, i) => w.startsWith(':') || w === segments[i])
        );
      });
      const last = clashing.at(-1);
      if (last === undefined || clashing.length < 2) throw error;
      doc = { ...doc, paths: Object.fromEntries(Object.entries(doc.paths).filter(([path]) => path !== last)) };
      dropped.push(last);
    }
  }
  throw new Error('openapi-pact-comparator still refuses the description after 50 paths dropped');
}

function stripDiscriminators(node: unknown): number {
  let n = 0;
  const stack = [node];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null) continue;
    const record = value as Record<string, unknown>;
    if (
      !Array.isArray(value) &&
      typeof record.discriminator === 'object' &&
      record.discriminator !== null &&
      'propertyName' in record.discriminator
    ) {
      delete record.discriminator;
      n++;
    }
    for (const child of Object.values(record)) stack.push(child);
  }
  return n;
}
