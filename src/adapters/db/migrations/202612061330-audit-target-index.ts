// The audit entries about one target (a case, an inbox item, a complainant), looked up by `redress archive verify`
// and by anonymisation: whether a chained anonymisation covers a redacted event, row or entry, the latest
// anonymisation of each target, and the seal of what an anonymisation left (redaction-seal.repo.ts). Without this
// index each of those look-ups reads the whole audit log, once per redacted stream or row. The target's id comes
// first: every look-up names it; its type, the action and the place in the chain narrow it further.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('audit_log_target')
    .on('audit_log')
    .columns(['target_id', 'target_type', 'action', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_log_target').ifExists().execute();
}
