// What `redress archive verify` learns of the correspondence while it reads the chains (which rows an event names,
// the seal a chain carries for an outbound item, which rows were already named), kept on disk rather than in memory:
// the chains name every row of the archive, and at millions of cases the ids alone would take gigabytes. The later
// passes read the rows a page at a time and ask for that page's facts only.
//
// A scratch SQLite file of its own in the temporary folder (owner-only, deleted when verify ends), whichever engine
// holds the archive: verify only reads the archive, and looking facts up by id does not depend on how the archive's
// engine orders text.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';

/** What the chains say of one correspondence row. */
export interface CorrespondenceFacts {
  /** An event names it. */
  namedByEvent: boolean;
  /** The seal of the outbound item a chain carries, and where. */
  anchor: { seal: string; where: string } | null;
  /** An event carries a seal it matches, taken before the address it verifiably comes from was sealed. */
  senderUnsealed: boolean;
  /** Its own copy of the seal is gone, but an event carries its seal. */
  anchoredWithoutSeal: boolean;
  /** Already named as a problem: not named again. */
  named: boolean;
  /** Its entry in the list of rows written before the anchor is not the one recorded: the list does not account for it. */
  untrusted: boolean;
}

export type FactNote = Partial<Omit<CorrespondenceFacts, 'anchor'>> & {
  anchor?: { seal: string; where: string };
};

const FLAGS = {
  namedByEvent: 1,
  senderUnsealed: 2,
  anchoredWithoutSeal: 4,
  named: 8,
  untrusted: 16,
} as const;

/** Notes waiting to be written: at most this many ids are held before they go to the file. */
const BUFFER = 500;

export interface FactsIndex {
  /**
   * Notes facts of a row. An anchor noted by an event replaces one noted before; one noted by the audit chain
   * (`keepAnchor`) is kept only where none was.
   */
  note(id: string, facts: FactNote, options?: { keepAnchor?: boolean }): void;
  /** The facts of these rows (those with none noted are absent). */
  lookup(ids: readonly string[]): Map<string, CorrespondenceFacts>;
  /** Ids held in memory now (notes not yet written). */
  readonly held: number;
  close(): void;
}

/**
 * The scratch file could not be made: verify has checked nothing yet. Its own kind of error, so that the command
 * says how to fix it and exits with its own code, never with the one that means "archive not intact".
 */
export class ScratchUnavailableError extends Error {
  readonly code = 'scratch_unavailable';
  readonly folder: string;
  constructor(folder: string, cause: unknown) {
    const why = (cause as { code?: string } | null)?.code ?? (cause as Error).message;
    super(
      `archive verify keeps a scratch file in the temporary folder ${folder}, which could not be written (${why}): ` +
        'set TMPDIR to a folder this user may write, with room for some tens of bytes per correspondence row; nothing was checked',
      { cause },
    );
    this.folder = folder;
  }
}

export function openFactsIndex(): FactsIndex {
  const folder = tmpdir();
  let dir: string;
  let db: SqliteDatabase.Database;
  try {
    dir = mkdtempSync(join(folder, 'redress-verify-'));
  } catch (e) {
    throw new ScratchUnavailableError(folder, e);
  }
  try {
    db = new SqliteDatabase(join(dir, 'facts.db'));
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw new ScratchUnavailableError(folder, e);
  }
  // A scratch file: nothing to recover after a crash, so no journal and no syncing.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -8192');
  db.pragma('temp_store = FILE');
  db.exec(
    'create table facts (id text primary key, flags integer not null, anchor_seal text, anchor_where text) without rowid',
  );
  const upsert = (keep: boolean) =>
    db.prepare(
      `insert into facts (id, flags, anchor_seal, anchor_where) values (?, ?, ?, ?)
       on conflict (id) do update set flags = flags | excluded.flags,
         anchor_seal = ${keep ? 'coalesce(anchor_seal, excluded.anchor_seal)' : 'coalesce(excluded.anchor_seal, anchor_seal)'},
         anchor_where = ${keep ? 'case when anchor_seal is null then excluded.anchor_where else anchor_where end' : 'case when excluded.anchor_seal is null then anchor_where else excluded.anchor_where end'}`,
    );
  const replaceAnchor = upsert(false);
  const keepAnchor = upsert(true);
  const select = new Map<number, SqliteDatabase.Statement>();
  let pending: { id: string; flags: number; seal: string | null; where: string | null; keep: boolean }[] = [];
  const flush = db.transaction(() => {
    for (const p of pending) (p.keep ? keepAnchor : replaceAnchor).run(p.id, p.flags, p.seal, p.where);
  });
  const write = () => {
    if (!pending.length) return;
    flush();
    pending = [];
  };
  return {
    note(id, facts, options = {}) {
      let flags = 0;
      for (const [key, bit] of Object.entries(FLAGS)) if (facts[key as keyof typeof FLAGS]) flags |= bit;
      pending.push({
        id,
        flags,
        seal: facts.anchor?.seal ?? null,
        where: facts.anchor?.where ?? null,
        keep: options.keepAnchor === true,
      });
      if (pending.length >= BUFFER) write();
    },
    lookup(ids) {
      write();
      const out = new Map<string, CorrespondenceFacts>();
      for (let i = 0; i < ids.length; i += 500) {
        const part = ids.slice(i, i + 500);
        let stmt = select.get(part.length);
        if (!stmt) {
          stmt = db.prepare(
            `select id, flags, anchor_seal, anchor_where from facts where id in (${part.map(() => '?').join(',')})`,
          );
          select.set(part.length, stmt);
        }
        for (const r of stmt.all(...part) as {
          id: string;
          flags: number;
          anchor_seal: string | null;
          anchor_where: string | null;
        }[])
          out.set(r.id, {
            namedByEvent: (r.flags & FLAGS.namedByEvent) !== 0,
            anchor: r.anchor_seal !== null ? { seal: r.anchor_seal, where: r.anchor_where ?? '' } : null,
            senderUnsealed: (r.flags & FLAGS.senderUnsealed) !== 0,
            anchoredWithoutSeal: (r.flags & FLAGS.anchoredWithoutSeal) !== 0,
            named: (r.flags & FLAGS.named) !== 0,
            untrusted: (r.flags & FLAGS.untrusted) !== 0,
          });
      }
      return out;
    },
    get held() {
      return pending.length;
    },
    close() {
      pending = [];
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
