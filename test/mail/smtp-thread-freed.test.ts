// The SMTP thread counts a large message against its budget for large messages until the main thread says it has
// let go of the message's bytes (src/app/smtp-thread.ts: a collection after filing, then `freed`). The word must be
// true: had the main thread still held the bytes when it said so, the listener would admit the next large message
// while the first one's bytes were still in memory, two of the largest size at once (bench/hostile.bench.ts, eight
// large messages in parallel). Here the main thread's handle on the bytes is watched through a weak reference, which
// only a collection of the main thread clears: by the time the budget is back, the product's own collection must
// have cleared it (the test collects nothing itself).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SmtpListener } from '../../src/adapters/mail/smtp-listener.ts';
import { MAIN_COLLECT_AFTER_BYTES } from '../../src/adapters/os/collect.ts';
import { EmailIntake } from '../../src/app/email-intake.ts';
import { startSmtpThread } from '../../src/app/smtp-thread.ts';
import { type Harness, silentLogger, startHarness } from './support/harness.ts';
import { rawMessage } from './support/messages.ts';
import { smtpSend } from './support/smtp-client.ts';

describe('the SMTP thread and the main thread after a large message', () => {
  let h: Harness;
  let intake: EmailIntake;
  let listener: SmtpListener;
  /** The main thread's handle on each message's bytes, as the intake received them. */
  const handles: WeakRef<ArrayBufferLike>[] = [];
  before(async () => {
    h = await startHarness('sqlite');
    // Read on a thread of its own, as `redress start` does.
    intake = new EmailIntake(h.ctx, { readThreads: 1 });
    const receive = intake.receive.bind(intake);
    intake.receive = (email) => {
      handles.push(new WeakRef(email.raw.buffer));
      return receive(email);
    };
    listener = await startSmtpThread(h.ctx, intake, silentLogger);
  });
  after(async () => {
    await listener?.close();
    await intake?.close();
    await h?.close();
  });

  it('has let go of its bytes by the time the listener counts them no more', async () => {
    const line = `${'Ma facture est fausse depuis trois mois, je demande un remboursement. '.repeat(2)}\n`;
    const raw = rawMessage({
      messageId: '<large-freed@example.net>',
      body: line.repeat(Math.ceil((MAIN_COLLECT_AFTER_BYTES + 512 * 1024) / line.length)),
    });
    assert.ok(raw.length >= MAIN_COLLECT_AFTER_BYTES, 'large enough for the main thread to collect after it');
    const reply = await smtpSend(listener.port, 'marie@example.net', 'complaint@example.org', raw);
    assert.match(reply, /^250 /);
    assert.equal(handles.length, 1);
    // The thread says its counts once a second when they change: wait until the message no longer counts.
    const stats = listener.stats!;
    for (let waited = 0; stats.largeBytes > 0 || stats.heldBytes > 0; waited += 20) {
      assert.ok(waited < 60_000, `the listener still counts ${stats.largeBytes} bytes of large messages`);
      await sleep(20);
    }
    assert.equal(
      handles[0]!.deref(),
      undefined,
      "the main thread still held the message's bytes when it told the listener they were freed",
    );
  });
});
