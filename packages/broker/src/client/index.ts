export {
  type DeploymentTarget,
  recordDeployment,
  recordRelease,
  recordSupportEnded,
  recordUndeployment,
} from './deployments.ts';
export { BrokerRequestError, describeErrors, expand, HalClient, type BrokerConnection, type HalResource, type Link } from './hal.ts';
export {
  type MatrixQuery,
  type MatrixResponse,
  type MatrixRetry,
  type MatrixRow,
  type MatrixSelector,
  matrixPath,
  queryMatrix,
} from './matrix.ts';
export { canonicalJson, type PactDocument, type PactFile, type PairPact, pactsByPair, readPactFiles } from './pact-files.ts';
export { type Notice, type PairPublication, type PublishOptions, publishContractsBody, publishPacts } from './publish.ts';
export { brokerConnection, type BrokerFlags } from './settings.ts';
export { detectVersionProperties, type VersionProperties } from './version.ts';
