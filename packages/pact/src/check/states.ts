import { PROVIDER_STATES_KEY } from '@apilife/contract';
import type { FindingSink } from './findings.ts';
import { clip, judgeBody } from './judge-body.ts';
import type { PactInteraction } from './model.ts';
import type { ProviderContracts } from './provider.ts';

/**
 * Checks the provider states an interaction needs against the ones the provider's contracts
 * declare (`x-provider-states`): each must be declared, and its params must match the state's
 * params schema. A provider that declares none is not checked (states are then free text).
 */
export function checkProviderStates(provider: ProviderContracts, interaction: PactInteraction, sink: FindingSink): void {
  const declared = provider.states;
  if (!declared) return;
  const anyFile = [...declared.values()][0]?.file ?? provider.http?.file ?? provider.messaging?.file;
  for (const use of interaction.states) {
    const state = declared.get(use.name);
    if (!state) {
      const names = [...declared.keys()].slice(0, 8).map((n) => JSON.stringify(n));
      sink.add(
        interaction,
        'provider-state.unknown',
        'error',
        `provider state ${JSON.stringify(clip(use.name, 120))} is not declared in the provider's ${PROVIDER_STATES_KEY} (declared: ${names.join(', ')}${declared.size > 8 ? ', …' : ''})`,
        use.pointer,
        anyFile ? { file: anyFile, pointer: `/${PROVIDER_STATES_KEY}` } : undefined,
      );
      continue;
    }
    const params = state.params;
    if (!params) continue;
    const validate = params.validate();
    if (!validate) continue;
    for (const f of judgeBody({ value: use.params ?? {}, schema: params.schema, validate, walker: params.walker, direction: 'request' }))
      sink.add(
        interaction,
        'provider-state.params.incompatible',
        'error',
        `the params of provider state ${JSON.stringify(clip(use.name, 120))} ${f.message}`,
        use.params === undefined ? use.pointer : `${use.pointer}/params${f.pointer}`,
        { file: state.file, pointer: `${state.pointer}/params` },
      );
  }
}
