// Categories became a catalogue (labels in each language, keywords, retired) instead of a list of keys. A list
// an administrator saved earlier is turned into the catalogue once, here: exactly its keys stay offered, with
// their labels where they are known categories; the other known categories follow, retired. A list that only
// comes from the configuration file is turned into a catalogue when the configuration is read (src/app/context.ts).
import type { Kysely } from 'kysely';
import { catalogueFromKeys } from '../../../core/case/categories.ts';

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema of its own time, not today's types
export async function up(db: Kysely<any>): Promise<void> {
  const rows: Array<{ key: string; value: string }> = await db
    .selectFrom('settings')
    .select(['key', 'value'])
    .where('key', 'in', ['categories', 'categoryCatalogue'])
    .execute();
  const list = rows.find((r) => r.key === 'categories');
  if (!list || rows.some((r) => r.key === 'categoryCatalogue')) return;
  let keys: unknown;
  try {
    keys = JSON.parse(list.value);
  } catch {
    return; // Not JSON: the setting was already ignored when read; the configuration's list stays in force.
  }
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) return;
  await db
    .insertInto('settings')
    .values({
      key: 'categoryCatalogue',
      value: JSON.stringify(catalogueFromKeys(keys)),
      updated_at: new Date().toISOString(),
      updated_by: 'migration',
    })
    .execute();
}
