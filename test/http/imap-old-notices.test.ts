// The entries earlier releases filed in the inbox in place of an IMAP message they had no bytes of: an e-mail of
// Redress's own (Message-ID <imap-too-large.…@redress.invalid>, From imap-door@redress.invalid), stored as if
// received, with a note saying where the message was. They are recognised by both marks, listed as the mail
// door's notices, and taken out of the inbox by one more event (dismissed by `system`, with a note in the reader's
// language); nothing stored is changed, and the archive still verifies. A message that only carries such a
// Message-ID stays in the inbox. Safe to run again. On both engines.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { imapMailboxName } from '../../src/adapters/db/imap-failures.repo.ts';
import { composeMime } from '../../src/adapters/mail/compose-mime.ts';
import { EmailIntake } from '../../src/app/email-intake.ts';
import { adoptOldImapNotices } from '../../src/app/imap-notices.ts';
import { fileSetAside } from '../../src/app/set-aside-email.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import type { ImapMailbox } from '../../src/config.ts';
import { staffNote } from '../../src/core/intake/staff-notes.ts';
import { ENGINES } from '../support/databases.ts';
import { createTestApp, createUser, getPage, sessionFor, type TestApp } from '../support/http.ts';

const box = { user: 'door', host: 'mail.example.org', port: 993, folder: 'INBOX' } as ImapMailbox;
const digest = createHash('sha256').update('door@mail.example.org:993/INBOX').digest('hex').slice(0, 16);

/** The e-mail an earlier release wrote in place of a message over the size limit (as its imap-notice.ts did). */
const oldNotice = (uid: number, messageId = `<imap-too-large.1700000000.${uid}.${digest}@redress.invalid>`) =>
  composeMime({
    messageId,
    fromAddress: 'imap-door@redress.invalid',
    fromName: 'Redress',
    toAddress: 'imap-door@redress.invalid',
    subject: `A message of door@mail.example.org, folder INBOX, is over the size limit (UID ${uid})`,
    text: 'This is not a message someone sent: Redress wrote it in the place of one it did not fetch.\r\n',
    inReplyTo: null,
    references: [],
    autoSubmitted: 'auto-generated',
    at: '2026-12-01T08:00:00.000Z',
    attachments: [],
  });

for (const engine of ENGINES)
  describe(`entries of earlier releases in place of unread IMAP messages (${engine})`, () => {
    let t: TestApp;
    let intake: EmailIntake;
    const items = () =>
      t.ctx.database.db
        .selectFrom('inbox_items as i')
        .innerJoin('correspondence as c', 'c.id', 'i.correspondence_id')
        .select(['i.id', 'i.status', 'c.message_id'])
        .orderBy('c.message_id')
        .execute();

    before(async () => {
      t = await createTestApp({ engine });
      intake = new EmailIntake(t.ctx, { readThreads: 0 });
      const mailbox = t.ctx.config.mailboxes[0]!;
      const values = {
        bytes: 40_000_000,
        limit: 25_000_000,
        folder: 'INBOX',
        keyword: '$RedressTooLarge',
        account: 'door@mail.example.org',
      };
      await fileSetAside(
        t.ctx,
        intake,
        { raw: await oldNotice(41), mailbox, door: 'imap' },
        staffNote('tooLargeFlagged', { ...values, uid: 41 }),
      );
      // A message truly set aside that happens to carry such a Message-ID: it is mail, and stays.
      await fileSetAside(
        t.ctx,
        intake,
        {
          raw: await oldNotice(42, `<imap-too-large.1700000000.42.${digest}@redress.invalid>`),
          mailbox,
          door: 'imap',
        },
        staffNote('setAsideMoved', {
          tries: 3,
          error: 'disk full',
          setAsideFolder: 'Redress/Unprocessable',
          folder: 'INBOX',
          keyword: '$RedressUnprocessable',
          account: 'door@mail.example.org',
          uid: 42,
        }),
      );
    });
    after(async () => {
      await intake?.close();
      await t?.close();
    });

    it('lists the old entry as a notice and takes it out of the inbox by one more event; the archive still verifies', async () => {
      const [old, mail] = await items();
      assert.equal(old!.status, 'open');
      const originals = await t.ctx.database.db
        .selectFrom('originals')
        .select('sha256')
        .orderBy('sha256')
        .execute();
      assert.equal(await adoptOldImapNotices(t.ctx, [box]), 1);
      const notices = await t.ctx.database.db.selectFrom('imap_notices').selectAll().execute();
      assert.equal(notices.length, 1);
      assert.equal(notices[0]!.mailbox, imapMailboxName(box), 'the configured mailbox its Message-ID names');
      assert.equal(notices[0]!.reason, 'too_large');
      assert.equal(Number(notices[0]!.uid), 41);
      assert.equal(notices[0]!.uid_validity, '1700000000');
      assert.equal(notices[0]!.keyword, '$RedressTooLarge');
      assert.equal(Number(notices[0]!.bytes), 40_000_000);
      assert.equal(notices[0]!.dealt_with_at, null);
      const after = await items();
      assert.deepEqual(
        after.map((i) => [i.id, i.status]),
        [
          [old!.id, 'dismissed'],
          [mail!.id, 'open'],
        ],
      );
      // Nothing removed: the entry's original stays, as the evidence of what that release did.
      assert.deepEqual(
        await t.ctx.database.db.selectFrom('originals').select('sha256').orderBy('sha256').execute(),
        originals,
      );
      assert.deepEqual((await verifyArchive(t.ctx)).problems, []);
      // Said to staff in their language, as the item's note.
      const fr = await sessionFor(t.ctx, await createUser(t.ctx, 'agent', { language: 'fr' }));
      const page = await getPage(t.app, fr, `/inbox/${old!.id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Ce n’est pas un message envoyé par quelqu’un/);
      const inbox = await getPage(t.app, fr, '/inbox');
      assert.match(inbox.body, /UID 41/, 'among the notices');
    });

    it('does nothing more when run again', async () => {
      assert.equal(await adoptOldImapNotices(t.ctx, [box]), 0);
      assert.equal((await t.ctx.database.db.selectFrom('imap_notices').selectAll().execute()).length, 1);
    });
  });
