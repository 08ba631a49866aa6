import { PLANNING_PLACEHOLDER } from '@apilife/contract';
import type { License } from './house-defaults.ts';

/** What a contract template is filled with. */
export interface TemplateInput {
  /** The service folder, kebab-case: `billing-reports`. */
  service: string;
  /** The service's name in titles: `Billing Reports`. */
  name: string;
  /** The owning team: `team-billing-reports`. */
  owner: string;
  /** Reference `../_shared/*.yaml` (problem details, pagination, ids, CloudEvents) instead of defining them in the file. */
  shared: boolean;
  /** Contact email and URL, and the license, as the project's other contracts have them. */
  email?: string;
  url?: string;
  license?: License;
}

/** \`contact\` (and \`license\` when known), indented for \`info\`. */
export function contactAndLicense(input: TemplateInput): string {
  const lines = ['  contact:', `    name: ${yamlScalar(input.owner)}`];
  if (input.email) lines.push(`    email: ${yamlScalar(input.email)}`);
  if (input.url) lines.push(`    url: ${yamlScalar(input.url)}`);
  if (input.license) lines.push('  license:', ...Object.entries(input.license).map(([key, value]) => `    ${key}: ${yamlScalar(value)}`));
  return lines.join('\n');
}

/**
 * A string as a YAML scalar: plain when that reads back as the same string, else double-quoted
 * (JSON strings are valid YAML).
 */
export function yamlScalar(value: string): string {
  const plain =
    /^[A-Za-z_][\w .,()/+@:-]*$/.test(value) && !/: |:$|\s$/.test(value) && !/^(true|false|null|yes|no|on|off|y|n|~)$/i.test(value);
  return plain ? value : JSON.stringify(value);
}

/**
 * \`x-lifecycle\` at \`plan\`, indented for \`info\`: the stage, the owner and the planning facts a
 * reviewer needs before design, each \`TO FILL IN\` with a comment saying what goes there (the
 * design gate refuses the placeholder, naming the field).
 */
export function lifecycleAtPlan(input: TemplateInput, latency: string): string {
  return `  x-lifecycle:
    stage: plan
    owner: ${yamlScalar(input.owner)}
    # What a reviewer needs before design; \`apilife lifecycle promote ${input.service} design\`
    # refuses any fact left ${PLANNING_PLACEHOLDER}.
    planning:
      # Who may call it: public (anyone, through the gateway), partner (named outside
      # organisations) or internal (services of this system).
      audience: ${PLANNING_PLACEHOLDER}
      # The services or teams on the other side of this contract.
      consumers:
        - ${PLANNING_PLACEHOLDER}
      # The most sensitive data it carries: public, internal, confidential or restricted.
      dataClassification: ${PLANNING_PLACEHOLDER}
      # Service-level objectives: availability over 30 days (99.9%) and the
      # 99th-percentile latency in milliseconds ${latency}.
      slo:
        availability: ${PLANNING_PLACEHOLDER}
        latencyP99Ms: ${PLANNING_PLACEHOLDER}`;
}
