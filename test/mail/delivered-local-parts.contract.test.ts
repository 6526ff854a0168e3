// Addresses that RFC 5322's dot-atom does not allow but mail systems deliver, on SQLite and PostgreSQL: a local part
// with two dots in a row (`taro..yamada@`, as Japanese mobile carriers handed out for years) or a dot before the `@`
// (`alerts.@`), and the same written in quotes (`"j..doe"@`). A complaint from one is filed on its sender and
// acknowledged like any other: the acknowledgement reaches exactly that one mailbox in a real SMTP exchange
// (nodemailer writes such a local part quoted on the wire, as Postfix does, which is the same mailbox).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { domainToUnicode } from 'node:url';
import fc from 'fast-check';
import { outboxItemsOfCase } from '../../src/adapters/db/outbox.repo.ts';
import { smtpTransport } from '../../src/adapters/mail/smtp-transport.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import type { Mailbox } from '../../src/config.ts';
import { SendError } from '../../src/core/correspondence/outgoing-mail.ts';
import { asciiDomain, canonicalAddress, isOneAddress } from '../../src/core/intake/addresses.ts';
import { startSmtpSink, startWorld, type World } from '../correspondence/support.ts';
import { ENGINES } from '../support/databases.ts';
import { type MessageSpec, rawMessage } from './support/messages.ts';

const STEP1 = 'Transmission de réclamation - Etape 1';

for (const engine of ENGINES) {
  describe(`addresses mail systems deliver, though RFC 5322 calls them obsolete (${engine})`, () => {
    let w: World;
    const complaints = (): Mailbox => w.config.mailboxes.find((m) => m.name === 'complaints')!;
    const receive = (spec: MessageSpec) =>
      receiveEmail(w.ctx, {
        raw: rawMessage({ subject: STEP1, ...spec }),
        mailbox: complaints(),
        door: 'pipe',
      });
    const db = () => w.test.database.db;

    before(async () => {
      w = await startWorld(engine, '2026-11-24T09:00:00.000Z');
    });
    after(() => w.close());

    for (const [from, mailbox] of [
      ['Taro Yamada <taro..yamada@docomo.example>', 'taro..yamada@docomo.example'],
      ['alerts.@device.example', 'alerts.@device.example'],
      ['"j..doe"@client.example', 'j..doe@client.example'],
      ['Jo Doe <"jo..doe"@client.example>', 'jo..doe@client.example'],
    ] as const) {
      it(`files a complaint from ${from} and sends its acknowledgement to that one mailbox`, async () => {
        const sink = await startSmtpSink(0, { lenientAddressParsing: true });
        try {
          const r = await receive({ from });
          assert.equal(r.autoReply, 'allowed', 'acknowledged automatically, not waiting for a person');
          assert.ok(r.caseId);
          const complainant = await db()
            .selectFrom('complainants')
            .innerJoin('cases', 'cases.complainant_id', 'complainants.id')
            .select('complainants.email')
            .where('cases.id', '=', r.caseId)
            .executeTakeFirstOrThrow();
          assert.equal(complainant.email, mailbox, 'kept as the one address, unquoted');
          const [ack] = await outboxItemsOfCase(db(), r.caseId);
          assert.equal(ack?.toAddress, mailbox);
          const report = await sendDueMail(w.ctx, w.transport(sink.port));
          assert.equal(report.failed, 0, JSON.stringify(await outboxItemsOfCase(db(), r.caseId)));
          const got = sink.received.filter((m) =>
            m.raw.includes(String(ack!.messageId).replace(/[<>]/g, '')),
          );
          assert.equal(got.length, 1, 'one message');
          const [local] = mailbox.split('@') as [string];
          // One RCPT TO: the mailbox, its local part quoted as RFC 5321 writes one that is not a dot-string.
          assert.deepEqual(got[0]!.envelopeTo, [`"${local}"@${mailbox.split('@')[1]}`]);
          assert.equal(got[0]!.mail.to?.length, 1);
          assert.equal(got[0]!.mail.to?.[0]?.address?.replaceAll('"', ''), mailbox);
        } finally {
          await sink.stop();
        }
      });
    }
  });
}

// The outbox's promise, whatever the address rule accepts: one RCPT TO, that mailbox, and a To: of that one address
// with no header added. Any text of address pieces, separators and injection attempts; what the rule refuses is
// refused by the transport too, before any connection is made.
describe('what the address rule accepts, the outbox sends to that one mailbox and no other', () => {
  it('property: one message, one RCPT TO, one To:, no header injected, over a real SMTP exchange', async () => {
    const sink = await startSmtpSink(0, { lenientAddressParsing: true });
    const transport = smtpTransport({ host: '127.0.0.1', port: sink.port, secure: false, requireTls: false });
    /** A mailbox as the sink reports it and as the rule keeps it: local part unquoted, domain in Unicode. */
    const mailboxOf = (address: string) => {
      const at = address.lastIndexOf('@');
      const local = address.slice(0, at).replace(/^"(.*)"$/s, '$1');
      return `${local}@${domainToUnicode(asciiDomain(address.slice(at + 1)) ?? '')}`;
    };
    const piece = fc.oneof(
      fc.constantFrom('taro', 'j', 'yamada', 'x+tag', "o'neil", 'jérôme', 'δοκιμή', '=?utf-8?q?a?=', '1'),
      fc.constantFrom('.', '..', '...', '"', '@', '@', 'docomo.example', 'client.example', 'münchen.de'),
      fc.constantFrom(
        ',',
        ';',
        ' ',
        '<',
        '>',
        '\\',
        '(',
        ')',
        ':',
        '[',
        ']',
        '\r',
        '\n',
        '\r\n',
        '\t',
        '\u0000',
      ),
      fc.constantFrom(
        '\r\nBcc: victim@victim.test',
        ', victim@victim.test',
        '\nTo: victim@victim.test',
        '%0d%0a',
      ),
      fc.string({ maxLength: 3 }),
    );
    const quotedOrNot = fc
      .tuple(
        fc.boolean(),
        fc.array(fc.constantFrom('a', 'b', '.', '..', '-', '_', '+', 'é'), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('docomo.example', 'client.example', 'münchen.de', 'xn--mnchen-3ya.de'),
      )
      .map(([quoted, local, domain]) =>
        quoted ? `"${local.join('')}"@${domain}` : `${local.join('')}@${domain}`,
      );
    const written = fc.oneof(
      quotedOrNot,
      fc.array(piece, { minLength: 1, maxLength: 8 }).map((p) => p.join('')),
    );
    let sent = 0;
    let n = 0;
    try {
      await fc.assert(
        fc.asyncProperty(written, async (to) => {
          const messageId = `<property-${++n}@example.org>`;
          const before = sink.received.length;
          const mail = {
            messageId,
            from: { name: 'Complaints', address: 'complaint@example.org' },
            to,
            subject: 'Your complaint',
            text: 'Thank you.',
            inReplyTo: null,
            references: [],
            autoSubmitted: 'auto-replied',
            attachments: [],
          };
          if (!isOneAddress(to)) {
            await assert.rejects(
              transport.send(mail),
              (e) => e instanceof SendError && e.kind === 'recipient',
            );
            assert.equal(sink.received.length, before, 'nothing sent');
            return;
          }
          await transport.send(mail);
          sent++;
          const got = sink.received.slice(before);
          assert.equal(got.length, 1, JSON.stringify(to));
          const [m] = got as [(typeof got)[0]];
          const mailbox = mailboxOf(canonicalAddress(to)!);
          assert.deepEqual(m.envelopeTo.map(mailboxOf), [mailbox], JSON.stringify(to));
          const head = m.raw.slice(0, m.raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
          const names = head.split('\r\n').map((line) => line.slice(0, line.indexOf(':')).toLowerCase());
          assert.deepEqual(
            names.filter((x) => x === 'to' || x === 'cc' || x === 'bcc'),
            ['to'],
            JSON.stringify(to),
          );
          for (const name of names)
            assert.ok(
              [
                'content-type',
                'from',
                'to',
                'subject',
                'message-id',
                'auto-submitted',
                'x-auto-response-suppress',
                'content-transfer-encoding',
                'date',
                'mime-version',
              ].includes(name),
              `${name} in ${JSON.stringify(head)}`,
            );
          assert.equal(m.mail.to?.length, 1, JSON.stringify(to));
          assert.equal(mailboxOf(m.mail.to![0]!.address!), mailbox, JSON.stringify(to));
        }),
        { numRuns: 300 },
      );
      assert.ok(sent >= 50, `only ${sent} of the addresses tried were sent`);
    } finally {
      transport.close();
      await sink.stop();
    }
  });
});
