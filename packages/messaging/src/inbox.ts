/**
 * A transactional inbox: the mark "this group handled message X" and the handler's own writes
 * commit in one transaction, so a crash at any point either loses both (the message is redelivered
 * and handled again, cleanly) or keeps both (a redelivery is recognised and skipped). This is what
 * makes side effects happen once under at-least-once delivery. The PostgreSQL one is
 * `createPostgresInbox` of `@apilife/messaging/postgres`.
 */
export interface Inbox<Tx = unknown> {
  /** Runs `work` unless the group already handled the message: `done`, or `duplicate` (nothing ran). */
  run(group: string, id: string, work: (tx: Tx) => Promise<void>): Promise<'done' | 'duplicate'>;
}
