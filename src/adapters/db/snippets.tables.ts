// Saved snippets for free replies (migration 202612050330), per language; a retired one keeps its row.
export interface SnippetsTables {
  reply_snippets: {
    id: string;
    language: string;
    title: string;
    body: string;
    created_at: string;
    created_by: string;
    updated_at: string;
    updated_by: string;
    retired_at: string | null;
    retired_by: string | null;
  };
}
