// A separate writer process for concurrency tests: `node writer.ts URL CASE_ID N LABEL` adds N notes to a case.
import { openDatabase } from '../../src/adapters/db/database.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { createAppContext } from '../../src/app/context.ts';
import { loadConfig } from '../../src/config.ts';

const [url, caseId, n, label] = process.argv.slice(2);
const database = await openDatabase(url!);
const ctx = createAppContext(loadConfig({ env: {} }), database);
for (let i = 0; i < Number(n); i++)
  await actOnCase(ctx, caseId!, { type: 'add_note', text: `${label} ${i}` }, `user:${label}`);
await database.close();
