// The complainant's private link is theirs alone (src/app/complainant-link.ts): whoever holds it writes on the case
// as the complainant. It is kept as its SHA-256, so that a copy of the database opens no case. The acknowledgement
// that carries it is kept too, as evidence of what was sent: its text must keep the link without its token, which
// goes into the e-mail only as it is sent, and is forgotten once the mail server has taken it. Through a real SMTP
// exchange, on SQLite and PostgreSQL: the complainant gets a link that opens their page; nothing in the database
// holds its token afterwards; the text kept reads as sent but for the token, and the archive verifies.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { openComplainantLink } from '../../src/app/complainant-link.ts';
import { inviteUser, linkAccount } from '../../src/app/manage-users.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import { mailIn, startSmtpSink, startWorld, type World } from '../correspondence/support.ts';
import { ENGINES } from '../support/databases.ts';

const LINK = /(https?:\/\/\S+\/c\/)([A-Za-z0-9_-]{43})/;

/** Every row of every table, as text: where a value is kept, whatever the column. */
async function everythingStored(world: World): Promise<string> {
  const db = world.ctx.database.db;
  const tables =
    world.test.engine === 'sqlite'
      ? await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db)
      : await sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(
          db,
        );
  const out: string[] = [];
  for (const { name } of tables.rows) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db);
    for (const row of rows.rows)
      out.push(
        `${name}: ${JSON.stringify(row, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v))}`,
      );
  }
  return out.join('\n');
}

for (const engine of ENGINES) {
  describe(`the private link's token, kept apart from the text (${engine})`, () => {
    it('goes to the complainant in the acknowledgement, and nowhere in the database', async () => {
      const world = await startWorld(engine, '2026-11-19T10:00:00.000Z');
      const sink = await startSmtpSink();
      try {
        const opened = await mailIn(world, {
          from: 'marie@client.example',
          name: 'Marie Martin',
          language: 'fr',
          subject: 'Transmission de réclamation - Etape 1',
          messageId: '<link-apart@client.example>',
        });
        // Before it is sent, the text kept for the case already reads without the token.
        const ack = await world.ctx.database.db
          .selectFrom('correspondence as c')
          .innerJoin('outbound_items as o', 'o.correspondence_id', 'c.id')
          .select(['c.text_body'])
          .where('c.case_id', '=', opened.caseId)
          .where('o.purpose', '=', 'acknowledgement')
          .executeTakeFirstOrThrow();
        assert.doesNotMatch(ack.text_body ?? '', LINK, 'no token in the text kept');
        assert.match(ack.text_body ?? '', /https?:\/\/\S+\/c\/…/, 'the link is named, its token left out');

        const report = await sendDueMail(world.ctx, world.transport(sink.port));
        assert.equal(report.sent, 1);
        const sent = sink.received[0]!;
        const m = LINK.exec(sent.mail.text ?? '');
        assert.ok(m, `the e-mail carries the link with its token:\n${sent.mail.text}`);
        const token = m[2]!;
        const page = await openComplainantLink(world.ctx, token);
        assert.ok(page.ok, 'the link opens the complainant’s page');
        assert.equal(page.ok && page.state.id, opened.caseId);
        // The text sent is the text kept, but for the token.
        assert.equal(sent.mail.text?.replace(token, '…').trim(), ack.text_body?.trim());

        const stored = await everythingStored(world);
        assert.ok(!stored.includes(token), 'the token is nowhere in the database once sent');
        assert.deepEqual((await verifyArchive(world.ctx)).problems, [], 'the archive verifies');
      } finally {
        await sink.stop();
        await world.close();
      }
    });

    it('goes to a new colleague in the invitation, and nowhere in the database', async () => {
      const world = await startWorld(engine, '2026-11-19T10:00:00.000Z');
      const sink = await startSmtpSink();
      try {
        await inviteUser(
          world.ctx,
          {
            email: 'new.agent@example.org',
            name: 'New Agent',
            role: 'agent',
            departments: [],
            language: 'de',
          },
          { actor: 'user:admin', label: 'admin@example.org', address: null },
        );
        const kept = await world.ctx.database.db
          .selectFrom('correspondence')
          .select('text_body')
          .where('to_address', '=', 'new.agent@example.org')
          .executeTakeFirstOrThrow();
        assert.match(
          kept.text_body ?? '',
          /https?:\/\/\S+\/invitation\/…/,
          'the link is named, its token left out',
        );
        assert.equal((await sendDueMail(world.ctx, world.transport(sink.port))).sent, 1);
        const m = /\/invitation\/([A-Za-z0-9_-]{43})/.exec(sink.received[0]!.mail.text ?? '');
        assert.ok(m, 'the e-mail carries the link with its token');
        const token = m[1]!;
        assert.equal((await linkAccount(world.ctx, token)).user.email, 'new.agent@example.org');
        assert.ok(
          !(await everythingStored(world)).includes(token),
          'the token is nowhere in the database once sent',
        );
      } finally {
        await sink.stop();
        await world.close();
      }
    });
  });
}
