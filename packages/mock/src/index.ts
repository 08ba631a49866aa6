/**
 * `@apilife/mock`: mocks from contracts, for the develop and test stages. An OpenAPI contract is
 * served from its examples and schemas by the runtime of the generated servers
 * (`createHttpMock`, `startHttpMock`); an AsyncAPI contract's application is played on any
 * `@apilife/messaging` transport (`startMessagingMock`). `apilife mock` runs either.
 */
export { createHttpMock, MOCK_PROBLEM_TYPE } from './http-mock.ts';
export type { HttpMockOptions } from './http-mock.ts';
export { startHttpMock } from './serve.ts';
export type { ListenOptions, MockRequestEvent, RunningHttpMock } from './serve.ts';
export { startMessagingMock } from './messaging-mock.ts';
export type { MessagingMockOptions, MockMessageEvent, RunningMessagingMock } from './messaging-mock.ts';
export { readPreferences } from './prefer.ts';
export type { Preferences } from './prefer.ts';
export { sampleValue, seededRandom } from './sample.ts';
export type { SampleOptions } from './sample.ts';
