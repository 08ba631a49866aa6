import {
  detectVersionProperties,
  type HalClient,
  recordDeployment,
  recordRelease,
  recordSupportEnded,
  recordUndeployment,
} from '@apilife/broker/client';
import { EXIT, UsageError, type CommandSpec } from '../command.ts';
import { BROKER_HELP, BROKER_OPTIONS, brokerFailure, connectBroker, formatOf } from './pact-broker.ts';

type RecordKind = 'deployment' | 'undeployment' | 'release' | 'support-ended';

interface Recording {
  pacticipant: string;
  version?: string;
  environment: string;
  applicationInstance?: string;
}

/** Each record-* subcommand: what it sends, in the official CLI's words. */
const RECORDS: {
  readonly [R in RecordKind]: { what: string; version: boolean; instance: boolean; send(client: HalClient, r: Recording): Promise<string> };
} = {
  deployment: {
    what: `Records that a version is deployed to an environment (it replaces the version deployed there
before, of the same application instance): GET /pacticipants/{p}/versions/{v}, then POST to the
version's pb:record-deployment link named by the environment, as \`pact-broker record-deployment\`.
can-i-deploy --to-environment then checks against it.`,
    version: true,
    instance: true,
    async send(client, r) {
      await recordDeployment(client, { pacticipant: r.pacticipant, version: r.version!, environment: r.environment, ...instance(r) });
      return `recorded deployment of ${r.pacticipant} ${r.version} to ${r.environment}${where(r)}`;
    },
  },
  undeployment: {
    what: `Records that an application is no longer deployed to an environment (of one application
instance, when given), as \`pact-broker record-undeployment\`: its currently deployed versions there
are marked undeployed.`,
    version: false,
    instance: true,
    async send(client, r) {
      const n = await recordUndeployment(client, { pacticipant: r.pacticipant, environment: r.environment, ...instance(r) });
      return `recorded undeployment of ${r.pacticipant} from ${r.environment}${where(r)} (${n} version${n === 1 ? '' : 's'})`;
    },
  },
  release: {
    what: `Records that a version is released to an environment (a mobile app, a library: several
versions supported at once): POST to the version's pb:record-release link named by the
environment, as \`pact-broker record-release\`.`,
    version: true,
    instance: false,
    async send(client, r) {
      await recordRelease(client, { pacticipant: r.pacticipant, version: r.version!, environment: r.environment });
      return `recorded release of ${r.pacticipant} ${r.version} to ${r.environment}`;
    },
  },
  'support-ended': {
    what: `Records that a released version is no longer supported in an environment, as
\`pact-broker record-support-ended\`.`,
    version: true,
    instance: false,
    async send(client, r) {
      await recordSupportEnded(client, { pacticipant: r.pacticipant, version: r.version!, environment: r.environment });
      return `recorded the end of support of ${r.pacticipant} ${r.version} in ${r.environment}`;
    },
  },
};

function instance(r: Recording): { applicationInstance?: string } {
  return r.applicationInstance !== undefined ? { applicationInstance: r.applicationInstance } : {};
}

function where(r: Recording): string {
  return r.applicationInstance !== undefined ? ` (instance ${r.applicationInstance})` : '';
}

/** `apilife pact record-<record>`. */
function recordCommand(record: RecordKind): CommandSpec {
  const spec = RECORDS[record];
  const name = `record-${record}`;
  return {
    usage: `apilife pact ${name} --pacticipant <p>${spec.version ? ' [--version <v>]' : ''} --environment <env>${spec.instance ? ' [--application-instance <i>]' : ''}`,
    help: `${spec.what}

Options:
  -a, --pacticipant <name>   the application
${spec.version ? '  -e, --version <v>          its version (default: the commit: GITHUB_SHA …, else git rev-parse HEAD)\n' : ''}      --environment <env>    the environment (default: broker.environment of the config)
${spec.instance ? '      --application-instance <i>  which instance of the application in the environment (blue, green, a region)\n' : ''}${BROKER_HELP}
  -h, --help                 this help

Exit codes: 0 recorded; 1 the broker refused (an unknown version or environment, nothing to record);
2 usage errors, or the broker could not be asked.

Examples:
  apilife pact ${name} --pacticipant delivery${spec.version ? ' --version $GITHUB_SHA' : ''} --environment production`,
    options: {
      ...BROKER_OPTIONS,
      pacticipant: { type: 'string', short: 'a' },
      ...(spec.version ? { version: { type: 'string', short: 'e' } } : {}),
      environment: { type: 'string' },
      ...(spec.instance ? { 'application-instance': { type: 'string' } } : {}),
    },
    async run({ values, positionals, output, cwd }) {
      const format = formatOf(values);
      if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
      const pacticipant = values.pacticipant as string | undefined;
      if (!pacticipant) throw new UsageError('give --pacticipant');
      const { client, config } = await connectBroker(values, cwd);
      const environment = (values.environment as string | undefined) ?? config.broker?.environment;
      if (!environment) throw new UsageError('give --environment (or broker.environment in apilife.config.yaml)');
      const version = spec.version ? ((values.version as string | undefined) ?? detectVersionProperties(cwd).version) : undefined;
      if (spec.version && !version) throw new UsageError('give --version (no CI variable or git commit was found)');
      const recording: Recording = {
        pacticipant,
        environment,
        ...(version !== undefined ? { version } : {}),
        ...(values['application-instance'] !== undefined ? { applicationInstance: values['application-instance'] as string } : {}),
      };
      let said: string;
      try {
        said = await spec.send(client, recording);
      } catch (error) {
        return brokerFailure(output, error, format);
      }
      output.result(format === 'json' ? JSON.stringify({ ok: true, record, ...recording }, null, 2) : `✓ ${said}`);
      return EXIT.ok;
    },
  };
}

export const pactRecordDeploymentCommand = recordCommand('deployment');
export const pactRecordUndeploymentCommand = recordCommand('undeployment');
export const pactRecordReleaseCommand = recordCommand('release');
export const pactRecordSupportEndedCommand = recordCommand('support-ended');
