import { contactAndLicense, lifecycleAtPlan, yamlScalar, type TemplateInput } from './template-input.ts';

/**
 * A new OpenAPI 3.1 contract at the `plan` stage: info with a description to fill in, a server,
 * bearer security and one example list operation in the house style (cursor pagination, problem
 * details for every error). With `shared`, errors, pagination and ids are `$ref`s into
 * `../_shared/*.yaml` as the other contracts use them; without, they are defined in the file.
 */
export function openapiTemplate(input: TemplateInput): string {
  const { service, name, shared } = input;
  const ref = (file: string, local: string) => (shared ? `'../_shared/${file}.yaml#/components/${local}'` : `'#/components/${local}'`);
  return `openapi: 3.1.0
info:
  title: ${yamlScalar(`${name} API`)}
  version: 0.1.0
  summary: ${yamlScalar(`Internal API of the ${name} service (planned).`)}
  description: |
    TO FILL IN: what the ${name} service does, who calls this API and
    why, in a few sentences; then the rules every operation follows
    (versioning, idempotency, concurrency), as the other contracts do.

    **Lifecycle.** In *plan*: a sketch made by \`apilife new\`. Replace the
    example resource (\`Example\`, \`GET /v1/examples\`) with the first real one,
    fill in the planning facts (\`x-lifecycle.planning\`), the contact and the
    servers, run \`apilife lint\`, then \`apilife lifecycle promote ${service} design\`.
${contactAndLicense(input)}
${lifecycleAtPlan(input, '(of a response)')}
servers:
  - url: https://${service}.internal
    description: The service's endpoint (to fill in).
security:
  - ServiceBearerAuth: []
tags:
  - name: Examples
    description: The example resource; rename it to the first resource of the API.
paths:
  /v1/examples:
    get:
      operationId: listExamples
      summary: List examples
      description: Lists examples, newest first. Cursor-paginated.
      tags:
        - Examples
      x-interaction-style: request-response
      parameters:
        - $ref: ${ref('pagination', 'parameters/Limit')}
        - $ref: ${ref('pagination', 'parameters/Cursor')}
      responses:
        '200':
          description: One page of examples.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/ExamplePage'
              examples:
                lastPage:
                  summary: A single page with one example
                  value:
                    items:
                      - id: 0d6c7a4e-2f8b-4f47-9f5e-6a2b1c3d4e5f
                        name: First example
                        createdAt: '2026-01-01T00:00:00Z'
                    nextCursor: null
        '400':
          $ref: ${ref('problem', 'responses/BadRequest')}
        '401':
          $ref: ${ref('problem', 'responses/Unauthorized')}
        '403':
          $ref: ${ref('problem', 'responses/Forbidden')}
        '500':
          $ref: ${ref('problem', 'responses/InternalError')}
components:
  securitySchemes:
    ServiceBearerAuth:
      type: http
      scheme: bearer
      bearerFormat: JWT
      description: Service-to-service JWT.
  schemas:
    Example:
      type: object
      description: The example resource (to replace).
      required:
        - id
        - name
        - createdAt
      properties:
        id:
${shared ? `          $ref: '../_shared/ids.yaml#/components/schemas/Uuid'` : indent(UUID, 10)}
        name:
          type: string
          minLength: 1
          maxLength: 200
        createdAt:
          type: string
          format: date-time
          readOnly: true
      additionalProperties: false
    ExamplePage:
      type: object
      description: A page of examples.
${shared ? SHARED_PAGE : LOCAL_PAGE}${shared ? '' : LOCAL_COMPONENTS}`;
}

const indent = (text: string, spaces: number) => text.replace(/^(?=.)/gm, ' '.repeat(spaces));

const UUID = `type: string
format: uuid
minLength: 36
maxLength: 36
readOnly: true`;

const SHARED_PAGE = `      allOf:
        - $ref: '../_shared/pagination.yaml#/components/schemas/Page'
        - type: object
          properties:
            items:
              type: array
              items:
                $ref: '#/components/schemas/Example'
`;

const LOCAL_PAGE = `      required:
        - items
        - nextCursor
      properties:
        items:
          type: array
          maxItems: 100
          items:
            $ref: '#/components/schemas/Example'
        nextCursor:
          type:
            - string
            - 'null'
          maxLength: 512
          pattern: '^[A-Za-z0-9_-]+$'
          description: Cursor for the next page; \`null\` on the last page.
      additionalProperties: false
`;

/** Problem details (RFC 9457) and pagination parameters, for a project without contracts/_shared. */
const LOCAL_COMPONENTS = `    Problem:
      type: object
      description: Problem details (RFC 9457), the body of every 4xx and 5xx response.
      required:
        - type
        - title
        - status
      properties:
        type:
          type: string
          format: uri-reference
          maxLength: 2048
        title:
          type: string
          maxLength: 200
        status:
          type: integer
          minimum: 400
          maximum: 599
        detail:
          type: string
          maxLength: 2000
        instance:
          type: string
          format: uri-reference
          maxLength: 2048
      additionalProperties: true
  parameters:
    Limit:
      name: limit
      in: query
      required: false
      description: Maximum number of items in one page.
      schema:
        type: integer
        minimum: 1
        maximum: 100
        default: 20
    Cursor:
      name: cursor
      in: query
      required: false
      description: The \`nextCursor\` of the previous page; omit it for the first page.
      schema:
        type: string
        maxLength: 512
        pattern: '^[A-Za-z0-9_-]+$'
  responses:
${[
  ['BadRequest', 400, 'The request is malformed.', 'Invalid request'],
  ['Unauthorized', 401, 'Credentials are missing, expired or invalid.', 'Authentication required'],
  ['Forbidden', 403, 'The caller may not do this.', 'Forbidden'],
  ['InternalError', 500, 'An unexpected error; retry later.', 'Internal error'],
]
  .map(
    ([name, status, description, title]) => `    ${name}:
      description: ${description}
      content:
        application/problem+json:
          schema:
            $ref: '#/components/schemas/Problem'
          example:
            type: about:blank
            title: ${title}
            status: ${status}
`,
  )
  .join('')}`;
