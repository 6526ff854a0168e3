// The cases a staff e-mail is about (a new reply, an assignment, a deadline passed, a restriction due for review:
// one case; the day's digest: every case it lists), one row per case, keyed by the case too. Retention redacts these
// e-mails with their case (retention.repo.ts `staffMailAbout`). Before, they were found by the link to the case's
// page in their text, looked for in every staff e-mail once per case anonymised: an administrator's version of a
// template without the link escaped redaction, and a long run read all staff mail for each case. A table and not a
// column of the mail's row, because a digest is about several cases at once.
//
// Existing staff mail gets its rows from the links its text holds (the only trace of its cases an older release
// left), a page at a time; a mail whose text names no case gets none, as it was found by nothing before either.
// A new table only: an older instance still running during the upgrade does not write it, and the mail it writes
// meanwhile is found by nothing until this release's retention runs; its text is left as it is.
import { type Kysely, sql } from 'kysely';

/** The link to a case's page, as every staff e-mail about a case wrote it before this table (caseUrl). */
const CASE_LINK = /\/cases\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/gi;
const PAGE = 500;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('staff_mail_cases')
    .addColumn('correspondence_id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('staff_mail_cases_pk', ['correspondence_id', 'case_id'])
    .execute();
  await db.schema.createIndex('staff_mail_cases_case').on('staff_mail_cases').column('case_id').execute();
  for (let after = ''; ; ) {
    const page = await sql<{ id: string; text_body: string | null }>`
      select c.id, c.text_body from correspondence c
      join outbound_items o on o.correspondence_id = c.id
      where o.audience = 'staff' and c.case_id is null and c.text_body is not null and c.id > ${after}
      order by c.id limit ${PAGE}`.execute(db);
    const rows = page.rows.flatMap((r) =>
      [...new Set([...(r.text_body ?? '').matchAll(CASE_LINK)].map((m) => m[1]!))].map((caseId) => ({
        correspondence_id: r.id,
        case_id: caseId,
      })),
    );
    const ids = [...new Set(rows.map((r) => r.case_id))];
    const known = new Set(
      ids.length
        ? (
            await sql<{ id: string }>`select id from cases where id in (${sql.join(ids)})`.execute(db)
          ).rows.map((r) => r.id)
        : [],
    );
    const values = rows.filter((r) => known.has(r.case_id));
    if (values.length)
      await sql`insert into staff_mail_cases (correspondence_id, case_id) values ${sql.join(
        values.map((v) => sql`(${v.correspondence_id}, ${v.case_id})`),
      )}`.execute(db);
    if (page.rows.length < PAGE) break;
    after = page.rows[page.rows.length - 1]!.id;
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('staff_mail_cases').execute();
}
