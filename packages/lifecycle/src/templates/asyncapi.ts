import { contactAndLicense, lifecycleAtPlan, yamlScalar, type TemplateInput } from './template-input.ts';

/**
 * A new AsyncAPI 3 contract at the `plan` stage: info with a description to fill in, a NATS
 * server and one example publish/subscribe operation with a CloudEvents-headed message. With
 * `shared`, the headers and ids are `$ref`s into `../_shared/*.yaml`; without, they are in the file.
 */
export function asyncapiTemplate(input: TemplateInput): string {
  const { service, name, shared } = input;
  return `asyncapi: 3.0.0
info:
  title: ${yamlScalar(`${name} messaging`)}
  version: 0.1.0
  description: |
    TO FILL IN: the messages of the ${name} service, in which interaction
    styles (publish/subscribe, one-way notification, request/reply), who
    consumes what the service sends and where what it receives comes from.

    **Lifecycle.** In *plan*: a sketch made by \`apilife new\`. Replace the
    example event (\`ExampleCreated\` on \`${service}.examples.{exampleId}.events\`)
    with the first real one, fill in the planning facts (\`x-lifecycle.planning\`),
    the contact and the servers, run \`apilife lint\`, then
    \`apilife lifecycle promote ${service} design\`.
${contactAndLicense(input)}
  tags:
    - $ref: '#/components/tags/exampleEvents'
${lifecycleAtPlan(input, '(from publish to delivery)')}
defaultContentType: application/json
servers:
  nats:
    host: nats.internal:4222
    protocol: nats
    description: The NATS cluster (to fill in).
    security:
      - $ref: '#/components/securitySchemes/natsCredentials'
channels:
  exampleEvents:
    address: ${service}.examples.{exampleId}.events
    title: Example events
    description: Events of one example. Subscribe to \`${service}.examples.*.events\` for all of them.
    parameters:
      exampleId:
        $ref: '#/components/parameters/exampleId'
    messages:
      ExampleCreated:
        $ref: '#/components/messages/ExampleCreated'
operations:
  publishExampleEvents:
    action: send
    channel:
      $ref: '#/channels/exampleEvents'
    title: Publish example events
    summary: Publish every change of an example.
    description: Publish/subscribe. Consumers de-duplicate on the CloudEvents \`id\` header.
    tags:
      - $ref: '#/components/tags/exampleEvents'
    x-interaction-style: publish-subscribe
    messages:
      - $ref: '#/channels/exampleEvents/messages/ExampleCreated'
components:
  securitySchemes:
    natsCredentials:
      type: asymmetricEncryption
      description: NATS user JWT plus NKey signature (\`.creds\` file) of the ${service} service.
  tags:
    exampleEvents:
      name: Example events
      description: The example events; rename them to the first real ones.
  parameters:
    exampleId:
      description: Id (UUID) of the example.
      examples:
        - 0d6c7a4e-2f8b-4f47-9f5e-6a2b1c3d4e5f
      location: $message.payload#/exampleId
  messages:
    ExampleCreated:
      name: ExampleCreated
      title: Example created
      summary: An example was created.
      contentType: application/json
      headers:
        $ref: '${shared ? '../_shared/cloudevents.yaml' : ''}#/components/schemas/CloudEventHeaders'
      payload:
        $ref: '#/components/schemas/ExampleCreatedPayload'
      examples:
        - name: created
          summary: The first example was created
          headers:
            specversion: '1.0'
            id: a1b2c3d4-e5f6-4a7b-8c9d-e0f1a2b3c4d5
            source: /${service}
            type: io.${service.replace(/-/g, '')}.example.created.v1
            time: '2026-01-01T00:00:00Z'
            subject: 0d6c7a4e-2f8b-4f47-9f5e-6a2b1c3d4e5f
            datacontenttype: application/json
          payload:
            exampleId: 0d6c7a4e-2f8b-4f47-9f5e-6a2b1c3d4e5f
            name: First example
            occurredAt: '2026-01-01T00:00:00Z'
  schemas:
    ExampleCreatedPayload:
      type: object
      description: An example was created (to replace).
      required:
        - exampleId
        - name
        - occurredAt
      properties:
        exampleId:
${shared ? `          $ref: '../_shared/ids.yaml#/components/schemas/UuidRef'` : UUID}
        name:
          type: string
          minLength: 1
          maxLength: 200
        occurredAt:
          type: string
          format: date-time
      additionalProperties: false
${shared ? '' : LOCAL_HEADERS}`;
}

const UUID = `          type: string
          format: uuid
          minLength: 36
          maxLength: 36`;

/** CloudEvents 1.0 headers (binary mode), for a project without contracts/_shared. */
const LOCAL_HEADERS = `    CloudEventHeaders:
      type: object
      description: CloudEvents 1.0 context attributes carried as message headers (binary content mode).
      required:
        - specversion
        - id
        - source
        - type
        - time
        - datacontenttype
      properties:
        specversion:
          type: string
          const: '1.0'
        id:
          type: string
          format: uuid
          maxLength: 36
          description: Unique message id; consumers de-duplicate on it.
        source:
          type: string
          format: uri-reference
          maxLength: 256
        type:
          type: string
          maxLength: 128
          pattern: '^[a-z0-9.-]+$'
        time:
          type: string
          format: date-time
          maxLength: 35
        subject:
          type: string
          maxLength: 256
        datacontenttype:
          type: string
          const: application/json
        correlationid:
          type: string
          format: uuid
          maxLength: 36
      additionalProperties: false
`;
