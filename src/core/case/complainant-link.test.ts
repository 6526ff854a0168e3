// The complainant's link: when it opens its case's page (never revoked, never another case, never past 90 days
// after closing), and what the page shows (no internal fields; what is missing as the staff see it).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { CaseState } from './case.ts';
import {
  complainantView,
  LINK_DAYS_AFTER_CLOSING,
  LINK_TOKEN_PATTERN,
  linkExpiresAt,
  linkVerdict,
  missingAnsweredAt,
  publicStatus,
  withoutLinkTokens,
} from './complainant-link.ts';
import { MISSING_FIELDS } from './model.ts';

const instant = (from: string, to: string) =>
  fc.integer({ min: Date.parse(from), max: Date.parse(to) }).map((ms) => new Date(ms).toISOString());

const DAY = 86_400_000;

function kase(over: Partial<CaseState> = {}): CaseState {
  return {
    id: 'case-1',
    reference: 'RC-2026-000001',
    kind: 'complaint',
    otherReason: null,
    step: 1,
    status: 'acknowledged',
    channel: 'web',
    complainantId: 'c-1',
    language: 'de',
    subject: 'Domain down',
    fields: { ticketRefs: [], domains: [], description: 'Down', expectations: null },
    missing: ['name', 'expectations'],
    receivedAt: '2026-11-23T09:00:00.000Z',
    originalDeadline: {
      acknowledgeBy: '2026-11-24T09:00:00.000Z',
      answerBy: '2026-12-07T22:59:59.999Z',
      answerByDate: '2026-12-07',
    },
    deadline: {
      acknowledgeBy: '2026-11-24T09:00:00.000Z',
      answerBy: '2026-12-07T22:59:59.999Z',
      answerByDate: '2026-12-07',
    },
    acknowledgedAt: '2026-11-23T09:00:00.000Z',
    answeredAt: null,
    outcome: null,
    closedAt: null,
    ownerId: 'user-secret-owner',
    category: 'internal-category',
    waitingOnComplainant: false,
    flagged: true,
    extensions: [],
    step1CaseId: null,
    step2CaseId: null,
    warning: null,
    lettersToPost: [],
    department: null,
    suggestionStatus: null,
    correspondenceIds: [],
    step2RequestedByEmail: false,
    mergedInto: null,
    mergedFrom: [],
    updatedAt: '2026-11-23T09:00:00.000Z',
    ...over,
  };
}

describe('complainant link', () => {
  it('property: a link of an open case opens it until revoked, whatever the time', () => {
    fc.assert(
      fc.property(instant('2026-01-01T00:00:00Z', '2040-01-01T00:00:00Z'), fc.boolean(), (now, revoked) => {
        const v = linkVerdict({ caseId: 'case-1', revokedAt: revoked ? now : null }, kase(), now);
        assert.deepEqual(v, revoked ? { ok: false, reason: 'revoked' } : { ok: true });
      }),
    );
  });

  it(`property: after closing, a link opens the case for ${LINK_DAYS_AFTER_CLOSING} days and then never`, () => {
    fc.assert(
      fc.property(
        instant('2026-01-01T00:00:00Z', '2030-01-01T00:00:00Z'),
        fc.integer({ min: 0, max: 400 * DAY }),
        (closedAt, after) => {
          const now = new Date(Date.parse(closedAt) + after).toISOString();
          const v = linkVerdict(
            { caseId: 'case-1', revokedAt: null },
            kase({ status: 'closed', closedAt }),
            now,
          );
          const within = after <= LINK_DAYS_AFTER_CLOSING * DAY;
          assert.deepEqual(v, within ? { ok: true } : { ok: false, reason: 'expired' });
          assert.equal(linkExpiresAt(closedAt), new Date(Date.parse(closedAt) + 90 * DAY).toISOString());
        },
      ),
    );
  });

  it('never opens another case, a merged case, a suggestion, or nothing', () => {
    const now = '2026-11-24T00:00:00.000Z';
    const link = { caseId: 'case-1', revokedAt: null };
    assert.deepEqual(linkVerdict(link, kase({ id: 'case-2' }), now), { ok: false, reason: 'gone' });
    assert.deepEqual(linkVerdict(link, kase({ mergedInto: 'case-9' }), now), { ok: false, reason: 'gone' });
    assert.deepEqual(linkVerdict(link, kase({ kind: 'suggestion' }), now), { ok: false, reason: 'gone' });
    assert.deepEqual(linkVerdict(link, null, now), { ok: false, reason: 'gone' });
    assert.deepEqual(linkVerdict(null, kase(), now), { ok: false, reason: 'unknown' });
  });

  it('takes tokens of 256 bits in base64url only', () => {
    assert.ok(LINK_TOKEN_PATTERN.test('A'.repeat(43)));
    for (const bad of ['A'.repeat(42), 'A'.repeat(44), `${'A'.repeat(42)}=`, `${'A'.repeat(42)}/`, ''])
      assert.ok(!LINK_TOKEN_PATTERN.test(bad), bad);
  });

  it('shows what the complainant was told, nothing internal; missing less what is known since', () => {
    const v = complainantView(
      kase({
        extensions: [
          {
            at: '2026-12-01T10:00:00.000Z',
            reason: 'INTERNAL REASON',
            windowStart: '2026-12-10',
            windowEnd: '2026-12-18',
            previousAnswerByDate: '2026-12-07',
            answerByDate: '2026-12-18',
          },
        ],
        deadline: {
          acknowledgeBy: '2026-11-24T09:00:00.000Z',
          answerBy: '2026-12-18T22:59:59.999Z',
          answerByDate: '2026-12-18',
        },
      }),
      { name: 'Erika Mustermann', email: 'erika@example.de', phone: null, postalAddress: null },
      [],
    );
    assert.deepEqual(v.missing, ['expectations'], 'the name is known now');
    assert.equal(v.answerByDate, '2026-12-18');
    assert.equal(v.firstAnswerByDate, '2026-12-07');
    assert.equal(v.status, 'extended');
    const shown = JSON.stringify(v);
    for (const secret of ['user-secret-owner', 'internal-category', 'INTERNAL REASON', 'flagged'])
      assert.ok(!shown.includes(secret), secret);
    assert.equal(v.mayAdd, true);
    assert.equal(
      complainantView(kase({ status: 'closed', closedAt: '2026-12-01T00:00:00.000Z' }), null, []).mayAdd,
      false,
    );
  });

  it('tells the status in the complainant’s words', () => {
    assert.equal(publicStatus(kase({ waitingOnComplainant: true })), 'waiting_on_you');
    assert.equal(publicStatus(kase({ status: 'answered', waitingOnComplainant: true })), 'answered');
    assert.equal(publicStatus(kase({ status: 'received' })), 'received');
  });
});

describe('the private link in a text shown to staff', () => {
  it('hides every token in a link, quoted or not, and leaves the rest of the text as it is', () => {
    const token = 'A'.repeat(21) + '_-' + 'z9'.repeat(10);
    const text = `Your page: https://redress.example/c/${token}\n> https://redress.example/c/${token}?sent=1 (quoted)`;
    const shown = withoutLinkTokens(text);
    assert.equal(shown.hidden, true);
    assert.ok(!shown.text.includes(token));
    assert.equal(
      shown.text,
      'Your page: https://redress.example/c/…\n> https://redress.example/c/…?sent=1 (quoted)',
    );
    // What is not a link's token stays: a shorter or longer word after /c/, or no link at all.
    for (const other of [`/c/${token.slice(1)}`, `/c/${token}x`, 'Nothing to hide.'])
      assert.deepEqual(withoutLinkTokens(other), { text: other, hidden: false });
  });
});

describe('whether what was asked of the complainant has been answered', () => {
  const missingField = fc.constantFrom(...MISSING_FIELDS);
  it('is the newest thing they sent, once nothing is awaited any more and something had been asked', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(missingField),
        fc.boolean(),
        fc.array(instant('2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z').map((at) => ({ at }))),
        (missing, waitingOnComplainant, additions) => {
          const got = missingAnsweredAt({ missing, waitingOnComplainant }, additions);
          if (waitingOnComplainant || missing.length === 0 || additions.length === 0) assert.equal(got, null);
          else
            assert.equal(
              got,
              additions
                .map((a) => a.at)
                .sort()
                .at(-1),
            );
        },
      ),
    );
  });
});
