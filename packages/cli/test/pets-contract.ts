/**
 * The Pets contract the `check` tests and the GitHub Action's test change: v1 in `maintain`, and
 * v1 with `bird` added to a response enum (breaking: clients may not know it).
 */
export const v1 = {
  openapi: '3.1.0',
  info: { title: 'Pets', version: '1.0.0', 'x-lifecycle': { stage: 'maintain', owner: 'team-pets' } },
  paths: {
    '/pets/{petId}': {
      get: {
        operationId: 'getPet',
        parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'A pet',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['id'],
                  properties: { id: { type: 'string' }, kind: { type: 'string', enum: ['dog', 'cat'] } },
                },
              },
            },
          },
        },
      },
    },
  },
};

/** v1 with `bird` added to a response enum (breaking: clients may not know it) and the version given. */
export function withBird(version: string, waivers?: object[]) {
  const v2 = structuredClone(v1) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
  v2.info.version = version;
  if (waivers) v2.info['x-lifecycle'].waivers = waivers;
  v2.paths['/pets/{petId}'].get.responses['200'].content['application/json'].schema.properties.kind.enum.push('bird');
  return v2;
}
