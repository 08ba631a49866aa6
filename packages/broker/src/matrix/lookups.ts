import type { Sql } from '../store/db.ts';

/**
 * Pacticipant ids by name, remembered for one matrix request only: every later step of the
 * request (validation, the specified, ignored and inferred selectors) asks for names another step
 * already looked up. Never shared between requests: another broker process may add pacticipants.
 */
export class PacticipantIds {
  private readonly known = new Map<string, number | null>();

  constructor(private readonly sql: Sql) {}

  /** Records an id learned from another query (the integrations name both sides). */
  remember(name: string, id: number): void {
    this.known.set(name, id);
  }

  /**
   * Looks up the names not seen yet (one query) and whether `environment` exists (in the same
   * query, when given); answers the ids of those names that exist.
   */
  async lookup(names: readonly string[], environment?: string): Promise<{ ids: Map<string, number>; environmentExists: boolean }> {
    const missing = [...new Set(names)].filter((n) => !this.known.has(n));
    let environmentExists = false;
    if (missing.length > 0 || environment !== undefined) {
      const [row] = await this.sql.query<{ found: { id: number; name: string }[] | null; environment: boolean }>(
        `SELECT json_agg(json_build_object('id', id, 'name', name)) AS found,
                EXISTS (SELECT 1 FROM environments WHERE name = $2) AS environment
         FROM pacticipants WHERE name = ANY($1::text[])`,
        [missing, environment ?? null],
      );
      for (const name of missing) this.known.set(name, null);
      for (const p of row?.found ?? []) this.known.set(p.name, Number(p.id));
      environmentExists = row?.environment === true;
    }
    const ids = new Map<string, number>();
    for (const name of names) {
      const id = this.known.get(name);
      if (id !== undefined && id !== null) ids.set(name, id);
    }
    return { ids, environmentExists };
  }
}
