// The administration page warns when outbound mail is stuck, with what Redress recorded on the oldest message
// waiting. That record is stored in English in the words of src/core/correspondence/status-words.ts (an attempt
// that failed and will be tried again, mail held until the outbound settings are fixed); the page writes it as a
// sentence in the administrator's language, the mail server's own answer quoted inside it. A text that is none of
// those sentences is shown as it was stored. On both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { heldDetail } from '../../src/core/correspondence/outgoing-mail.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { ENGINES } from '../support/databases.ts';
import { createTestApp, createUser, getPage, sessionFor, type TestApp } from '../support/http.ts';

type Language = 'en' | 'fr' | 'de';

for (const engine of ENGINES)
  describe(`the administration page says why mail waits, in the administrator’s language (${engine})`, () => {
    const clock = fixedClock('2026-12-07T08:00:00.000Z');
    let t: TestApp;
    const admins = {} as Record<Language, User>;
    before(async () => {
      t = await createTestApp({ engine, clock, env: { REDRESS_OUTBOX_ALERT_MINUTES: '30' } });
      for (const language of ['en', 'fr', 'de'] as const)
        admins[language] = await createUser(t.ctx, 'administrator', {
          email: `admin-${language}@example.org`,
          language,
        });
      // A complaint by e-mail: its acknowledgement waits in the outbox (no sender runs here).
      await receiveEmail(t.ctx, {
        raw: rawMessage(),
        mailbox: t.ctx.config.mailboxes.find((m) => m.name === 'complaints')!,
        door: 'pipe',
      });
    });
    after(async () => {
      await t?.close();
    });

    const admin = async (language: Language) => {
      const r = await getPage(t.app, await sessionFor(t.ctx, admins[language]), '/admin');
      assert.equal(r.statusCode, 200);
      return r.body.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
    };
    const recorded = (detail: string) =>
      t.ctx.database.db
        .updateTable('correspondence')
        .set({ status_detail: detail })
        .where('direction', '=', 'out')
        .where('status', '=', 'pending')
        .execute();

    it('writes mail held by a refusal of our own sending in French and German, the server’s answer quoted', async () => {
      const stored = heldDetail('535 5.7.8 Error: authentication failed');
      await recorded(stored);
      const fr = await admin('fr');
      assert.match(fr, /id="outbox-held"/);
      assert.ok(
        fr.includes(
          'En attente jusqu’à ce que les réglages d’envoi du courrier soient corrigés : le serveur de messagerie a refusé notre propre envoi, non le destinataire. Sa réponse était : « 535 5.7.8 Error: authentication failed ».',
        ),
        'the French sentence',
      );
      assert.ok(!fr.includes(stored), 'nothing of it left in English');
      const de = await admin('de');
      assert.ok(
        de.includes(
          'Zurückgehalten, bis die Einstellungen für ausgehende E-Mails korrigiert sind: Der Mailserver hat unseren eigenen Versand abgelehnt, nicht den Empfänger. Seine Antwort war: „535 5.7.8 Error: authentication failed“.',
        ),
        'the German sentence',
      );
      assert.ok(!de.includes(stored));
    });

    it('writes a failed attempt of late mail in French, and a text of no sentence of ours as stored', async () => {
      await recorded('attempt 3 failed, will retry: 451 4.3.2 service busy');
      clock.advance(31 * 60_000);
      const fr = await admin('fr');
      assert.match(fr, /id="outbox-late"/);
      assert.ok(
        fr.includes(
          'La tentative 3 a échoué ; le message sera renvoyé plus tard. L’erreur était : « 451 4.3.2 service busy ».',
        ),
        'the French sentence',
      );
      assert.ok(!fr.includes('attempt 3 failed, will retry'), 'nothing of it left in English');
      const en = await admin('en');
      assert.ok(
        en.includes(
          'Attempt 3 failed; the message will be sent again later. The error was: “451 4.3.2 service busy”.',
        ),
      );

      // Words Redress does not write (an older release's, a hand-made row): shown as stored, as the server's answer.
      await recorded('connect ETIMEDOUT 10.0.0.9:587');
      assert.match(
        await admin('fr'),
        /Dernière réponse du serveur de messagerie : <code>connect ETIMEDOUT 10\.0\.0\.9:587<\/code>/,
      );
    });
  });
