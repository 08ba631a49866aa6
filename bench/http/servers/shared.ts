/** What every contestant answers, so the work after validation is the same everywhere. */
export const ORDER_ID = '0d6c7a4e-2f8b-4f47-9f5e-6a2b1c3d4e5f';

export function created<T>(order: T) {
  return { id: ORDER_ID, status: 'received' as const, order };
}

export function found(orderId: string, include: string | undefined) {
  return include === 'items' ? { id: orderId, status: 'shipped' as const, order: SAMPLE } : { id: orderId, status: 'shipped' as const };
}

export const SAMPLE = {
  customerId: '3f2b8c1e-6d4a-4e9b-8a7c-1b2d3e4f5a6b',
  email: 'buyer@example.com',
  sku: 'ABC-12345',
  quantity: 3,
  unitPrice: 19.99,
  express: true,
  channel: 'web' as const,
  tags: ['gift', 'fragile'],
  requestedAt: '2026-11-24T10:00:00Z',
  shipTo: { city: 'Oslo', postcode: '0150' },
};

/** Starts listening on 127.0.0.1 and an ephemeral port, and tells the parent which. */
export function announce(port: number): void {
  process.stdout.write(`listening ${port}\n`);
}
