// Bulk-loads a realistic archive for benchmarks: complainants, cases (with their state and first events),
// search documents and keys, written in multi-row inserts on either engine. It writes the same rows the event
// store and the search index write, without going through the use cases one by one (that would take hours at
// a million cases); the queries measured are the product's own.
//
// How a million cases load in minutes rather than an hour: the secondary indexes of the tables written are
// dropped first and created again from their own definitions at the end (one sorted build each instead of a
// random insert per row into eighteen indexes of the cases); rows go without the query builder, on SQLite in
// statements as large as its limit on parameters allows, on PostgreSQL a table's rows of a transaction in one
// statement of one array per column; and for the load only, SQLite keeps no rollback journal, does not sync and caches more pages, and PostgreSQL
// does not wait for its log to reach the disk at commit. Everything is set back as the product opens a
// database before the benchmark reads it.

import { CompiledQuery, type Insertable, type Kysely, sql } from 'kysely';
import { registerColumns } from '../../src/adapters/db/aggregates.repo.ts';
import { rebuildCaseCounts } from '../../src/adapters/db/case-counts.repo.ts';
import type { Database } from '../../src/adapters/db/database.ts';
import type { DB } from '../../src/adapters/db/schema.ts';
import { indexSearchDocs } from '../../src/adapters/db/search.repo.ts';
import { insertRows } from '../../src/adapters/db/statements.ts';
import { linkHash, payloadDigest } from '../../src/core/archive/hash-chain.ts';
import { evolveCase } from '../../src/core/case/case.ts';
import type { CaseEvent } from '../../src/core/case/case-events.ts';
import { words as indexWords } from '../../src/core/search/search-query.ts';

const FIRST = [
  'Jürgen',
  'Hélène',
  'Anna',
  'François',
  'Chloé',
  'Peter',
  'Zoë',
  'Sébastien',
  'Greta',
  'Oliver',
  'Amélie',
  'Lukas',
  'Léa',
  'James',
  'Sophie',
  'Mehmet',
  'Agnès',
  'Björn',
  'Inès',
  'Thomas',
  'Marie',
  'Jörg',
  'Élodie',
  'Stefan',
  'Camille',
  'Uwe',
  'Noémie',
  'Karl',
  'Aurélie',
  'Sven',
  'Margot',
  'Tobias',
  'Emma',
  'Nils',
  'Céline',
  'Heinz',
  'Manon',
  'Dirk',
  'Laure',
  'Fritz',
];
// Surnames from parts: 16 × 18 = 288 of them, so a full name is shared by a few hundred people at a million
// cases, as in life, rather than by tens of thousands.
const LAST_HEAD = [
  'Mül',
  'Dup',
  'Schm',
  'Lef',
  'Sm',
  'Wag',
  'Mor',
  'Beck',
  'Fau',
  'Jon',
  'Hoff',
  'Gir',
  'Wei',
  'Br',
  'Rou',
  'Krü',
];
const LAST_TAIL = [
  'ler',
  'ont',
  'idt',
  'èvre',
  'ith',
  'ner',
  'eau',
  'er',
  're',
  'es',
  'mann',
  'ard',
  'ß',
  'own',
  'x',
  'ger',
  'in',
  'ault',
];
const LAST = LAST_HEAD.flatMap((h) => LAST_TAIL.map((t) => h + t));
const WORDS = {
  fr: 'serveur panne facture remboursement domaine transfert hébergement messagerie sauvegarde résiliation contrat prélèvement certificat lenteur support délai réponse client'.split(
    ' ',
  ),
  de: 'Server Ausfall Rechnung Erstattung Domain Umzug Hosting Postfach Sicherung Kündigung Vertrag Lastschrift Zertifikat langsam Kundendienst Frist Antwort'.split(
    ' ',
  ),
  en: 'server outage invoice refund domain transfer hosting mailbox backup cancellation contract charge certificate slow support delay answer customer'.split(
    ' ',
  ),
} as const;
const LANGS = ['fr', 'de', 'en'] as const;
const TLDS = ['de', 'fr', 'com', 'eu', 'org', 'net'];

/** A small deterministic generator, so two runs load the same archive. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SeedOptions {
  cases: number;
  /** Write streams and events too (for the case page); search-only archives can skip them. */
  withStreams: boolean;
  /** Receipts spread over this many days before `now`. */
  days?: number;
  now?: string;
  /** Told how far the load is, now and then (a million cases take minutes); awaited, so it may stop the load by
   * throwing (the search benchmark does when the disk fills up). */
  progress?: (what: string) => void | Promise<void>;
}

export interface Seeded {
  references: string[];
  emails: string[];
  tickets: string[];
  domains: string[];
  names: string[];
  caseIds: string[];
  ownerIds: string[];
}

export async function seedCases(database: Database, options: SeedOptions): Promise<Seeded> {
  const rand = rng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const now = Date.parse(options.now ?? '2026-11-23T09:00:00.000Z');
  const days = options.days ?? 730;
  // Cases generated and written per transaction: larger batches gain nothing on either engine and keep more
  // rows alive across garbage collections (more of the time spent collecting).
  const batch = 2_000;
  const sample: Seeded = {
    references: [],
    emails: [],
    tickets: [],
    domains: [],
    names: [],
    caseIds: [],
    ownerIds: [],
  };
  const owners = Array.from({ length: 25 }, (_, i) => `user:agent-${i}`);
  sample.ownerIds = owners;
  const counters = new Map<number, number>();
  const complainantsCount = Math.max(1, Math.floor(options.cases * 0.7));
  const t0 = performance.now();
  const progress = async (what: string) =>
    await options.progress?.(`${what} (${Math.round((performance.now() - t0) / 1000)} s)`);
  const load = await startLoad(database);

  for (let start = 0; start < options.cases; start += batch) {
    const cases: Insertable<DB['cases']>[] = [];
    const complainants: Insertable<DB['complainants']>[] = [];
    const streams: Insertable<DB['streams']>[] = [];
    const events: Insertable<DB['events']>[] = [];
    const docs: Insertable<DB['search_docs']>[] = [];
    const keys: Insertable<DB['case_keys']>[] = [];
    for (let i = start; i < Math.min(options.cases, start + batch); i++) {
      const lang = pick(LANGS);
      const personNo = i % complainantsCount;
      const name = `${FIRST[personNo % FIRST.length]} ${LAST[Math.floor(personNo / FIRST.length) % LAST.length]} ${personNo}`;
      const email = `person${personNo}@example-${personNo % 97}.${TLDS[personNo % TLDS.length]}`;
      const complainantId = `p-${personNo}`;
      if (personNo === i)
        complainants.push({
          id: complainantId,
          name,
          email,
          phone: null,
          language: lang,
          restricted: personNo % 200 === 0 ? 1 : 0,
          designated_contact_id: null,
          unreachable: 0,
          created_at: new Date(now).toISOString(),
          updated_at: new Date(now).toISOString(),
        });
      // Cases are written in the order they were received, as the intake writes them (a letter registered late
      // is the exception), so that a table's order follows the receipt date's as in service: each case at a
      // random instant within its own slice of the period.
      const receivedAt = new Date(
        now - days * 86_400_000 + Math.floor(((i + rand()) * days * 86_400_000) / options.cases),
      ).toISOString();
      const year = Number(receivedAt.slice(0, 4));
      const n = (counters.get(year) ?? 0) + 1;
      counters.set(year, n);
      const reference = `RC-${year}-${String(n).padStart(6, '0')}`;
      const id = `case-${i}`;
      const ticket = String(100000 + Math.floor(rand() * 900000));
      const domain = `${pick(['shop', 'bau', 'praxis', 'atelier', 'cafe', 'kanzlei'])}-${i % 5000}.${pick(TLDS)}`;
      const words = WORDS[lang];
      const description = Array.from({ length: 12 }, () => pick(words)).join(' ');
      const expectations = Array.from({ length: 5 }, () => pick(words)).join(' ');
      const receivedMs = Date.parse(receivedAt);
      const answerByMs = receivedMs + 14 * 86_400_000;
      const answerBy = new Date(answerByMs).toISOString();
      const received: CaseEvent = {
        type: 'case_received',
        payload: {
          kind: 'complaint',
          reference,
          step: i % 10 === 0 ? 2 : 1,
          channel: i % 7 === 0 ? 'letter' : 'email',
          complainantId,
          receivedAt,
          language: lang,
          subject: `Réclamation ${reference}`,
          fields: { ticketRefs: [ticket], domains: [domain], description, expectations },
          missing: [],
          correspondenceId: null,
          deadline: {
            acknowledgeBy: new Date(receivedMs + 86_400_000).toISOString(),
            answerBy,
            answerByDate: answerBy.slice(0, 10),
          },
          step1CaseId: null,
          step1Reference: null,
          warning: null,
        },
      };
      const meta = { at: receivedAt, actor: 'mailbox:complaints' };
      let state = evolveCase(null, received, meta);
      state.id = id;
      const open = answerByMs > now - 10 * 86_400_000;
      const later: CaseEvent[] = [
        { type: 'acknowledged', payload: { channel: 'email', correspondenceId: null } },
      ];
      if (!open)
        later.push({
          type: 'answered',
          payload: {
            outcome: pick(['upheld', 'partly_upheld', 'not_upheld'] as const),
            text: 'Réponse',
            remedy: null,
            correspondenceId: null,
          },
        });
      if (i % 3 === 0) later.push({ type: 'assigned', payload: { from: null, to: pick(owners) } });
      for (const e of later) state = evolveCase(state, e, meta);
      const all = [received, ...later];
      let prev: string | null = null;
      all.forEach((e, k) => {
        const digest = payloadDigest(e.payload);
        const hash = linkHash({
          stream: `case:${id}`,
          seq: k + 1,
          type: e.type,
          at: receivedAt,
          actor: meta.actor,
          payloadDigest: digest,
          prev,
        });
        if (options.withStreams)
          events.push({
            stream: `case:${id}`,
            seq: k + 1,
            type: e.type,
            at: receivedAt,
            actor: meta.actor,
            payload: JSON.stringify(e.payload),
            payload_digest: digest,
            prev,
            hash,
            redacted: 0,
          });
        prev = hash;
      });
      if (options.withStreams)
        streams.push({
          stream: `case:${id}`,
          aggregate: 'case',
          version: all.length,
          head_hash: prev,
          state: JSON.stringify(state),
          updated_at: receivedAt,
        });
      cases.push({
        id,
        reference,
        kind: 'complaint',
        other_reason: null,
        step: state.step,
        status: state.status,
        channel: state.channel,
        language: lang,
        complainant_id: complainantId,
        owner_id: state.ownerId,
        category: pick(['billing', 'domains', 'hosting', 'email', null]),
        department: null,
        subject: state.subject,
        received_at: receivedAt,
        acknowledge_by: state.deadline!.acknowledgeBy,
        acknowledged_at: receivedAt,
        answer_by: answerBy,
        answer_by_date: answerBy.slice(0, 10),
        procedure_answer_by: answerBy,
        answered_at: state.answeredAt,
        outcome: state.outcome,
        closed_at: null,
        waiting_on_complainant: i % 11 === 0 ? 1 : 0,
        flagged: 0,
        step1_case_id: null,
        step2_case_id: null,
        letters_to_post: 0,
        suggestion_status: null,
        extensions: 0,
        is_open: state.status === 'received' || state.status === 'acknowledged' ? 1 : 0,
        due_key: answerBy,
        updated_at: receivedAt,
        // Every row with the same columns (the loader writes each batch in statements of one column list).
        ...Object.fromEntries(Object.entries(registerColumns(state)).map(([k, v]) => [k, v ?? null])),
      });
      docs.push({
        case_id: id,
        source: 'case',
        body: indexWords(
          [reference, state.subject, name, email, description, expectations, ticket, domain].join('\n'),
        ).join(' '),
        received_at: receivedAt,
      });
      keys.push(
        { case_id: id, kind: 'reference', value: reference },
        { case_id: id, kind: 'email', value: email },
        { case_id: id, kind: 'ticket', value: ticket },
        { case_id: id, kind: 'domain', value: domain },
      );
      if (i % Math.max(1, Math.floor(options.cases / 500)) === 0) {
        sample.references.push(reference);
        sample.emails.push(email);
        sample.tickets.push(ticket);
        sample.domains.push(domain);
        sample.names.push(name);
        sample.caseIds.push(id);
      }
    }
    if (start > 0) await progress(`${start.toLocaleString('en')} cases written`);
    await database.transaction(async (trx) => {
      await load.begin(trx);
      await load.insertAll(trx, 'complainants', complainants);
      await load.insertAll(trx, 'cases', cases);
      await load.insertAll(trx, 'search_docs', docs);
      await load.insertAll(trx, 'case_keys', keys);
      if (options.withStreams) {
        await load.insertAll(trx, 'streams', streams);
        await load.insertAll(trx, 'events', events);
      }
    });
  }
  await progress('rows written');
  await load.finish();
  await progress('indexes built');
  // SQLite: the full-text index is filled as a running server's background indexer would have done.
  while ((await indexSearchDocs(database, 200_000)) > 0);
  // The report's counts, as the aggregates would have kept them case by case.
  await progress('full-text index filled');
  await database.transaction((trx) => rebuildCaseCounts(trx, database.engine));
  await progress('counts rebuilt');
  return sample;
}

/** The tables the load writes, whose secondary indexes are built after it. */
const LOADED = ['complainants', 'cases', 'streams', 'events', 'search_docs', 'case_keys'] as const;

/** Parameters in one statement on SQLite: below its limit (32,766). */
const MAX_PARAMETERS = 30_000;

type Row = Record<string, unknown>;
/**
 * Settings and indexes for the load: `begin` is called at the start of each of its transactions, `finish`
 * once at the end (it builds the indexes and restores the settings the database was opened with).
 */
async function startLoad(database: Database) {
  const db = database.db;
  let indexes: Array<{ name: string; definition: string }>;
  let restore: string[] = [];
  if (database.engine === 'sqlite') {
    // Explicit indexes only (SQLite's own for primary keys and unique columns have no SQL), in creation order.
    indexes = (
      await sql<{ name: string; definition: string }>`
        select name, sql as definition from sqlite_master
        where type = 'index' and sql is not null and tbl_name in (${sql.join(LOADED)}) order by rowid`.execute(
        db,
      )
    ).rows;
    const setting = async (name: string) =>
      Object.values((await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(db)).rows[0]!)[0];
    restore = [
      `pragma journal_mode = ${await setting('journal_mode')}`,
      `pragma synchronous = ${await setting('synchronous')}`,
      `pragma cache_size = ${await setting('cache_size')}`,
    ];
    // A fresh database that a failed load leaves half written is dropped anyway: no journal is needed.
    for (const p of ['journal_mode = off', 'synchronous = off', 'cache_size = -1048576'])
      await sql.raw(`pragma ${p}`).execute(db);
  } else {
    // Indexes behind constraints (primary keys, unique columns) stay: they cannot be dropped alone.
    indexes = (
      await sql<{ name: string; definition: string }>`
        select i.indexname as name, i.indexdef as definition from pg_indexes i
        join pg_class c on c.relname = i.indexname and c.relnamespace = current_schema()::regnamespace
        where i.schemaname = current_schema() and i.tablename in (${sql.join(LOADED)})
          and not exists (select 1 from pg_constraint k where k.conindid = c.oid)
        order by c.oid`.execute(db)
    ).rows;
  }
  for (const index of indexes) await sql`drop index ${sql.id(index.name)}`.execute(db);
  // PostgreSQL: the type of every column, for rows passed as one array per column.
  const types = new Map<string, string>();
  if (database.engine === 'postgres')
    for (const c of (
      await sql<{ tbl: string; col: string; type: string }>`
        select c.relname as tbl, a.attname as col, format_type(a.atttypid, a.atttypmod) as type
        from pg_attribute a join pg_class c on c.oid = a.attrelid
        where c.relnamespace = current_schema()::regnamespace and c.relname in (${sql.join(LOADED)})
          and a.attnum > 0 and not a.attisdropped`.execute(db)
    ).rows)
      types.set(`${c.tbl}.${c.col}`, c.type);
  return {
    /**
     * Inserts rows in as few statements as the engine allows: on SQLite as many rows as the limit on
     * parameters allows (the same text for every full statement); on PostgreSQL all of them at once, one array
     * per column (`select * from unnest(…)` keeps their order, so serial ids come out as row by row).
     */
    async insertAll<T extends keyof DB & string>(trx: Kysely<DB>, table: T, rows: Array<Insertable<DB[T]>>) {
      if (rows.length === 0) return;
      const columns = Object.keys(rows[0]!);
      if (database.engine === 'sqlite') {
        const per = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
        for (let k = 0; k < rows.length; k += per) await insertRows(trx, table, rows.slice(k, k + per));
        return;
      }
      const arrays = columns.map((c) => (rows as Row[]).map((r) => r[c]));
      const text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) select * from unnest(${columns
        .map((c, k) => `$${k + 1}::${types.get(`${table}.${c}`)}[]`)
        .join(', ')})`;
      await trx.executeQuery(CompiledQuery.raw(text, arrays));
    },
    async begin(trx: Kysely<DB>) {
      if (database.engine === 'postgres') await sql`set local synchronous_commit = off`.execute(trx);
    },
    async finish() {
      await database.transaction(async (trx) => {
        if (database.engine === 'postgres') await sql`set local maintenance_work_mem = '512MB'`.execute(trx);
        for (const index of indexes) await sql.raw(index.definition).execute(trx);
      });
      for (const statement of restore) await sql.raw(statement).execute(db);
    },
  };
}
