// The database schema as Kysely types: one interface per table, grouped by feature in *.tables.ts files.
import type { AccountsTables } from './accounts.tables.ts';
import type { ComplainantLinksTables } from './complainant-links.tables.ts';
import type { CoreTables } from './core.tables.ts';
import type { CorrespondenceTables } from './correspondence.tables.ts';
import type { LeasesTables } from './leases.tables.ts';
import type { LegalHoldsTables } from './legal-holds.tables.ts';
import type { LimitsTables } from './limits.tables.ts';
import type { OutboxTables } from './outbox.tables.ts';
import type { ReportTables } from './report.tables.ts';
import type { SearchTables } from './search.tables.ts';
import type { SettingsTables } from './settings.tables.ts';
import type { SnippetsTables } from './snippets.tables.ts';

export interface DB
  extends CoreTables,
    CorrespondenceTables,
    SearchTables,
    AccountsTables,
    OutboxTables,
    SettingsTables,
    LimitsTables,
    LeasesTables,
    ReportTables,
    ComplainantLinksTables,
    LegalHoldsTables,
    SnippetsTables {}
