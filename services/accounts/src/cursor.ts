/**
 * Opaque, URL-safe list cursors (contracts/_shared/pagination.yaml): base64url JSON of the sort
 * key of the last item served and when the cursor was issued. They expire after 10 minutes.
 */

/** How long a cursor stays valid. */
export const CURSOR_TTL_MS = 10 * 60 * 1000;

/** Where the next page starts: after the item with this sort key. */
export interface CursorPosition {
  createdAt: string;
  id: string;
}

/** The cursor of the page after `position`, issued at `now`. */
export function encodeCursor(position: CursorPosition, now: Date): string {
  return Buffer.from(JSON.stringify({ c: position.createdAt, i: position.id, t: now.getTime() }), 'utf8').toString('base64url');
}

/** The position a cursor names, or the reason it cannot be used (unreadable or expired). */
export function decodeCursor(cursor: string, now: Date): CursorPosition | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return { error: 'is not a cursor this API issued' };
  }
  if (parsed === null || typeof parsed !== 'object') return { error: 'is not a cursor this API issued' };
  const { c, i, t } = parsed as Record<string, unknown>;
  if (typeof c !== 'string' || typeof i !== 'string' || typeof t !== 'number') return { error: 'is not a cursor this API issued' };
  if (now.getTime() - t > CURSOR_TTL_MS) return { error: 'has expired; list again from the first page' };
  return { createdAt: c, id: i };
}
