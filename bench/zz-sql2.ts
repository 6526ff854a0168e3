import Database from 'better-sqlite3';
const db = new Database('/tmp/h2/reg100k.db', { readonly: true });
const start = '2025-11-23T23:00:00.000Z', end = '2026-11-23T23:00:00.000Z';
const J = (p: string) => `json_extract(events.payload, '$.${p}')`;
const full = `case when events.type = 'extended' then ${J('previousAnswerBy')} end as previous_answer_by, case when events.type = 'answered' then ${J('remedy')} end as remedy, case when events.type = 'answered' then ${J('rootCause.cause')} end as root_cause, case when events.type = 'answered' then ${J('rootCause.note')} end as rcn, case when events.type = 'answered' then ${J('remedyAmount.value')} end as ra, case when events.type = 'answered' then ${J('remedyAmount.currency')} end as rc`;
const cols = `cases.id, cases.reference, cases.kind, cases.step, cases.channel, cases.category, cases.language, cases.status, cases.outcome, cases.received_at, cases.acknowledge_by, cases.acknowledged_at, cases.answer_by, cases.answered_at, cases.extensions`;
const join = db.prepare(`select ${cols}, events.type, ${full} from (select * from cases where received_at >= ? and received_at < ? and merged_into is null order by received_at, id limit 2000) cases left join events on events.stream = 'case:' || cases.id and (events.type || '') in ('extended','answered') and (cases.extensions > 0 or cases.answered_at is not null) order by cases.received_at, cases.id, events.seq`);
console.log(db.prepare('explain query plan ' + join.source).all(start, end).map((r: any) => r.detail).join('\n'));
const main = db.prepare(`select ${cols} from cases where received_at >= ? and received_at < ? and merged_into is null order by received_at, id`);
const variants: Record<string, () => number> = {
  main: () => main.all(start, end).length,
  joinPages: () => { let n = 0; let s = start; for (;;) { const rows = join.all(s, end) as any[]; n += rows.length; if (rows.length < 2000) return n; s = rows.at(-1).received_at; /* approx */ if (n > 60000) return n; } },
};
for (let k = 0; k < 3; k++) for (const [name, f] of Object.entries(variants)) { const c0 = process.cpuUsage(); const n = f(); const u = process.cpuUsage(c0); console.log(name.padEnd(20), n, ((u.user + u.system) / 1000 / n * 1000).toFixed(2), 'µs CPU per row'); }
