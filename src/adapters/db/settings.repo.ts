// The settings administrators changed in the web application (one row per key, JSON), read over the
// configuration file and environment by src/app/settings.ts, which checks and applies them.
import type { Db } from './database.ts';

export interface SettingRow {
  key: string;
  value: string;
  updated_at: string;
}

export function storedSettings(db: Db): Promise<SettingRow[]> {
  return db.selectFrom('settings').select(['key', 'value', 'updated_at']).execute();
}

/** When any setting last changed (null: none was ever changed); cheap enough to ask every few seconds. */
export async function settingsChangedAt(db: Db): Promise<string | null> {
  const row = await db
    .selectFrom('settings')
    .select((eb) => eb.fn.max('updated_at').as('latest'))
    .executeTakeFirst();
  return (row?.latest as string | null | undefined) ?? null;
}

export async function storeSetting(
  db: Db,
  key: string,
  value: string,
  at: string,
  by: string,
): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value, updated_at: at, updated_by: by })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at, updated_by: by }))
    .execute();
}
