// The seal of an anonymisation (P6.2 with P6.3): retention replaces the personal data of events, correspondence and
// audit entries, so their own digests no longer cover what they hold (`redacted`). What each anonymisation left is
// sealed instead: a SHA-256 over every redacted row of its target (the events of its stream, its correspondence,
// the audit entries about it), taken in the anonymisation's transaction and written into its audit entry, which the
// audit chain covers. `redress archive verify` takes the seal again for the latest anonymisation of each target and
// compares, and names every redacted row that no anonymisation on record covers.
import { createHash } from 'node:crypto';
import { type Kysely, type SqlBool, sql } from 'kysely';
import { auditPersonalDigest } from '../../core/archive/audit-chain.ts';
import { payloadDigest } from '../../core/archive/hash-chain.ts';
import { linesAbout, linesDigest, withoutLinesAbout } from '../../core/archive/staff-digest-lines.ts';
import { parseAuditDetail, withAuditChain } from './audit-chain.repo.ts';
import {
  correspondenceAnonymisedWith,
  FORWARD_EVENT,
  forwardMailsNamedIn,
  STAFF_LINES_KEY,
  STAFF_MAIL_KEY,
  staffLinesNamedIn,
  staffMailNamedIn,
} from './retention.repo.ts';
import type { DB } from './schema.ts';

export type AnonymisedTargetType = 'case' | 'inbox_item' | 'complainant';

/** The audit action that records the anonymisation of each kind of target, and the prefix of its stream. */
export const ANONYMISATION_ACTION: Record<AnonymisedTargetType, string> = {
  case: 'case_anonymised',
  inbox_item: 'inbox_item_anonymised',
  complainant: 'complainant_anonymised',
};
const STREAM_PREFIX: Record<AnonymisedTargetType, string> = {
  case: 'case:',
  inbox_item: 'inbox:',
  complainant: 'complainant:',
};

function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The staff e-mails the anonymisations of a case on record name (retention.repo.ts `staffMailAbout`). */
async function staffMailOfCase(
  db: Kysely<DB>,
  caseId: string,
): Promise<{ whole: string[]; lines: string[] }> {
  const rows = await withAuditChain(db)
    .selectFrom('audit_log')
    .select('detail')
    .where('action', '=', ANONYMISATION_ACTION.case)
    .where('target_type', '=', 'case')
    .where('target_id', '=', caseId)
    .execute();
  const details = rows.map((r) => parseAuditDetail(r.detail));
  return {
    whole: details.flatMap(staffMailNamedIn),
    lines: details.flatMap((d) => staffLinesNamedIn(d).map((x) => x.id)),
  };
}

/**
 * What the seal of case `caseId` takes of a digest that lists other people's cases too (staff-digest-lines.ts):
 * its fields that redaction leaves, the text around the items, and each listed case's items apart: this case's as
 * they are now (their marker), another case's as they are now while it is kept, or, once its own anonymisation
 * replaced them, as that anonymisation recorded them before. So a later case going does not change this seal, and
 * an item of a kept case changed by hand is still found.
 */
async function sharedDigestPart(db: Kysely<DB>, mailId: string, caseId: string): Promise<string> {
  const row = await db
    .selectFrom('correspondence')
    .select(['subject', 'from_address', 'to_address', 'at', 'message_id', 'content_sha256', 'text_body'])
    .where('id', '=', mailId)
    .executeTakeFirst();
  const listed = await db
    .selectFrom('staff_mail_cases as s')
    .innerJoin('cases as k', 'k.id', 's.case_id')
    .select(['s.case_id', 'k.reference'])
    .where('s.correspondence_id', '=', mailId)
    .orderBy('s.case_id')
    .execute();
  const others = listed.map((x) => x.case_id).filter((x) => x !== caseId);
  const recorded = new Map<string, string>();
  if (others.length)
    for (const e of await withAuditChain(db)
      .selectFrom('audit_log')
      .select(['target_id', 'detail'])
      .where('action', '=', ANONYMISATION_ACTION.case)
      .where('target_type', '=', 'case')
      .where('target_id', 'in', others)
      .where('detail', 'like', `%${STAFF_LINES_KEY}%`)
      .orderBy('seq')
      .execute())
      for (const x of staffLinesNamedIn(parseAuditDetail(e.detail)))
        if (x.id === mailId && e.target_id && !recorded.has(e.target_id)) recorded.set(e.target_id, x.before);
  const text = row?.text_body ?? '';
  const { text_body: _text, ...fields } = row ?? { text_body: null };
  return payloadDigest({
    fields,
    around: withoutLinesAbout(
      text,
      listed.map((x) => x.reference),
    ),
    items: listed.map((x) => [
      x.case_id,
      (x.case_id !== caseId && recorded.get(x.case_id)) || linesDigest(linesAbout(text, x.reference)),
    ]),
  });
}

/**
 * The seal of everything redacted about a target, as the database holds it now (hex SHA-256). A case's staff
 * e-mails are those its anonymisations on record name, and `staffMail` (the ones the anonymisation under way
 * redacted, before its entry names them).
 */
export async function redactionSeal(
  db: Kysely<DB>,
  type: AnonymisedTargetType,
  id: string,
  staffMail: readonly string[] = [],
  staffLines: readonly { id: string }[] = [],
): Promise<string> {
  const h = createHash('sha256');
  const named = type === 'case' ? await staffMailOfCase(db, id) : { whole: [], lines: [] };
  const staff = type === 'case' ? [...new Set([...named.whole, ...staffMail])] : [];
  const shared = [...new Set([...named.lines, ...staffLines.map((x) => x.id)])].sort();
  const events = await db
    .selectFrom('events')
    .select(['seq', 'type', 'payload'])
    .where('stream', '=', `${STREAM_PREFIX[type]}${id}`)
    .where('redacted', '=', 1)
    .orderBy('seq')
    .execute();
  for (const e of events) h.update(`e ${e.seq} ${e.type} ${payloadDigest(parsed(e.payload))}\n`);
  if (type !== 'complainant') {
    const rows = await db
      .selectFrom('correspondence as c')
      .leftJoin('outbound_items as o', 'o.correspondence_id', 'c.id')
      .select([
        'c.id',
        'c.case_id',
        'c.direction',
        'c.channel',
        'c.at',
        'c.subject',
        'c.from_address',
        'c.from_name',
        'c.to_address',
        'c.reading',
        'c.text_body',
        'c.status_detail',
        'c.original_sha256',
        'c.message_id',
        'c.in_reply_to',
        'c.content_sha256',
        'o.from_address as out_from_address',
        'o.from_name as out_from_name',
        'o.references_header',
        'o.postal_address',
        'o.attachments',
        'o.purpose',
      ])
      .where('c.redacted', '=', 1)
      .where(
        type === 'case'
          ? staff.length
            ? sql<SqlBool>`(${await correspondenceAnonymisedWith(db, id, 'c')} or (c.case_id is null and c.id in (${sql.join(staff)})))`
            : await correspondenceAnonymisedWith(db, id, 'c')
          : (eb) =>
              eb.and([
                eb('c.case_id', 'is', null),
                eb.or([
                  eb('c.inbox_item_id', '=', id),
                  eb(
                    'c.id',
                    'in',
                    eb.selectFrom('inbox_items').select('correspondence_id').where('id', '=', id),
                  ),
                ]),
              ]),
      )
      .orderBy('c.id')
      .execute();
    for (const r of rows) h.update(`c ${r.id} ${payloadDigest(r)}\n`);
    // Digests listing other people's cases too, whose items about this case it redacted (none: the seal as before).
    for (const mailId of shared) h.update(`l ${mailId} ${await sharedDigestPart(db, mailId, id)}\n`);
  }
  const audit = await withAuditChain(db)
    .selectFrom('audit_log')
    .select(['seq', 'actor_label', 'target_label', 'address', 'detail'])
    .where('target_type', '=', type)
    .where('target_id', '=', id)
    .where('redacted', '=', 1)
    .orderBy('seq')
    .execute();
  for (const a of audit)
    h.update(
      `a ${a.seq} ${auditPersonalDigest({
        actorLabel: a.actor_label,
        targetLabel: a.target_label,
        address: a.address,
        detail: parseAuditDetail(a.detail),
      })}\n`,
    );
  return h.digest('hex');
}

export interface AnonymisationOnRecord {
  seq: number;
  action: string;
  type: AnonymisedTargetType;
  targetId: string;
  /** The seal its entry recorded; null for an anonymisation by a release before seals (only its record counts). */
  seal: string | null;
  /** Its own entry was redacted (only a later anonymisation of the same target may do that). */
  redacted: boolean;
}

/**
 * The latest chained anonymisation of each target after the entry numbered `after` (0: from the first), in audit
 * order, at most `limit` of them: the ones whose seal must match what the targets' redacted rows hold now. Read in the
 * same snapshot as those rows (read-snapshot.ts), so that no later anonymisation of a target can come in between.
 */
export async function latestAnonymisationPage(
  db: Kysely<DB>,
  after: number,
  limit: number,
): Promise<AnonymisationOnRecord[]> {
  const rows = await withAuditChain(db)
    .selectFrom('audit_log as a')
    .select(['a.seq', 'a.action', 'a.target_type', 'a.target_id', 'a.detail', 'a.redacted'])
    .where('a.action', 'in', Object.values(ANONYMISATION_ACTION))
    .where('a.seq', '>', after)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('audit_log as b')
            .select('b.id')
            .whereRef('b.action', '=', 'a.action')
            .whereRef('b.target_id', '=', 'a.target_id')
            .whereRef('b.seq', '>', 'a.seq'),
        ),
      ),
    )
    .orderBy('a.seq')
    .limit(limit)
    .execute();
  return rows.map((r) => {
    const detail = parseAuditDetail(r.detail);
    const seal = detail?.seal;
    return {
      seq: r.seq!,
      action: r.action,
      type: r.target_type as AnonymisedTargetType,
      targetId: r.target_id ?? '',
      seal: typeof seal === 'string' ? seal : null,
      redacted: r.redacted === 1,
    };
  });
}

/** The chained anonymisation entries of one kind, as a subquery's condition on a target id column. */
function anonymised(type: AnonymisedTargetType, targetId: ReturnType<typeof sql.ref>) {
  return sql`exists (select 1 from audit_log a where a.seq is not null and a.action = ${ANONYMISATION_ACTION[type]} and a.target_type = ${type} and a.target_id = ${targetId})`;
}

/**
 * A complainant's record anonymised by a release before `complainant_anonymised` was recorded: it went with the
 * last of its cases, whose `case_anonymised` entry stands for it (`after`: only an entry later than that place).
 */
function legacyComplainant(
  complainantId: ReturnType<typeof sql>,
  after: ReturnType<typeof sql> | null = null,
) {
  return sql`exists (select 1 from cases k
    where (k.complainant_id = ${complainantId}
        or k.complainant_id = (select p.merged_into from complainants p where p.id = ${complainantId}))
      and exists (select 1 from audit_log a
        where a.target_id = k.id and a.target_type = 'case' and a.action = 'case_anonymised' and a.seq is not null
          ${after ? sql`and a.seq > ${after}` : sql``}))`;
}

/** Streams holding redacted events whose target no chained anonymisation covers, with the first such event. */
export async function redactedStreamsWithoutAnonymisation(
  db: Kysely<DB>,
): Promise<{ stream: string; seq: number; count: number }[]> {
  const types = Object.keys(STREAM_PREFIX) as AnonymisedTargetType[];
  // The target's id cut from the stream's name, so the look-up uses the index on the entries' target.
  const covered = sql.join(
    types.map(
      (t) =>
        sql`(e.stream like ${`${STREAM_PREFIX[t]}%`} and exists (select 1 from audit_log a where a.target_id = substr(e.stream, ${sql.lit(STREAM_PREFIX[t].length + 1)}) and a.target_type = ${t} and a.action = ${ANONYMISATION_ACTION[t]} and a.seq is not null))`,
    ),
    sql` or `,
  );
  const r = await sql<{ stream: string; seq: number | string; count: number | string }>`
    select e.stream as stream, min(e.seq) as seq, count(*) as count from events e
    where e.redacted = 1 and not (${covered})
      and not (e.stream like 'complainant:%' and ${legacyComplainant(sql`substr(e.stream, 13)`)})
    group by e.stream order by e.stream`.execute(db);
  return r.rows.map((x) => ({ stream: x.stream, seq: Number(x.seq), count: Number(x.count) }));
}

/**
 * Redacted correspondence that no chained anonymisation of its case or inbox item covers. A row of no case that a
 * case's `suggestion_forwarded` event names (an e-mail to a department: retention.repo.ts
 * `correspondenceAnonymisedWith`) is covered by that case's anonymisation.
 */
export async function redactedCorrespondenceWithoutAnonymisation(
  db: Kysely<DB>,
): Promise<{ id: string; direction: string; caseId: string | null }[]> {
  const r = await sql<{ id: string; direction: string; case_id: string | null }>`
    select c.id, c.direction, c.case_id from correspondence c
    where c.redacted = 1
      and not (c.case_id is not null and ${anonymised('case', sql.ref('c.case_id'))})
      and not exists (
        select 1 from inbox_items i
        where (i.correspondence_id = c.id or i.id = c.inbox_item_id)
          and ((i.case_id is not null and ${anonymised('case', sql.ref('i.case_id'))})
            or (c.case_id is null and ${anonymised('inbox_item', sql.ref('i.id'))})))
    order by c.id`.execute(db);
  const ofNoCase = new Set(r.rows.filter((x) => x.case_id === null).map((x) => x.id));
  const forwards = await forwardsOfAnonymisedCases(db, ofNoCase);
  const staff = await staffMailOfAnonymisedCases(db, ofNoCase);
  return r.rows
    .filter((x) => !forwards.has(x.id) && !staff.has(x.id))
    .map((x) => ({ id: x.id, direction: x.direction, caseId: x.case_id }));
}

/**
 * Of the rows of no case `ids`, those named by a `suggestion_forwarded` event of a case whose anonymisation is on
 * record in the audit chain. The events are read by their type (indexed), a page at a time, and only when there is
 * such a row to account for; the ids they name are kept in their redacted payloads.
 */
async function forwardsOfAnonymisedCases(db: Kysely<DB>, ids: ReadonlySet<string>): Promise<Set<string>> {
  const out = new Set<string>();
  if (!ids.size) return out;
  const byCase = new Map<string, string[]>();
  const PAGE = 500;
  for (let after = 0; ; ) {
    const page = await db
      .selectFrom('events')
      .select(['id', 'stream', 'payload'])
      .where('type', '=', FORWARD_EVENT)
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)
      .execute();
    for (const e of page) {
      if (!e.stream.startsWith(STREAM_PREFIX.case)) continue;
      const caseId = e.stream.slice(STREAM_PREFIX.case.length);
      for (const id of forwardMailsNamedIn(e.payload))
        if (ids.has(id)) byCase.set(caseId, [...(byCase.get(caseId) ?? []), id]);
    }
    if (page.length < PAGE) break;
    after = Number(page[page.length - 1]!.id);
  }
  const cases = [...byCase.keys()];
  for (let i = 0; i < cases.length; i += PAGE) {
    const part = cases.slice(i, i + PAGE);
    const rows = await withAuditChain(db)
      .selectFrom('audit_log')
      .select('target_id')
      .where('action', '=', ANONYMISATION_ACTION.case)
      .where('target_type', '=', 'case')
      .where('seq', 'is not', null)
      .where('target_id', 'in', part)
      .execute();
    for (const x of rows) for (const id of byCase.get(x.target_id ?? '') ?? []) out.add(id);
  }
  return out;
}

/**
 * Of the rows of no case `ids`, those a chained anonymisation of a case names as its staff e-mails (retention.repo.ts
 * `staffMailAbout`). Read only when there is such a row to account for.
 */
async function staffMailOfAnonymisedCases(db: Kysely<DB>, ids: ReadonlySet<string>): Promise<Set<string>> {
  const out = new Set<string>();
  if (!ids.size) return out;
  const rows = await withAuditChain(db)
    .selectFrom('audit_log')
    .select('detail')
    .where('action', '=', ANONYMISATION_ACTION.case)
    .where('target_type', '=', 'case')
    .where('seq', 'is not', null)
    .where('detail', 'like', `%${STAFF_MAIL_KEY}%`)
    .execute();
  for (const r of rows) {
    const detail = parseAuditDetail(r.detail);
    for (const id of [...staffMailNamedIn(detail), ...staffLinesNamedIn(detail).map((x) => x.id)])
      if (ids.has(id)) out.add(id);
  }
  return out;
}

/**
 * Redacted audit entries that no later chained anonymisation of their target covers (an anonymisation redacts the
 * entries about its target before its own entry is written, so its own entry comes after them).
 */
export async function redactedAuditWithoutAnonymisation(
  db: Kysely<DB>,
): Promise<{ seq: number; action: string; at: string }[]> {
  const r = await sql<{ seq: number | string; action: string; at: string }>`
    select l.seq, l.action, l.at from audit_log l
    where l.redacted = 1 and l.seq is not null
      and not exists (
        select 1 from audit_log a
        where a.seq is not null and a.seq > l.seq and a.target_type = l.target_type and a.target_id = l.target_id
          and a.action in (${sql.join(Object.values(ANONYMISATION_ACTION))}))
      and not (l.target_type = 'complainant' and ${legacyComplainant(sql.ref('l.target_id'), sql.ref('l.seq'))})
    order by l.seq`.execute(db);
  return r.rows.map((x) => ({ seq: Number(x.seq), action: x.action, at: x.at }));
}
