// The SMTP door of `redress start` runs on a thread of its own (src/app/smtp-thread.ts): through it, a message is
// answered 250 once committed, an unknown recipient 550, and a mailbox an administrator adds while Redress runs
// is accepted within seconds (the thread is sent the new configuration). With REDRESS_READ_THREADS=0 the listener
// runs on the main thread instead.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import nodemailer from 'nodemailer';
import { createAppContext } from '../../src/app/context.ts';
import { updateSettings } from '../../src/app/settings.ts';
import { loadConfig } from '../../src/config.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { costlyHtmlMessage } from './support/hostile-messages.ts';
import { rawMessage } from './support/messages.ts';
import { type ServerProcess, startServer } from './support/server.ts';
import { smtpSend } from './support/smtp-client.ts';

describe('SMTP thread of redress start', () => {
  let tdb: TestDatabase;
  let server: ServerProcess;
  before(async () => {
    tdb = await createTestDatabase('sqlite');
    // A reading budget well below what the costly message below costs to read (over a second of CPU) and well
    // above an ordinary message (around ten ms, a few times more on a loaded machine or a cold code path).
    server = await startServer(tdb.url, { REDRESS_READ_THREADS: '1', REDRESS_READ_BUDGET_MS: '300' });
  });
  after(async () => {
    await server?.stop();
    await tdb?.drop();
  });

  const send = (to: string, raw: Buffer) =>
    nodemailer
      .createTransport({ host: '127.0.0.1', port: server.smtpPort, secure: false, ignoreTLS: true })
      .sendMail({ envelope: { from: 'sender@example.net', to: [to] }, raw });

  it('answers 250 after the message is filed, and 550 for an unknown recipient', async () => {
    const info = await send('complaint@example.org', rawMessage({ messageId: '<thread-1@example.net>' }));
    assert.match(String(info.response), /^250 .*stored as /);
    const row = await tdb.database.db
      .selectFrom('correspondence')
      .select(['case_id', 'door'])
      .where('message_id', '=', '<thread-1@example.net>')
      .executeTakeFirstOrThrow();
    assert.equal(row.door, 'smtp');
    assert.ok(row.case_id, 'filed on a case');
    await assert.rejects(
      send('nobody@example.org', rawMessage({ messageId: '<thread-2@example.net>' })),
      (e: { responseCode?: number }) => {
        assert.equal(e.responseCode, 550);
        return true;
      },
    );
  });

  it('carries the envelope sender to the reading: a message from the null sender is never answered', async () => {
    const reply = await smtpSend(
      server.smtpPort,
      '',
      'complaint@example.org',
      rawMessage({ messageId: '<thread-null-sender@example.net>' }),
    );
    assert.match(reply, /^250 .*stored as /);
    const row = await tdb.database.db
      .selectFrom('correspondence')
      .select(['id', 'case_id'])
      .where('message_id', '=', '<thread-null-sender@example.net>')
      .executeTakeFirstOrThrow();
    assert.equal(row.case_id, null, 'automated mail opens no case');
    const out = await tdb.database.db
      .selectFrom('correspondence')
      .select('id')
      .where('direction', '=', 'out')
      .where('in_reply_to', '=', '<thread-null-sender@example.net>')
      .execute();
    assert.deepEqual(out, []);
  });

  it('answers another session beside a message over its reading budget, and files that one unread', {
    timeout: 120_000,
  }, async () => {
    const [hostile, info] = await Promise.all([
      send('complaint@example.org', costlyHtmlMessage(2 * 1024 * 1024, '<thread-costly@example.net>')),
      send('complaint@example.org', rawMessage({ messageId: '<thread-beside-costly@example.net>' })),
    ]);
    assert.match(String(info.response), /^250 /);
    assert.match(String(hostile.response), /^250 .*stored as /);
    const row = await tdb.database.db
      .selectFrom('correspondence')
      .leftJoin('inbox_items', 'inbox_items.correspondence_id', 'correspondence.id')
      .select(['correspondence.case_id', 'inbox_items.reason'])
      .where('correspondence.message_id', '=', '<thread-costly@example.net>')
      .executeTakeFirstOrThrow();
    assert.equal(row.case_id, null);
    assert.equal(row.reason, 'unparseable', 'waiting in the inbox for a person');
    const plain = await tdb.database.db
      .selectFrom('correspondence')
      .select('case_id')
      .where('message_id', '=', '<thread-beside-costly@example.net>')
      .executeTakeFirstOrThrow();
    assert.ok(plain.case_id, 'the ordinary message opened its case');
  });

  it('accepts a mailbox added at run time by an administrator', async () => {
    const base = loadConfig({ env: {}, cwd: '/nonexistent' });
    const admin = createAppContext(base, tdb.database);
    await updateSettings(
      admin,
      base,
      {
        mailboxes: [
          ...base.mailboxes,
          { name: 'billing', address: 'billing@example.org', role: 'complaints', language: 'en' },
        ],
      },
      { actor: 'user:admin', label: 'admin@example.org', address: null },
    );
    // The server checks settings every 5 s and hands a new configuration to the SMTP thread within a second.
    let response = '';
    for (let waited = 0; waited < 20_000 && !response; waited += 500) {
      try {
        response = String(
          (await send('billing@example.org', rawMessage({ messageId: '<thread-3@example.net>' }))).response,
        );
      } catch {
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    assert.match(response, /^250 /, 'the new mailbox is accepted');
  });
});

describe('SMTP listener of redress start on the main thread (REDRESS_READ_THREADS=0)', () => {
  let tdb: TestDatabase;
  let server: ServerProcess;
  before(async () => {
    tdb = await createTestDatabase('sqlite');
    server = await startServer(tdb.url, { REDRESS_READ_THREADS: '0' });
  });
  after(async () => {
    await server?.stop();
    await tdb?.drop();
  });

  it('loads the listener where it runs and answers 250 after the message is filed', async () => {
    const info = await nodemailer
      .createTransport({ host: '127.0.0.1', port: server.smtpPort, secure: false, ignoreTLS: true })
      .sendMail({
        envelope: { from: 'sender@example.net', to: ['complaint@example.org'] },
        raw: rawMessage({ messageId: '<main-1@example.net>' }),
      });
    assert.match(String(info.response), /^250 .*stored as /);
    const row = await tdb.database.db
      .selectFrom('correspondence')
      .select('case_id')
      .where('message_id', '=', '<main-1@example.net>')
      .executeTakeFirstOrThrow();
    assert.ok(row.case_id, 'filed on a case');
  });
});
