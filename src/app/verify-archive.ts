// Verifying the archive (P6.2): every stream's hash chain and recorded head; names each altered, missing or
// extra event. Streams are read one at a time so memory stays flat on a large archive.
import { readLinks } from '../adapters/db/event-store.ts';
import { type ChainProblem, verifyStream } from '../core/archive/hash-chain.ts';
import type { AppContext } from './context.ts';

export interface VerifyReport {
  streams: number;
  events: number;
  problems: ChainProblem[];
}

export async function verifyArchive(ctx: AppContext): Promise<VerifyReport> {
  const { db } = ctx.database;
  const heads = await db.selectFrom('streams').select(['stream', 'version', 'head_hash']).execute();
  const headOf = new Map(heads.map((h) => [h.stream, { version: h.version, headHash: h.head_hash }]));
  const inEvents = await db.selectFrom('events').select('stream').distinct().execute();
  const streams = [...new Set([...heads.map((h) => h.stream), ...inEvents.map((r) => r.stream)])].sort();
  const problems: ChainProblem[] = [];
  let events = 0;
  for (const stream of streams) {
    const links = await readLinks(db, stream);
    events += links.length;
    problems.push(...verifyStream(stream, links, headOf.get(stream) ?? null));
  }
  return { streams: streams.length, events, problems };
}
