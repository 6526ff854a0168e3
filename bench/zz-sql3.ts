import Database from 'better-sqlite3';
const db = new Database('/tmp/h2/reg100k.db', { readonly: true });
const start = '2025-11-23T23:00:00.000Z', end = '2026-11-23T23:00:00.000Z';
const main = db.prepare(`select id from cases where received_at >= ? and received_at < ? and merged_into is null order by received_at, id`);
const ids = main.all(start, end).map((r: any) => `case:${r.id}`);
const J = (p: string) => `json_extract(events.payload, '$.${p}')`;
const run = (sqlText: string) => () => { const s = db.prepare(sqlText); let n = 0; for (let i = 0; i + 2000 <= ids.length; i += 2000) n += s.all(...ids.slice(i, i + 2000)).length; return n; };
const IN = `events.stream in (${Array(2000).fill('?').join(',')})`;
const T = `and (events.type || '') in ('extended','answered')`;
const variants: Record<string, () => number> = {
  countOnly: run(`select count(*) from events where ${IN}`),
  countTyped: run(`select count(*) from events where ${IN} ${T}`),
  streamType: run(`select events.stream, events.type from events where ${IN} ${T} order by events.stream, events.seq`),
  streamTypeNoOrder: run(`select events.stream, events.type from events where ${IN} ${T}`),
  oneJson: run(`select events.stream, events.type, ${J('remedy')} from events where ${IN} ${T} order by events.stream, events.seq`),
  fiveJson: run(`select events.stream, events.type, ${J('remedy')}, ${J('rootCause.cause')}, ${J('rootCause.note')}, ${J('remedyAmount.value')}, ${J('remedyAmount.currency')} from events where ${IN} ${T} order by events.stream, events.seq`),
  arrowJson: run(`select events.stream, events.type, events.payload ->> '$.remedy', events.payload ->> '$.rootCause.cause', events.payload ->> '$.rootCause.note', events.payload ->> '$.remedyAmount.value', events.payload ->> '$.remedyAmount.currency' from events where ${IN} ${T} order by events.stream, events.seq`),
};
for (let k = 0; k < 2; k++) for (const [name, f] of Object.entries(variants)) { const c0 = process.cpuUsage(); const n = f(); const u = process.cpuUsage(c0); console.log(name.padEnd(20), n, ((u.user + u.system) / 1000 / ids.length * 1000).toFixed(2), 'µs CPU per case'); }
