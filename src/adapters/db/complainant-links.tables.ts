// The complainant's private links (migration 202612050140): the SHA-256 of each token, never the token itself.
export interface ComplainantLinksTables {
  complainant_links: {
    id: string;
    case_id: string;
    token_sha256: string;
    created_at: string;
    created_by: string;
    revoked_at: string | null;
    revoked_by: string | null;
  };
}
