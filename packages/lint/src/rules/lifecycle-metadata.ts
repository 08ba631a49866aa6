import { LIFECYCLE_STAGES, type Lifecycle } from '@apilife/contract';
import { defineRule, type RuleContext } from './define-rule.ts';
import { rawChild } from './schema-walk.ts';

const STAGES: readonly string[] = LIFECYCLE_STAGES;
const STAGE_LIST = LIFECYCLE_STAGES.join(', ');

/** Reports a stage that is not one of LIFECYCLE_STAGES; true when the stage is valid. */
function checkStage(lifecycle: Lifecycle, what: string, report: RuleContext['report']): boolean {
  const at = rawChild(lifecycle.raw, 'stage');
  if (!at || STAGES.includes(lifecycle.stage ?? '')) return at !== undefined;
  report({ message: `\`x-lifecycle.stage\` of ${what} is "${String(at.value)}", not a lifecycle stage: use one of ${STAGE_LIST}`, at });
  return false;
}

/**
 * Every API says where it is in its lifecycle and who owns it (`info.x-lifecycle.stage` and
 * `owner`); operation stages are valid stages and agree with `deprecated: true`; a retired
 * HTTP operation still answers, with `410 Gone`.
 */
export default defineRule({
  id: 'lifecycle-metadata',
  description:
    '`info.x-lifecycle` has a valid `stage` and an `owner`; operation stages are valid, agree with `deprecated`, and retired HTTP operations declare 410.',
  severity: 'error',
  ruleset: 'recommended',
  formats: ['openapi', 'asyncapi'],
  docs: {
    why: 'The portal, `apilife lifecycle` and the CI gate tell what may change by the stage of each API and whom to ask by its owner. A missing or unknown stage, or a retired operation that no longer says `410 Gone`, hides that from everyone.',
    failing: 'info:\n  title: Orders\n  version: 1.0.0\n  x-lifecycle:\n    stage: live',
    passing: 'info:\n  title: Orders\n  version: 1.0.0\n  x-lifecycle:\n    stage: maintain\n    owner: team-orders',
  },
  check({ document, resolver, report }) {
    const lifecycle = document.lifecycle;
    if (!lifecycle) {
      const info = resolver.at(document.file, ['info']) ?? { file: document.file, path: [] };
      report({
        message: `\`info\` has no \`x-lifecycle\`: add \`stage\` (one of ${STAGE_LIST}) and \`owner\` (the owning team)`,
        at: info,
      });
    } else {
      if (!rawChild(lifecycle.raw, 'stage'))
        report({ message: `\`info.x-lifecycle\` has no \`stage\`: use one of ${STAGE_LIST}`, at: lifecycle.raw });
      else checkStage(lifecycle, 'the API', report);
      if (!lifecycle.owner?.trim()) {
        report({
          message: '`info.x-lifecycle` has no `owner`: name the team that owns the API (e.g. team-delivery)',
          at: rawChild(lifecycle.raw, 'owner') ?? lifecycle.raw,
        });
      }
    }
    for (const operation of document.operations) {
      const own = operation.lifecycle;
      const name = operation.operationId ?? `${operation.method.toUpperCase()} ${operation.route}`;
      if (!own || !checkStage(own, name, report)) continue;
      if (operation.at.value.deprecated === true && own.stage !== 'deprecated' && own.stage !== 'retired') {
        report({
          message: `${name} is \`deprecated: true\` but its \`x-lifecycle.stage\` is "${own.stage}": make it deprecated (or retired)`,
          at: rawChild(own.raw, 'stage')!,
        });
      }
      if (operation.protocol === 'http' && own.stage === 'retired' && !operation.responses.some((r) => r.status === '410')) {
        report({
          message: `${name} is retired but declares no 410 response: retired operations answer 410 Gone (problem+json) instead of disappearing`,
          at: resolver.child(operation.at, 'responses') ?? operation.at,
        });
      }
    }
  },
});
