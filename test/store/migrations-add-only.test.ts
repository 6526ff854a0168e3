// docs/deploy.md promises that an older instance goes on running while a newer release migrates the database, and
// that an older release restarted on it starts: a release's migrations only add. Each migration's `up` is read here
// for what would break an older instance: a table or column dropped or renamed, a column's type or nullability
// changed. An index may be replaced (older instances only get slower).
// The two tables dropped below were made and dropped within one release, before any instance read them.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { it } from 'node:test';

const folder = new URL('../../src/adapters/db/migrations/', import.meta.url);
const BREAKING =
  /\b(dropColumn|dropTable|renameColumn|renameTo|alterColumn|setDataType|setNotNull)\b|\b(drop\s+(column|table)|rename\s+(column|to)|alter\s+column|set\s+not\s+null)\b/gi;
/** What earlier migrations did that the rule allows, with why (see the migration's own comment). */
const ALLOWED = new Set([
  // promise_counts and promise_count_marks were made by the migration before, in the same release.
  '202612050740-report-days.ts: dropTable',
]);

it('every migration only adds', () => {
  const files = readdirSync(folder).filter((f) => /^\d{12}-.+\.ts$/.test(f));
  assert.ok(files.length > 10, 'migrations found');
  const found: string[] = [];
  for (const file of files) {
    const text = readFileSync(new URL(file, folder), 'utf8');
    const start = text.indexOf('export async function up');
    assert.ok(start >= 0, `${file} has an up`);
    const end = text.indexOf('export async function down');
    // Only the code: a comment may say what is not done.
    const up = text
      .slice(start, end > start ? end : undefined)
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '');
    for (const m of up.matchAll(BREAKING)) {
      const entry = `${file}: ${m[0]}`;
      if (!ALLOWED.has(entry)) found.push(entry);
    }
  }
  assert.deepEqual(found, [], 'a migration that drops, renames or changes what an older release reads');
});
