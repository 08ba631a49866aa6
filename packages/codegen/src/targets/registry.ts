import type { Target, TargetName } from '../target.ts';
import { clientTarget } from './client/index.ts';
import { messagingTarget } from './messaging/index.ts';
import { pactTarget } from './pact/index.ts';
import { pathsTarget } from './paths/index.ts';
import { serverTarget } from './server/index.ts';
import { typesTarget } from './types/index.ts';
import { validatorsTarget } from './validators/index.ts';

/** Every target by name (each with its own type: `TARGETS.validators.build(ctx)` is synchronous). */
export const TARGETS = {
  types: typesTarget,
  paths: pathsTarget,
  validators: validatorsTarget,
  client: clientTarget,
  server: serverTarget,
  messaging: messagingTarget,
  pact: pactTarget,
} as const satisfies Readonly<Record<TargetName, Target>>;
