// The filing rule of the mail doors and who the sender is: a message joins a case as its complainant's words only
// when its sender is that case's complainant; a stranger naming someone else's case waits in the inbox. Properties
// with fast-check over senders, the cases a thread names (one Message-ID may be on several cases) and quoted
// references.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  type Filed,
  type FiledCase,
  type FilingFacts,
  fileMessage,
  isSendersCase,
  relatedCase,
} from './filing.ts';

/** Three people, each with a complainant record and an address; a fourth address with no record. */
const PEOPLE = [
  { id: 'p-anna', email: 'anna@client.example' },
  { id: 'p-bob', email: 'bob@client.example' },
  { id: 'p-eve', email: 'eve@evil.example' },
] as const;

/** A case of one of them (or of nobody's address): ids and references follow the position in the pool. */
const caseFields = fc.record({
  kind: fc.constantFrom('complaint', 'suggestion', 'other') as fc.Arbitrary<
    'complaint' | 'suggestion' | 'other'
  >,
  step: fc.constantFrom(1, 2, null) as fc.Arbitrary<1 | 2 | null>,
  owner: fc.constantFrom(0, 1, 2),
  emailKnown: fc.boolean(),
});

/** Five cases, each id once. */
const poolArb: fc.Arbitrary<FiledCase[]> = fc.array(caseFields, { minLength: 5, maxLength: 5 }).map((cs) =>
  cs.map((c, i) => ({
    id: `c${i + 1}`,
    reference: `RC-2026-00000${i + 1}`,
    kind: c.kind,
    step: c.step,
    complainantId: PEOPLE[c.owner]!.id,
    complainantEmail: c.emailKnown ? PEOPLE[c.owner]!.email : null,
  })),
);

/** The sender as the door finds them: an address (or none) and its complainant record (if on file). */
const senderArb = fc
  .record({
    who: fc.constantFrom(0, 1, 2, 3, 4),
    colleague: fc.boolean(),
  })
  .map(({ who, colleague }) => {
    if (who === 4) return { address: null, complainantId: null, colleague };
    if (who === 3) return { address: 'new@client.example', complainantId: null, colleague };
    return { address: PEOPLE[who]!.email, complainantId: PEOPLE[who]!.id, colleague };
  });

const factsOf = (pool: FiledCase[]): fc.Arbitrary<FilingFacts> =>
  fc.record({
    reading: fc.option(
      fc.record({
        kind: fc.constantFrom('complaint', 'suggestion', 'other') as fc.Arbitrary<
          'complaint' | 'suggestion' | 'other'
        >,
        step: fc.constantFrom(1, 2, null) as fc.Arbitrary<1 | 2 | null>,
        automated: fc.boolean(),
        bounce: fc.boolean(),
      }),
      { nil: null },
    ),
    problem: fc.constant(null),
    sender: fc.option(fc.constantFrom(...PEOPLE.map((p) => p.email)), { nil: null }),
    from: senderArb,
    threaded: fc
      .shuffledSubarray(pool, { maxLength: 4 })
      .chain((cs) => fc.tuple(...cs.map((c) => fc.boolean().map((reply) => ({ ...c, reply }))))),
    quoted: fc
      .shuffledSubarray(pool, { maxLength: 3 })
      .chain((cs) => fc.tuple(...cs.map((c) => fc.boolean().map((inSubject) => ({ ...c, inSubject }))))),
    policy: fc.constantFrom('by_post_instruction', 'accept') as fc.Arbitrary<
      'by_post_instruction' | 'accept'
    >,
  });
const factsArb = poolArb.chain(factsOf);
/** Facts, and a step-1 case of the same pool that the door might hand over (any, even not the sender's). */
const withStep1Arb = poolArb.chain((pool) =>
  fc.tuple(factsOf(pool), fc.option(fc.constantFrom(...pool), { nil: null })),
);

/** Is the case the sender's, judged independently of the rule: the sender's record, or their address on it. */
function sendersOwn(f: FilingFacts, c: FiledCase): boolean {
  if (f.from.address === null) return false;
  return c.complainantId === f.from.complainantId || c.complainantEmail === f.from.address;
}

/**
 * Whom the filing makes Redress write to on its own: a new case's acknowledgement goes to the message's own
 * sender; a step-2 request by e-mail is answered (the by-post instruction), when the rule says it may be, to the
 * address on file of the step-1 case's complainant; filing on a case or in the inbox writes to nobody.
 */
function automaticMailTo(filed: Filed, f: FilingFacts, cases: readonly FiledCase[]): string | null {
  if (filed.to === 'open') return f.from.address;
  if (filed.to === 'step2_by_email' && filed.mayAnswer)
    return cases.find((c) => c.id === filed.step1CaseId)?.complainantEmail ?? 'the case complainant';
  return null;
}

describe('filing and who the sender is', () => {
  it("never files a message as another complainant's reply or step-2 request, nor makes Redress write to anyone but its sender", () => {
    fc.assert(
      fc.property(withStep1Arb, ([f, step1]) => {
        // Whatever step-1 case the door hands over, even one that is not the sender's.
        const filed = fileMessage(f, step1);
        const cases = [...f.threaded, ...f.quoted, ...(step1 ? [step1] : [])];
        if (filed.to === 'step2_by_email') {
          const target = cases.find((c) => c.id === filed.step1CaseId)!;
          assert.ok(sendersOwn(f, target), 'a step-2 request only on the sender’s own case');
        }
        if (filed.to === 'case') {
          const target = cases.find((c) => c.id === filed.caseId)!;
          if (filed.fromComplainant) assert.ok(sendersOwn(f, target), 'filed as the complainant’s own words');
          else {
            assert.ok(f.from.colleague, 'only a colleague is filed on a case that is not theirs');
            assert.ok(filed.flag, 'and the case is flagged for a person');
          }
        }
        const to = automaticMailTo(filed, f, cases);
        if (to !== null) assert.equal(to, f.from.address, 'automatic mail only to the sender');
      }),
      { numRuns: 2000 },
    );
  });

  it("sends a stranger naming only other complainants' cases (thread or subject) to the inbox", () => {
    fc.assert(
      fc.property(factsArb, (f) => {
        fc.pre(f.reading !== null && !f.reading.automated && !f.from.colleague);
        const named = [...f.threaded.filter((c) => c.reply), ...f.quoted.filter((c) => c.inSubject)];
        const own = [...f.threaded, ...f.quoted.filter((c) => c.inSubject)].some((c) => sendersOwn(f, c));
        fc.pre(named.length > 0 && !own);
        const filed = fileMessage(f, null);
        assert.equal(filed.to, 'inbox');
        assert.equal(filed.to === 'inbox' && filed.reason, 'stranger_reference');
      }),
      { numRuns: 1000 },
    );
  });

  it('does not depend on the order of the cases one Message-ID is on, except among the sender’s own', () => {
    fc.assert(
      fc.property(
        factsArb.chain((f) =>
          fc.shuffledSubarray([...f.threaded], { minLength: f.threaded.length }).map((t) => [f, t] as const),
        ),
        ([f, shuffled]) => {
          const a = fileMessage(f, null);
          const b = fileMessage({ ...f, threaded: shuffled }, null);
          const ownIds = new Set(f.threaded.filter((c) => sendersOwn(f, c)).map((c) => c.id));
          // Several cases of the sender's own may each be the one meant (the first named is taken); otherwise
          // the outcome is the same whatever order the cases come in.
          // (What an inbox note says may list the cases in another order.)
          const decision = (x: Filed) => (x.to === 'inbox' ? { ...x, note: null } : x);
          if (ownIds.size <= 1) assert.deepEqual(decision(a), decision(b));
          if (a.to === 'case' && a.fromComplainant) assert.ok(ownIds.has(a.caseId) || f.quoted.length > 0);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('takes the sender’s own case among several that share a Message-ID, and the inbox when none is theirs', () => {
    const anna = { address: 'anna@client.example', complainantId: 'p-anna', colleague: false };
    const reply = (id: string, complainantId: string, complainantEmail: string) => ({
      id,
      reference: `RC-2026-00000${id.slice(1)}`,
      kind: 'complaint' as const,
      step: 1 as const,
      complainantId,
      complainantEmail,
      reply: true,
    });
    const f: FilingFacts = {
      reading: { kind: 'complaint', step: 1, automated: false, bounce: false },
      problem: null,
      sender: 'anna@client.example',
      from: anna,
      // The attacker's case, under the same Message-ID, first.
      threaded: [reply('c2', 'p-eve', 'eve@evil.example'), reply('c1', 'p-anna', 'anna@client.example')],
      quoted: [],
      policy: 'by_post_instruction',
    };
    assert.equal(relatedCase(f)?.id, 'c1');
    assert.deepEqual(fileMessage(f, null), {
      to: 'case',
      caseId: 'c1',
      filing: 'filed_on_case',
      fromComplainant: true,
      flag: null,
    });
    // A record merged into Anna's (an old address of hers) counts as hers: the door resolves it to her record.
    const merged = { ...f, from: { ...anna, address: 'anna.old@client.example' } };
    assert.equal(relatedCase(merged)?.id, 'c1');
    // Nobody's address (a From: that is not one address): nobody's case.
    const none = { ...f, from: { address: null, complainantId: null, colleague: false } };
    assert.ok(!f.threaded.some((c) => isSendersCase(none, c)));
    assert.equal(fileMessage(none, null).to, 'inbox');
    // A third person: the inbox, naming both cases.
    const third = { ...f, from: { address: 'bob@client.example', complainantId: 'p-bob', colleague: false } };
    const filed = fileMessage(third, null);
    assert.equal(filed.to, 'inbox');
    assert.match(filed.to === 'inbox' ? (filed.note ?? '') : '', /RC-2026-000002, RC-2026-000001/);
  });
});
