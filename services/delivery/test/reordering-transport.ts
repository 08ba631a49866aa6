import type { Transport, TransportDelivery } from '@apilife/messaging';

/**
 * A transport that reorders what its consumers get, as a broker may across competing consumers or
 * after a redelivery: a delivery that `holdBack` picks is kept from the consumer until the next one
 * it does not pick has been settled (acknowledged or handed back), then handed on. Publishing and
 * everything else go to `inner` unchanged. For tests only.
 */
export function reorderingTransport(inner: Transport, holdBack: (delivery: TransportDelivery) => boolean): Transport & { held: number } {
  const held: (() => void)[] = [];
  const release = () => {
    for (const handOn of held.splice(0)) handOn();
  };
  return {
    kind: `reordering ${inner.kind}`,
    get held() {
      return held.length;
    },
    publish: (channel, message, options) => inner.publish(channel, message, options),
    ensureGroup: (pattern, group) => inner.ensureGroup(pattern, group),
    close: () => inner.close(),
    consume: (pattern, options, onDelivery) =>
      inner.consume(pattern, options, (delivery) => {
        if (holdBack(delivery)) return void held.push(() => onDelivery(delivery));
        const settledThen =
          <A extends unknown[]>(settle: (...args: A) => Promise<void>) =>
          async (...args: A) => {
            await settle(...args);
            release();
          };
        onDelivery({ ...delivery, ack: settledThen(delivery.ack), retry: settledThen(delivery.retry) });
      }),
  };
}
