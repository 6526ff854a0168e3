// Settings changed by administrators at run time: one JSON value per configuration key.
export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
  updated_by: string;
}

export interface SettingsTables {
  settings: SettingsTable;
}
