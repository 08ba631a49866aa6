import type { Problem } from './generated/delivery/types.gen.ts';

const BASE = 'https://problems.drone-delivery.internal';

/** 404: unknown, or not visible to the caller (another account's deliveries are not revealed). */
export function notFound(detail = 'Nothing exists at this URI, or it is not visible to the caller.'): Problem {
  return { type: `${BASE}/not-found`, title: 'Resource not found', status: 404, detail };
}

/** 409: the delivery's state forbids the change. */
export function invalidTransition(detail: string): Problem {
  return { type: `${BASE}/invalid-state-transition`, title: 'Invalid state transition', status: 409, detail };
}

/** 403: the caller acts for another account. */
export function forbidden(detail: string): Problem {
  return { type: `${BASE}/forbidden`, title: 'Forbidden', status: 403, detail };
}
