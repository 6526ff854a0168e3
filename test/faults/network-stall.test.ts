// PostgreSQL behind a network that stops answering (packets dropped, nothing refused): unlike a refused
// connection this gives no error, so neither the SMTP door nor the pipe may wait for the database forever. Once
// storing has taken longer than REDRESS_SMTP_STORE_TIMEOUT_MS the sending MTA gets 451 (SMTP) or exit 75 (pipe),
// keeps the message and retries; once the
// network is back the retry stores it, once, even when the stalled attempt's commit got through after all (the
// second delivery is recognised as the same message).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { messageIdOf, rawMessage } from '../mail/support/messages.ts';
import { runRedress, type ServerProcess, startServer } from '../mail/support/server.ts';
import { createTestDatabase, ENGINES, PG_ADMIN_URL, type TestDatabase } from '../support/databases.ts';
import { type CuttableProxy, smtpSend, startProxy, until, urlThrough } from './support.ts';

describe('the network to PostgreSQL stalls during intake', { skip: !ENGINES.includes('postgres') }, () => {
  let test: TestDatabase;
  let proxy: CuttableProxy;
  let server: ServerProcess | null = null;
  before(async () => {
    test = await createTestDatabase('postgres');
    const upstream = new URL(PG_ADMIN_URL);
    proxy = await startProxy({ host: upstream.hostname, port: Number(upstream.port || 5432) });
  });
  after(async () => {
    await server?.kill();
    await proxy?.close();
    await test?.drop();
  });

  it('the SMTP door answers a temporary refusal instead of waiting forever; the retry stores the message once', async () => {
    server = await startServer(urlThrough(test.url, proxy), {
      REDRESS_SMTP_STORE_TIMEOUT_MS: '15000',
    });
    const before = rawMessage({ from: 'Before <before@example.net>' });
    // The first message warms the server up (reading thread, connections): on a loaded machine it may be slow.
    let first = 0;
    for (let attempt = 0; attempt < 3 && first !== 250; attempt++)
      first = await smtpSend(server.smtpPort, before);
    assert.equal(first, 250, server.output());

    const stalled = rawMessage({ from: 'Stalled <stalled@example.net>' });
    proxy.hang();
    const code = await smtpSend(server.smtpPort, stalled);
    assert.equal(code, 451, server.output());
    // The pipe too: it exits 75 (Postfix retries) rather than running into the MTA's own time limit, which
    // Postfix treats as a permanent failure and bounces the message.
    const piped = rawMessage({ from: 'Piped <piped@example.net>' });
    const env = { REDRESS_DATABASE_URL: urlThrough(test.url, proxy), REDRESS_SMTP_STORE_TIMEOUT_MS: '5000' };
    const stalledPipe = await runRedress(['ingest', '--quiet', '-m', 'complaints'], piped, env);
    assert.equal(stalledPipe.code, 75, stalledPipe.stderr);
    assert.match(
      stalledPipe.stderr,
      /storing took longer than 5000 ms .* the message was NOT stored \(retry later\)/,
    );
    await until('the server to log why', () => /storing a message took too long/.test(server!.output()));

    proxy.restore();
    let again = 0;
    for (let attempt = 0; attempt < 10 && again !== 250; attempt++) {
      again = await smtpSend(server.smtpPort, stalled);
      if (again !== 250) await new Promise((r) => setTimeout(r, 1000));
    }
    assert.equal(again, 250, server.output());
    const pipedAgain = await runRedress(['ingest', '--quiet', '-m', 'complaints'], piped, env);
    assert.equal(pipedAgain.code, 0, pipedAgain.stderr);
    const rows = await test.database.db
      .selectFrom('correspondence')
      .select('message_id')
      .where('direction', '=', 'in')
      .execute();
    const ids = rows.map((r) => r.message_id).sort();
    assert.deepEqual(
      ids,
      [messageIdOf(before), messageIdOf(stalled), messageIdOf(piped)].sort(),
      'each stored once',
    );
    assert.equal(await server.stop(), 0, server.output());
    server = null;
  });
});
