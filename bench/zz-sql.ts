import Database from 'better-sqlite3';
const db = new Database('/tmp/h2/reg100k.db', { readonly: true });
const start = '2025-11-23T23:00:00.000Z', end = '2026-11-23T23:00:00.000Z';
const main = db.prepare(`select id, reference, kind, step, channel, category, language, status, outcome, received_at, acknowledge_by, acknowledged_at, answer_by, answered_at, extensions from cases where received_at >= ? and received_at < ? and merged_into is null order by received_at, id`);
const ids = main.all(start, end).map((r: any) => `case:${r.id}`);
const J = (p: string) => `json_extract(events.payload, '$.${p}')`;
const evSql = (n: number, filter: string, cols: string) => `select events.stream, events.type, ${cols} from events where events.stream in (${Array(n).fill('?').join(',')}) ${filter} order by events.stream, events.seq`;
const full = `case when events.type = 'extended' then ${J('previousAnswerBy')} end as previous_answer_by, case when events.type = 'answered' then ${J('remedy')} end as remedy, case when events.type = 'answered' then ${J('rootCause.cause')} end as root_cause, case when events.type = 'answered' then ${J('rootCause.note')} end as rcn, case when events.type = 'answered' then ${J('remedyAmount.value')} end as ra, case when events.type = 'answered' then ${J('remedyAmount.currency')} end as rc`;
const variants: Record<string, () => number> = {
  main: () => main.all(start, end).length,
  mainRaw: () => main.raw(true).all(start, end).length + (main.raw(false), 0),
  eventsAll: () => { const s = db.prepare(evSql(2000, '', full)); let n = 0; for (let i = 0; i < ids.length; i += 2000) { const p = ids.slice(i, i + 2000); if (p.length < 2000) break; n += s.all(...p).length; } return n; },
  eventsTyped: () => { const s = db.prepare(evSql(2000, `and +events.type in ('extended','answered')`, full)); let n = 0; for (let i = 0; i < ids.length; i += 2000) { const p = ids.slice(i, i + 2000); if (p.length < 2000) break; n += s.all(...p).length; } return n; },
  eventsTypedPayload: () => { const s = db.prepare(evSql(2000, `and +events.type in ('extended','answered')`, `events.payload`)); let n = 0; for (let i = 0; i < ids.length; i += 2000) { const p = ids.slice(i, i + 2000); if (p.length < 2000) break; for (const r of s.all(...p) as any[]) { JSON.parse(r.payload); n++; } } return n; },
  eventsTypedOneJson: () => { const s = db.prepare(evSql(2000, `and +events.type in ('extended','answered')`, `case when events.type='answered' then json_array(${J('remedy')}, ${J('rootCause.cause')}, ${J('rootCause.note')}, ${J('remedyAmount.value')}, ${J('remedyAmount.currency')}) else ${J('previousAnswerBy')} end as facts`)); let n = 0; for (let i = 0; i < ids.length; i += 2000) { const p = ids.slice(i, i + 2000); if (p.length < 2000) break; for (const r of s.all(...p) as any[]) { if (r.type === 'answered') JSON.parse(r.facts); n++; } } return n; },
};
for (let k = 0; k < 3; k++) for (const [name, f] of Object.entries(variants)) { const c0 = process.cpuUsage(); const n = f(); const u = process.cpuUsage(c0); console.log(name.padEnd(20), n, ((u.user + u.system) / 1000 / ids.length * 1000).toFixed(2), 'µs CPU per case'); }
console.log(db.prepare('select sqlite_version() v').get());
