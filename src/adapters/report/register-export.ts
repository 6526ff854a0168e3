// The register of cases and the regulator's return as files: CSV (spreadsheet-csv.ts, the one writer of CSV files)
// and JSON lines (one object per line, for scripts). The register is written as it is read, a chunk per batch of
// rows, so that its size never sits in memory.
import { REGISTER_COLUMNS, type RegisterEntry } from '../../core/report/register.ts';
import { REGULATOR_CSV_COLUMNS, type RegulatorReturn, regulatorRows } from '../../core/report/regulator.ts';
import { csvChunks, csvFile } from './spreadsheet-csv.ts';

/** Rows written per JSON-lines chunk. */
const BATCH = 500;

const KEYS = REGISTER_COLUMNS.map(([, key]) => key);

/** The register's rows as a CSV file, written as they are read. */
export function registerCsv(entries: AsyncIterable<RegisterEntry>): AsyncGenerator<string> {
  return csvChunks(
    REGISTER_COLUMNS.map(([name]) => name),
    entries,
    (e) => KEYS.map((key) => e[key]),
  );
}

export async function* registerJsonLines(entries: AsyncIterable<RegisterEntry>): AsyncGenerator<string> {
  let chunk = '';
  let n = 0;
  for await (const e of entries) {
    chunk += `${JSON.stringify(e)}\n`;
    if (++n >= BATCH) {
      yield chunk;
      chunk = '';
      n = 0;
    }
  }
  if (chunk) yield chunk;
}

/** The regulator's return as a CSV file: the total (category "all"), then one row per category. */
export function regulatorCsv(r: RegulatorReturn): string {
  return csvFile(REGULATOR_CSV_COLUMNS, regulatorRows(r));
}
