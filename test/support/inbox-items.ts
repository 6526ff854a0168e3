// Inbox items for tests, made the way the mail doors make them: the raw message kept as an original, a
// correspondence row with its reading, and an inbox item received through the core's decideInboxItem.
import { createHash } from 'node:crypto';
import type { Aggregates } from '../../src/adapters/db/aggregates.repo.ts';
import type { AppContext } from '../../src/app/context.ts';
import { inTransaction } from '../../src/app/transaction.ts';
import { decideInboxItem } from '../../src/core/case/inbox.ts';
import type { InboxReason, Kind } from '../../src/core/case/model.ts';
import { orThrow } from '../../src/core/case/refusal.ts';

export interface TestMessage {
  subject?: string;
  fromName?: string | null;
  fromAddress?: string | null;
  text?: string;
  html?: string | null;
  attachments?: Array<{ filename: string; contentType: string; content: string }>;
  reason?: InboxReason;
  kind?: Kind;
  at?: string;
  reading?: Record<string, unknown> | null;
  /** The note written with the item as received (as a door writes it). */
  note?: string | null;
}

/** A MIME message (multipart when there is HTML or an attachment). */
export function rawMessage(m: TestMessage & { messageId: string }): string {
  const from = m.fromAddress ? `${m.fromName ? `"${m.fromName}" ` : ''}<${m.fromAddress}>` : 'unknown';
  const head = [
    `From: ${from}`,
    'To: complaint@example.org',
    `Subject: ${m.subject ?? 'Hello'}`,
    `Message-ID: <${m.messageId}>`,
    'Date: Mon, 23 Nov 2026 09:00:00 +0000',
    'MIME-Version: 1.0',
  ];
  const text = m.text ?? 'Hello';
  if (!m.html && !m.attachments?.length)
    return [...head, 'Content-Type: text/plain; charset=utf-8', '', text, ''].join('\r\n');
  const b = 'BOUNDARY-redress-test';
  const parts = [
    `--${b}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n`,
    ...(m.html ? [`--${b}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${m.html}\r\n`] : []),
    ...(m.attachments ?? []).map(
      (a) =>
        `--${b}\r\nContent-Type: ${a.contentType}; name="${a.filename}"\r\nContent-Disposition: attachment; filename="${a.filename}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(a.content).toString('base64')}\r\n`,
    ),
  ];
  return [...head, `Content-Type: multipart/mixed; boundary="${b}"`, '', ...parts, `--${b}--`, ''].join(
    '\r\n',
  );
}

let n = 0;

export async function addInboxItem(
  ctx: AppContext,
  m: TestMessage = {},
): Promise<{ itemId: string; correspondenceId: string }> {
  n += 1;
  const messageId = `test-${n}-${Date.now()}@example.net`;
  const raw = Buffer.from(rawMessage({ ...m, messageId }));
  const sha = createHash('sha256').update(raw).digest('hex');
  const at = m.at ?? new Date(Date.parse('2026-11-23T09:00:00.000Z') + n * 60_000).toISOString();
  const itemId = ctx.newId();
  const correspondenceId = ctx.newId();
  await inTransaction(ctx, async (agg: Aggregates) => {
    await agg.db
      .insertInto('originals')
      .values({ sha256: sha, content: raw, content_type: 'message/rfc822', size: raw.length, created_at: at })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
    await agg.db
      .insertInto('correspondence')
      .values({
        id: correspondenceId,
        case_id: null,
        inbox_item_id: itemId,
        direction: 'in',
        channel: 'email',
        mailbox: 'complaints',
        message_id: messageId,
        in_reply_to: null,
        body_sha256: sha,
        original_sha256: sha,
        subject: m.subject ?? 'Hello',
        from_address: m.fromAddress === undefined ? 'sender@example.net' : m.fromAddress,
        from_name: m.fromName === undefined ? 'Sam Sender' : m.fromName,
        to_address: 'complaint@example.org',
        at,
        language: 'en',
        reading:
          m.reading === null ? null : JSON.stringify(m.reading ?? { language: 'en', missing: ['marker'] }),
        text_body: m.text ?? 'Hello',
        status: 'received',
        status_detail: null,
        attempts: 0,
        next_attempt_at: null,
        created_at: at,
      })
      .execute();
    const events = orThrow(
      decideInboxItem(null, {
        type: 'receive',
        correspondenceId,
        reason: m.reason ?? 'unclassified',
        kind: m.kind ?? 'other',
        note: m.note ?? null,
      }),
    );
    await agg.saveInboxItem(itemId, { state: null, version: 0, headHash: null }, events, {
      at,
      actor: 'mailbox:complaints',
    });
  });
  return { itemId, correspondenceId };
}

/** The message of the security tests: a script in the text and the HTML, a javascript: link, an event handler. */
export const HOSTILE: TestMessage = {
  subject: 'Invoice <script>alert("subject")</script>',
  fromName: 'Mallory <b>Bold</b>',
  fromAddress: 'mallory@example.net',
  text: 'Please look: <script>alert("text")</script> and <img src=x onerror=alert(1)>',
  html:
    '<p>Hello <b>there</b></p><script>alert("html")</script>' +
    '<p><a href="javascript:alert(\'link\')">Click me</a> <a href="https://example.org/help">Help</a></p>' +
    '<img src="https://tracker.example/pixel.gif" onerror="alert(2)"><div onclick="alert(3)">Div</div>' +
    '<iframe src="https://evil.example"></iframe><form action="https://evil.example"><input name=x></form>',
  attachments: [
    { filename: 'invoice.html', contentType: 'text/html', content: '<script>alert("attachment")</script>' },
  ],
  reason: 'unparseable',
};
