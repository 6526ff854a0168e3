import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calendarFromConfig } from '../adapters/calendar/calendar.ts';
import { loadConfig } from '../config.ts';
import { READ_BYTES_LIMIT, readMessage } from './read-message.ts';

describe('reading a large message', () => {
  const config = loadConfig({ env: {} });
  const options = {
    mailbox: config.mailboxes[0]!,
    config,
    calendar: calendarFromConfig(config),
    now: '2026-05-04T08:00:00.000Z',
  };

  it('reads what the person wrote at the start of a message of many megabytes, and says only the start was read', async () => {
    const head = [
      'From: Marie Dupont <marie@example.net>',
      'To: complaint@example.org',
      'Subject: Transmission de réclamation - Etape 1',
      'Message-ID: <large-1@example.net>',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Bonjour, mon domaine exemple.fr ne répond plus depuis lundi. Je souhaite un remboursement du mois.',
      '',
    ].join('\r\n');
    const filler = `${'journal du serveur '.repeat(4)}\r\n`.repeat(Math.ceil((3 * READ_BYTES_LIMIT) / 78));
    const raw = Buffer.from(head + filler);
    assert.ok(raw.length > READ_BYTES_LIMIT * 2);
    const { reading, message } = await readMessage(raw, options);
    assert.equal(reading.kind, 'complaint');
    assert.deepEqual(reading.domains, ['exemple.fr']);
    assert.match(reading.expectations ?? '', /remboursement/);
    assert.ok(
      message.problems.some((p) => /larger than 2 MiB: only its start was read/.test(p)),
      message.problems.join('; '),
    );
  });
});
