/**
 * The read side's migrations (ids 50–99): indexes for pacts-for-verification and the matrix, so
 * can-i-deploy stays fast with 1,000 pacticipants × 100 versions stored.
 */
export const READ_MIGRATIONS: readonly { id: number; name: string; sql: string }[] = [
  {
    id: 50,
    name: 'read-indexes',
    sql: `
CREATE INDEX versions_pacticipant_latest ON versions (pacticipant_id, id DESC);
CREATE INDEX pact_publications_provider_version ON pact_publications (provider_id, consumer_version_id DESC);
CREATE INDEX pact_contents_provider_consumer ON pact_contents (provider_id, consumer_id);
CREATE INDEX branch_versions_branch_latest ON branch_versions (branch_id, version_id DESC);
CREATE INDEX verifications_content_success ON verifications (pact_content_id, provider_version_id, id DESC) WHERE success;
CREATE INDEX tags_version_name ON tags (name, version_id DESC);
`,
  },
];
