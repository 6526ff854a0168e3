// What is asked of a complainant who left something out (P2.7, P3.2, P4.5), as pure rules: an acknowledgement that
// asks for required information leaves the case waiting on them, the complainant's answer ends the wait, the clock
// never moves; and what their record holds counts by the same rule as what a door is given.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { testCalendar, testPolicy } from '../../../test/support/calendar.ts';
import { receiveCommand } from '../../../test/support/case-commands.ts';
import { missingFields, waitsOnComplainant } from '../intake/missing-fields.ts';
import { type CaseCommand, type CaseState, decideCase, evolveCase } from './case.ts';
import { missingNow } from './known-details.ts';
import { MISSING_FIELDS, type MissingField } from './model.ts';

const ctx = { now: '2026-12-23T18:00:00.000Z', calendar: testCalendar, policy: testPolicy };

function run(state: CaseState | null, command: CaseCommand): CaseState {
  const d = decideCase(state, command, ctx);
  assert.ok(d.ok, d.ok ? '' : d.refusal.message);
  let s = state;
  for (const e of d.events) s = evolveCase(s, e, { at: ctx.now, actor: 'system' });
  return s!;
}

const fields = fc.subarray([...MISSING_FIELDS]);
const text = fc.option(fc.constantFrom('', '  ', 'Marie Dupont', 'marie@example.net', '+49 721 000'), {
  nil: null,
});

describe('the acknowledgement asks and the case waits', () => {
  it('waits on the complainant exactly when the acknowledgement asks for required information', () => {
    fc.assert(
      fc.property(
        fields,
        fc.constantFrom('complaint', 'suggestion') as fc.Arbitrary<'complaint' | 'suggestion'>,
        (asked, kind) => {
          const received = run(
            null,
            receiveCommand({
              receivedAt: '2026-12-23T17:00:00.000Z',
              kind,
              missing: asked,
              ...(kind === 'suggestion' ? { step: null, reference: 'SG-2026-000001' } : {}),
            }),
          );
          const s = run(received, { type: 'acknowledge', channel: 'email', correspondenceId: 'ack', asked });
          const waits = kind === 'complaint' && asked.some((f) => f !== 'marker');
          assert.equal(s.waitingOnComplainant, waits);
          assert.equal(
            waitsOnComplainant(asked),
            asked.some((f) => f !== 'marker'),
          );
          assert.deepEqual(s.deadline, received.deadline, 'asking never moves the clock (P4.5)');
          // Their answer ends the wait; someone else's words (a colleague's note filed in) do not.
          const other = run(s, {
            type: 'file_correspondence',
            correspondenceId: 'x',
            direction: 'in',
            channel: 'email',
            fromComplainant: false,
          });
          assert.equal(other.waitingOnComplainant, waits);
          const answered = run(s, {
            type: 'file_correspondence',
            correspondenceId: 'y',
            direction: 'in',
            channel: 'web',
            fromComplainant: true,
          });
          assert.equal(answered.waitingOnComplainant, false);
          assert.deepEqual(answered.deadline, received.deadline);
        },
      ),
    );
  });
});

describe('what the record holds counts as given', () => {
  it('is the rule of every door (missingFields) for the name and the contact details', () => {
    fc.assert(
      fc.property(
        fields,
        text,
        text,
        text,
        fc.option(fc.array(text, { maxLength: 3 }), { nil: null }),
        (recorded: MissingField[], name, email, phone, postalAddress) => {
          const known = { name, email, phone, postalAddress };
          const ofRecord = missingFields({
            kind: 'complaint',
            name,
            contact: { email, phone, postalAddress },
            description: 'x',
            expectations: 'x',
            marker: null,
          });
          const now = missingNow(recorded, known);
          for (const f of MISSING_FIELDS)
            assert.equal(
              now.includes(f),
              recorded.includes(f) && (f === 'name' || f === 'contact' ? ofRecord.includes(f) : true),
              f,
            );
          assert.deepEqual(missingNow(recorded, null), recorded);
        },
      ),
    );
  });
});
