// Legal holds (migration 202612050052): a case or a complainant kept from retention, with why and by whom.
export interface LegalHoldsTables {
  legal_holds: {
    id: string;
    scope: string;
    target_id: string;
    reason: string;
    set_by: string;
    set_at: string;
    lifted_by: string | null;
    lifted_at: string | null;
    lift_reason: string | null;
  };
}
