// The messages a reading thread reads before it takes real mail (warm-up.ts): they must take the paths that
// ordinary complaints take, or the first real messages pay for compiling those paths on the budget's clock.
// Whether they are read fast enough is a measurement (`npm run bench -- parse`, "a fresh reading thread"); here
// is what they make the reading do.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calendarFromConfig } from '../adapters/calendar/calendar.ts';
import { loadConfig } from '../config.ts';
import { readMessage } from './read-message.ts';
import { WARM_UP_MESSAGES } from './warm-up.ts';

const config = loadConfig({ env: {}, cwd: import.meta.dirname });
const calendar = calendarFromConfig(config);
const mailbox = config.mailboxes[0]!;
const now = '2026-11-09T08:00:00.000Z';

describe('warm-up messages of a reading thread', () => {
  it('are read as complaints are, taking the reading through its main paths', async () => {
    const read = await Promise.all(
      WARM_UP_MESSAGES.map((raw) => readMessage(raw, { mailbox, config, calendar, now })),
    );
    for (const r of read) assert.equal(r.problem, null);
    const headers = WARM_UP_MESSAGES.map((raw) => Buffer.from(raw).toString('latin1'));
    const readings = read.map((r) => r.reading);
    const messages = read.map((r) => r.message);

    assert.deepEqual(
      new Set(readings.map((r) => r.language)),
      new Set(['fr', 'en', 'de']),
      'the three languages',
    );
    assert.ok(
      readings.some((r) => r.markerFound),
      'a subject marker',
    );
    assert.ok(
      readings.every((r) => r.complainant.name),
      'a name for every sender',
    );
    assert.ok(
      readings.every((r) => r.description),
      'a description in every one',
    );
    assert.ok(
      readings.some((r) => r.expectations),
      'expectations',
    );
    assert.ok(
      readings.some((r) => r.ticketRefs.length > 0),
      'a ticket number',
    );
    assert.ok(
      readings.every((r) => r.domains.length > 0),
      'a domain in every one',
    );
    assert.ok(
      readings.some((r) => r.caseRefs.length > 0),
      'a case reference',
    );
    assert.ok(
      messages.some((m) => m.htmlText),
      'an HTML part read',
    );
    assert.ok(
      messages.some((m) => m.attachments.length > 0),
      'an attachment',
    );
    assert.ok(
      messages.some((m) => m.inReplyTo),
      'a reply',
    );
    for (const encoding of ['quoted-printable', 'base64', '8bit'])
      assert.ok(
        headers.some((h) => h.includes(`Content-Transfer-Encoding: ${encoding}`)),
        encoding,
      );
    assert.ok(
      headers.some((h) => /charset=iso-8859-1/i.test(h)),
      'a charset other than UTF-8',
    );
    assert.ok(
      headers.some((h) => /=\?[^?]+\?Q\?/i.test(h)),
      'encoded words in header fields',
    );
    assert.ok(
      messages.some((m) => m.htmlText && /Name \| Ana Costa/.test(m.htmlText)),
      'labelled fields in a table, as web forms send',
    );
    const reply = read.find((r) => r.message.inReplyTo)!;
    assert.ok(
      reply.message.text?.includes('Thank you for your message') &&
        !reply.reading.description?.includes('Thank you for your message'),
      'a quoted earlier message set apart',
    );
  });
});
