import type { ReliabilityCase } from '../battery.ts';

export const cases: ReliabilityCase[] = [];
