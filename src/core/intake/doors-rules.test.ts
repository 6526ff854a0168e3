// The rules every door shares: what a complaint lacks (P2.7), whether an item is answered automatically, which
// step-1 case a step-2 request concerns, and which message an outbound text answers. Properties with fast-check.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type CaseFacts, step1OfRequest } from '../case/step1-of-request.ts';
import { autoReplyVerdict, countsTowardsLimits } from '../correspondence/auto-reply.ts';
import { TEMPLATE_KINDS } from '../correspondence/template-kinds.ts';
import { answeredMessage, answers, type InboundMessage, threadOf } from '../correspondence/threading.ts';
import { asksForStep2, type FilingFacts, fileMessage } from './filing.ts';
import { missingFields } from './missing-fields.ts';

const text = fc.option(fc.constantFrom('', '  ', 'Anna', 'a text'), { nil: null });

describe('missing fields (P2.7)', () => {
  it('names exactly what is absent, in the order of P2, for complaints only', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('complaint', 'suggestion', 'other') as fc.Arbitrary<
          'complaint' | 'suggestion' | 'other'
        >,
        text,
        text,
        text,
        fc.option(fc.array(text, { maxLength: 3 }), { nil: null }),
        text,
        text,
        fc.constantFrom(true, false, null),
        (kind, name, email, phone, postal, description, expectations, marker) => {
          const missing = missingFields({
            kind,
            name,
            contact: { email, phone, postalAddress: postal },
            description,
            expectations,
            marker,
          });
          if (kind !== 'complaint') return assert.deepEqual(missing, []);
          const set = (s: string | null) => !!s?.trim();
          const expected = [
            ...(set(name) ? [] : ['name']),
            ...(set(email) || set(phone) || (postal ?? []).some(set) ? [] : ['contact']),
            ...(set(description) ? [] : ['description']),
            ...(set(expectations) ? [] : ['expectations']),
            ...(marker === false ? ['marker'] : []),
          ];
          assert.deepEqual(missing, expected);
        },
      ),
    );
  });
});

describe('answering automatically', () => {
  const facts = fc.record({
    readable: fc.boolean(),
    automated: fc.boolean(),
    suspiciousAddress: fc.option(fc.constant('From: is a list'), { nil: null }),
    answerable: fc.boolean(),
    designatedContact: fc.boolean(),
    overLimit: fc.option(fc.constant('over 3 a day'), { nil: null }),
  });

  it('answers only readable, human mail to an address, without a designated contact, within the limits', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const v = autoReplyVerdict(f);
        const allowed =
          f.readable &&
          !f.automated &&
          f.suspiciousAddress === null &&
          f.answerable &&
          !f.designatedContact &&
          f.overLimit === null;
        assert.equal(v.autoReply === 'allowed', allowed);
        if (f.readable && f.automated) assert.equal(v.autoReply, 'automated');
        if (v.autoReply === 'flood_limited' || v.autoReply === 'suspicious_address') assert.ok(v.flag);
      }),
    );
  });

  it('counts towards the limits exactly the mail that would be answered, but for a designated contact', () => {
    fc.assert(
      fc.property(facts, ({ overLimit: _, ...f }) => {
        assert.equal(
          countsTowardsLimits(f),
          autoReplyVerdict({ ...f, designatedContact: false, overLimit: null }).autoReply === 'allowed',
        );
      }),
    );
  });

  it('"restricted channel" never stands for mail the limits or the checks would stop (it may be answered after all)', () => {
    fc.assert(
      fc.property(facts, (f) => {
        if (autoReplyVerdict(f).autoReply !== 'restricted_channel') return;
        assert.equal(autoReplyVerdict({ ...f, designatedContact: false }).autoReply, 'allowed');
      }),
    );
  });
});

describe('the step-1 case of a step-2 request', () => {
  const kase = (id: string, over: Partial<CaseFacts> = {}): CaseFacts => ({
    id,
    kind: 'complaint',
    step: 1,
    complainantId: 'anna',
    step2CaseId: null,
    receivedAt: `2026-11-${id.padStart(2, '0')}T10:00:00.000Z`,
    ...over,
  });

  it('takes the thread, then a quoted case, then the latest not yet escalated', () => {
    const own = [kase('1'), kase('3', { step2CaseId: 's2' }), kase('2')];
    const base = { complainantId: 'anna', ownStep1: own, staffChose: false };
    assert.equal(step1OfRequest({ ...base, threaded: null, quoted: [] })?.id, '2');
    assert.equal(step1OfRequest({ ...base, threaded: null, quoted: [own[1]!] })?.id, '3');
    assert.equal(step1OfRequest({ ...base, threaded: own[0]!, quoted: [own[1]!] })?.id, '1');
  });

  it("never takes a stranger's quoted case unless a person chose it, and never a step-2 case", () => {
    const theirs = kase('9', { complainantId: 'bob' });
    const base = { complainantId: 'anna', threaded: null, ownStep1: [] };
    assert.equal(step1OfRequest({ ...base, quoted: [theirs], staffChose: false }), null);
    assert.equal(step1OfRequest({ ...base, quoted: [theirs], staffChose: true })?.id, '9');
    assert.equal(
      step1OfRequest({ ...base, quoted: [kase('4', { step: 2 })], staffChose: true, complainantId: 'anna' }),
      null,
    );
    assert.equal(step1OfRequest({ ...base, complainantId: null, quoted: [], staffChose: false }), null);
  });

  it('whatever the order of the cases on file, picks the newest own one not escalated', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            day: fc.integer({ min: 1, max: 28 }),
            escalated: fc.boolean(),
            mine: fc.boolean(),
          }),
          { maxLength: 8 },
        ),
        (specs) => {
          const cases = specs.map((s, i) =>
            kase(String(i + 1), {
              receivedAt: `2026-11-${String(s.day).padStart(2, '0')}T10:00:00.000Z`,
              step2CaseId: s.escalated ? 'x' : null,
              complainantId: s.mine ? 'anna' : 'bob',
            }),
          );
          const chosen = step1OfRequest({
            complainantId: 'anna',
            threaded: null,
            quoted: [],
            ownStep1: cases,
            staffChose: false,
          });
          const eligible = cases.filter((c) => c.complainantId === 'anna' && !c.step2CaseId);
          if (eligible.length === 0) return assert.equal(chosen, null);
          assert.ok(chosen && eligible.includes(chosen));
          for (const c of eligible) assert.ok(c.receivedAt <= chosen.receivedAt);
        },
      ),
    );
  });
});

describe('which message an outbound text answers', () => {
  const msg = (id: string, storedAt: string, from = 'anna@example.de', at = storedAt): InboundMessage => ({
    messageId: `<${id}@x>`,
    inReplyTo: null,
    fromAddress: from,
    storedAt,
    at,
  });

  it('an automatic reply answers its message; staff texts the latest stored; mail to staff nothing', () => {
    const onCase = [
      msg('a', '2026-11-23T10:00:00Z'),
      msg('b', '2026-11-24T10:00:00Z', undefined, '2026-11-20T00:00:00Z'),
    ];
    const trigger = msg('t', '2026-11-22T00:00:00Z');
    const base = { complainantEmail: 'anna@example.de', onCase, onStep1: [], trigger };
    assert.equal(answeredMessage({ ...base, kind: 'acknowledgement' })?.messageId, '<t@x>');
    assert.equal(answeredMessage({ ...base, kind: 'step2_by_post' })?.messageId, '<t@x>');
    assert.equal(answeredMessage({ ...base, kind: 'answer' })?.messageId, '<b@x>', "not the sender's Date:");
    assert.equal(answeredMessage({ ...base, kind: 'department_forward' }), null);
    assert.equal(answeredMessage({ ...base, kind: 'acknowledgement', trigger: null })?.messageId, '<b@x>');
  });

  it("prefers the complainant's own latest message, then the step-1 case's", () => {
    const onCase = [
      msg('a', '2026-11-23T10:00:00Z'),
      msg('c', '2026-11-25T10:00:00Z', 'colleague@example.org'),
    ];
    const base = {
      complainantEmail: 'Anna@Example.de',
      trigger: null,
      onStep1: [msg('s', '2026-11-01T00:00:00Z')],
    };
    assert.equal(answeredMessage({ ...base, kind: 'answer', onCase })?.messageId, '<a@x>');
    assert.equal(answeredMessage({ ...base, kind: 'answer', onCase: [] })?.messageId, '<s@x>');
  });

  it('every outbound kind has a rule, and a thread names the message it answers', () => {
    for (const kind of TEMPLATE_KINDS) assert.ok(['trigger', 'latest', 'none'].includes(answers(kind)));
    fc.assert(
      fc.property(fc.option(fc.constant('<p@x>'), { nil: null }), (parent) => {
        const t = threadOf({ ...msg('m', '2026-11-23T00:00:00Z'), inReplyTo: parent });
        assert.equal(t.inReplyTo, '<m@x>');
        assert.equal(t.references.at(-1), '<m@x>');
        assert.equal(new Set(t.references).size, t.references.length);
      }),
    );
  });
});

describe('where an e-mail is filed', () => {
  const base: FilingFacts = {
    reading: { kind: 'complaint', step: 2, automated: false, bounce: false },
    problem: null,
    sender: 'anna@example.de',
    from: { address: 'anna@example.de', complainantId: 'p-anna', colleague: false },
    threaded: [],
    quoted: [],
    policy: 'by_post_instruction',
  };
  const step1 = {
    id: 'c1',
    reference: 'RC-2026-000001',
    kind: 'complaint' as const,
    step: 1 as const,
    complainantId: 'p-anna',
    complainantEmail: 'anna@example.de',
  };

  it('a step-2 request with no step-1 case opens an acknowledged step-1 case by default, a step-2 case with accept', () => {
    assert.ok(asksForStep2(base));
    assert.deepEqual(fileMessage(base, null), {
      to: 'open',
      kind: 'complaint',
      step: 1,
      caseRefs: [],
      step2ByPost: true,
    });
    assert.equal(fileMessage({ ...base, policy: 'accept' }, null).to, 'open');
    assert.deepEqual(fileMessage(base, step1), {
      to: 'step2_by_email',
      step1CaseId: 'c1',
      mayAnswer: true,
    });
  });

  it('never opens a case for unreadable, automated or `other` mail, nor files a stranger on a case', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('complaint', 'suggestion', 'other') as fc.Arbitrary<
          'complaint' | 'suggestion' | 'other'
        >,
        fc.constantFrom(1, 2, null) as fc.Arbitrary<1 | 2 | null>,
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom('by_post_instruction', 'accept') as fc.Arbitrary<'by_post_instruction' | 'accept'>,
        fc.option(fc.constant(step1), { nil: null }),
        (kind, step, automated, readable, strangerInSubject, policy, found) => {
          const f: FilingFacts = {
            ...base,
            policy,
            reading: readable ? { kind, step, automated, bounce: false } : null,
            quoted: strangerInSubject
              ? [
                  {
                    ...step1,
                    id: 'x',
                    complainantId: 'p-x',
                    complainantEmail: 'x@example.net',
                    inSubject: true,
                  },
                ]
              : [],
          };
          const filed = fileMessage(f, asksForStep2(f) ? found : null);
          if (!readable || automated) assert.equal(filed.to, 'inbox');
          if (readable && !automated && strangerInSubject) assert.equal(filed.to, 'inbox');
          if (filed.to === 'open' && filed.kind === 'complaint') assert.equal(readable && kind, 'complaint');
          if (readable && !automated && kind === 'other' && !strangerInSubject)
            assert.equal(filed.to, 'inbox');
        },
      ),
    );
  });
});
