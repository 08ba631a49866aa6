/**
 * HTTP abuse, on every service and the gateway of the running system: a contract-driven fuzzer,
 * the size and time limits of a request (raw sockets), and one account against another's data.
 */
import { SERVICES } from '@drone-delivery/platform';
import type { ReliabilityCase } from '../battery.ts';
import { authzCase } from '../http/authz-case.ts';
import { fuzzCase } from '../http/fuzz-case.ts';
import { limitsCase } from '../http/limits-case.ts';

export const cases: ReliabilityCase[] = [...SERVICES.map(fuzzCase), limitsCase, authzCase];
