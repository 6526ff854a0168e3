// The arrival of a message is what it claims only within the week that ends now: any claim, from any trace or
// `Date:` field, gives an instant in that window, and a claim inside it is kept to the millisecond. The top-most
// trace line of the organisation's own server is believed however far back; from a peer at the SMTP listener that
// is none of the organisation's relays, nothing is believed: the arrival is now.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import {
  arrivalOf,
  arrivalOfClaims,
  arrivalShownAsDay,
  arrivalTrust,
  letterArrivalProblem,
  letterArrivalVerdict,
  MAX_ARRIVAL_AGE_MS,
  MAX_LETTER_AGE_DAYS,
} from './arrival.ts';
import { emptyMessage, type ParsedMessage } from './parsed-message.ts';
import { type IntakeContext, readIntake } from './reading.ts';

const NOW = '2026-05-04T08:00:00.000Z';
const nowMs = Date.parse(NOW);
const iso = (ms: number) => new Date(ms).toISOString();

test('a claim within the week before now is kept; in the future, older or missing, the arrival is now', () => {
  assert.equal(arrivalOf(iso(nowMs - 3_600_000), NOW), iso(nowMs - 3_600_000));
  assert.equal(arrivalOf(iso(nowMs - MAX_ARRIVAL_AGE_MS), NOW), iso(nowMs - MAX_ARRIVAL_AGE_MS));
  assert.equal(arrivalOf(iso(nowMs - MAX_ARRIVAL_AGE_MS - 1), NOW), NOW);
  assert.equal(arrivalOf(iso(nowMs + 1), NOW), NOW);
  assert.equal(arrivalOf('2035-01-01T10:00:00.000Z', NOW), NOW);
  assert.equal(arrivalOf('2001-01-01T10:00:00.000Z', NOW), NOW);
  assert.equal(arrivalOf(null, NOW), NOW);
});

test('property: whatever a message claims, it counts as received within the week that ends now', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: Date.parse('1900-01-01T00:00:00Z'), max: Date.parse('2200-01-01T00:00:00Z') }),
      (claimedMs) => {
        const at = Date.parse(arrivalOf(iso(claimedMs), NOW));
        assert.ok(at <= nowMs && at >= nowMs - MAX_ARRIVAL_AGE_MS);
        if (claimedMs <= nowMs && claimedMs >= nowMs - MAX_ARRIVAL_AGE_MS) assert.equal(at, claimedMs);
        else assert.equal(at, nowMs);
      },
    ),
  );
});

function context(): IntakeContext {
  return {
    mailbox: { role: 'complaints', language: 'fr' },
    markers: {
      step1: ['Transmission de réclamation - Etape 1'],
      step2: ['Transmission de réclamation - Etape 2'],
    },
    relaySenders: [],
    referencePrefixes: ['RC'],
    ownDomains: ['example.org'],
    now: NOW,
  };
}

function message(received: string[], date: string | null): ParsedMessage {
  const m = emptyMessage();
  m.headers = received.map((value) => ({ name: 'received', value }));
  m.date = date;
  return m;
}

test('the reading takes the top-most Received line, else Date, each only within the window', () => {
  const read = (received: string[], date: string | null) =>
    readIntake(message(received, date), context()).reading.receivedAt;
  assert.equal(
    read(
      ['from a by b; Mon, 4 May 2026 09:30:00 +0200', 'from c by d; Sun, 3 May 2026 10:00:00 +0200'],
      null,
    ),
    '2026-05-04T07:30:00.000Z',
  );
  assert.equal(read([], '2026-05-01T00:00:00.000Z'), '2026-05-01T00:00:00.000Z');
  // A relay's clock a year ahead, a sender's Date in another decade: the message arrived when Redress got it.
  assert.equal(read(['from a by b; Tue, 4 May 2027 09:30:00 +0200'], null), NOW);
  assert.equal(read([], '2035-01-01T10:00:00.000Z'), NOW);
  assert.equal(read([], '2001-01-01T10:00:00.000Z'), NOW);
  assert.equal(read([], null), NOW);
});

test("a door whose top-most trace line is the organisation's own believes it however far back, never ahead", () => {
  const claims = (topTrace: string | null, laterTrace: string | null = null, date: string | null = null) => ({
    topTrace,
    laterTrace,
    date,
  });
  // A shared mailbox connected with weeks of complaints in it: their clocks started when they reached it.
  assert.equal(arrivalOfClaims(claims('2026-03-01T09:00:00.000Z'), NOW, 'own'), '2026-03-01T09:00:00.000Z');
  assert.equal(arrivalOfClaims(claims('2026-03-01T09:00:00.000Z'), NOW, 'window'), NOW);
  assert.equal(arrivalOfClaims(claims('2027-01-01T09:00:00.000Z'), NOW, 'own'), NOW);
  // The first line unreadable: the later ones and Date are anyone's, and held to the window.
  assert.equal(arrivalOfClaims(claims(null, '2026-03-01T09:00:00.000Z'), NOW, 'own'), NOW);
  assert.equal(
    arrivalOfClaims(claims(null, null, '2026-05-03T09:00:00.000Z'), NOW, 'own'),
    '2026-05-03T09:00:00.000Z',
  );
  assert.equal(arrivalOfClaims(claims(null, null, '2026-03-01T09:00:00.000Z'), NOW, 'own'), NOW);
});

test("whose the trace is: the pipe's and IMAP's own, the SMTP listener's only from a trusted relay", () => {
  assert.equal(arrivalTrust('pipe', undefined), 'own');
  assert.equal(arrivalTrust('imap', false), 'own');
  assert.equal(arrivalTrust('smtp', true), 'own');
  // A client straight at the listener may have written every line itself; a door that does not say is not trusted.
  assert.equal(arrivalTrust('smtp', false), 'none');
  assert.equal(arrivalTrust('smtp', undefined), 'none');
  // No door said (`redress parse`), or a door that is no mail server's: a claim counts within the week.
  assert.equal(arrivalTrust(undefined, true), 'window');
  assert.equal(arrivalTrust('web', true), 'window');
});

test('from a peer at the SMTP listener that is no trusted relay, a Received line or Date six days back is now', () => {
  const sixDaysBack = iso(nowMs - 6 * 24 * 3_600_000);
  const read = (received: string[], date: string | null, relayTrusted: boolean) =>
    readIntake(message(received, date), { ...context(), door: 'smtp', relayTrusted }).reading.receivedAt;
  const line = `from a by b; ${new Date(nowMs - 6 * 24 * 3_600_000).toUTCString()}`;
  assert.equal(read([line], null, false), NOW);
  assert.equal(read([], sixDaysBack, false), NOW);
  assert.equal(read([line], null, true), sixDaysBack);
  // From the organisation's relay, a top line three weeks back is believed (it held the message, or Redress was down).
  assert.equal(
    read([`from a by b; ${new Date(nowMs - 21 * 24 * 3_600_000).toUTCString()}`], null, true),
    iso(nowMs - 21 * 24 * 3_600_000),
  );
});

test('property: from a peer at the SMTP listener that is no trusted relay, the arrival is exactly now', () => {
  const instant = fc
    .integer({ min: Date.parse('1900-01-01T00:00:00Z'), max: Date.parse('2200-01-01T00:00:00Z') })
    .map(iso);
  fc.assert(
    fc.property(fc.option(instant), fc.option(instant), fc.option(instant), (topTrace, laterTrace, date) => {
      assert.equal(arrivalOfClaims({ topTrace, laterTrace, date }, NOW, arrivalTrust('smtp', false)), NOW);
    }),
  );
});

test('property: at any door, no claim puts the arrival after now', () => {
  const instant = fc
    .integer({ min: Date.parse('1900-01-01T00:00:00Z'), max: Date.parse('2200-01-01T00:00:00Z') })
    .map(iso);
  fc.assert(
    fc.property(
      fc.option(instant),
      fc.option(instant),
      fc.option(instant),
      fc.constantFrom('own' as const, 'window' as const, 'none' as const),
      (topTrace, laterTrace, date, trust) => {
        const at = Date.parse(arrivalOfClaims({ topTrace, laterTrace, date }, NOW, trust));
        assert.ok(at <= nowMs);
        if (trust !== 'own' || topTrace === null) assert.ok(at >= nowMs - MAX_ARRIVAL_AGE_MS);
      },
    ),
  );
});

test('a letter’s date of arrival is refused after now and more than a year back, and taken in between', () => {
  const now = '2026-11-23T12:00:00.000Z';
  const nowMs = Date.parse(now);
  const yearMs = MAX_LETTER_AGE_DAYS * 24 * 3600 * 1000;
  fc.assert(
    fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }), (ms) => {
      const problem = letterArrivalProblem(new Date(ms).toISOString(), now);
      assert.equal(problem, ms > nowMs ? 'future' : ms < nowMs - yearMs ? 'too_old' : null);
    }),
  );
  // The edges: now itself, and a year and a day back exactly.
  assert.equal(letterArrivalProblem(now, now), null);
  assert.equal(letterArrivalProblem(new Date(nowMs - yearMs).toISOString(), now), null);
  assert.equal(letterArrivalProblem(new Date(nowMs - yearMs - 1).toISOString(), now), 'too_old');
});

test('a letter more than a year old is registered once confirmed; one in the future never is', () => {
  const now = '2026-11-23T12:00:00.000Z';
  const nowMs = Date.parse(now);
  const yearMs = MAX_LETTER_AGE_DAYS * 24 * 3600 * 1000;
  fc.assert(
    fc.property(
      fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }),
      fc.boolean(),
      (ms, confirmed) => {
        const v = letterArrivalVerdict(new Date(ms).toISOString(), now, confirmed);
        if (ms > nowMs) assert.deepEqual(v, { ok: false, refused: 'future' });
        else if (ms < nowMs - yearMs)
          assert.deepEqual(
            v,
            confirmed ? { ok: true, old: true } : { ok: false, refused: 'old_unconfirmed' },
          );
        else assert.deepEqual(v, { ok: true, old: false });
      },
    ),
  );
});

test('a letter’s arrival at 00:00 local is shown as its day alone; any other arrival keeps its time', () => {
  const zones = ['Europe/Paris', 'Europe/Berlin', 'America/New_York', 'UTC'];
  fc.assert(
    fc.property(
      fc.constantFrom(...zones),
      fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
      fc.constantFrom('letter', 'email', 'web'),
      (zone, ms, channel) => {
        const at = new Date(ms).toISOString();
        const local = Temporal.Instant.from(at).toZonedDateTimeISO(zone);
        const midnight = local.toPlainDate().toZonedDateTime({ timeZone: zone }).toInstant().toString();
        // The start of its local day is a date-only letter's arrival; the instant itself is midnight only by chance.
        assert.equal(arrivalShownAsDay(channel, midnight, zone), channel === 'letter');
        const isMidnight =
          local.hour === 0 && local.minute === 0 && local.second === 0 && local.millisecond === 0;
        assert.equal(arrivalShownAsDay(channel, at, zone), channel === 'letter' && isMidnight);
      },
    ),
  );
});
