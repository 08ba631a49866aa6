/**
 * `@apilife/messaging/postgres`: the transactional inbox in PostgreSQL (`subscribe({ inbox })`).
 * Takes a `pg` pool: needs the optional peer `pg` (and `@types/pg` for its types).
 * @example
 * import { createPostgresInbox } from '@apilife/messaging/postgres';
 * const inbox = createPostgresInbox(new pg.Pool());
 */
export { createPostgresInbox } from './postgres-inbox.ts';
