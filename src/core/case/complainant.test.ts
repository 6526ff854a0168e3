// Restrictions (P8) and the inbox: recorded decisions, refused when incomplete.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  activeRestrictions,
  type ComplainantCommand,
  type ComplainantState,
  decideComplainant,
  designatedContactHolding,
  designatedContactOf,
  evolveComplainant,
} from './complainant.ts';
import { decideInboxItem, evolveInboxItem, type InboxItemState } from './inbox.ts';

// The accounts the tests name as designated contact are active agents unless a test says otherwise.
const today = { today: '2026-12-23', designatedContact: { role: 'agent', status: 'active' } as const };
function run(commands: ComplainantCommand[]): ComplainantState {
  let s: ComplainantState | null = null;
  for (const c of commands) {
    const d = decideComplainant(s, c, today);
    assert.ok(d.ok, d.ok ? '' : d.refusal.message);
    for (const e of d.events)
      s = evolveComplainant(s, e, { at: '2026-12-23T10:00:00.000Z', actor: 'user:lead' });
  }
  return s!;
}
const register: ComplainantCommand = {
  type: 'register',
  details: {
    name: 'Jeanne Dupont',
    email: 'jeanne@example.fr',
    phone: null,
    postalAddress: null,
    language: 'fr',
  },
};
const restrict = (
  over: Partial<Extract<ComplainantCommand, { type: 'restrict' }>> = {},
): ComplainantCommand => ({
  type: 'restrict',
  restrictionId: 'r1',
  kind: 'written_only',
  reason: 'Insults on the phone on 2026-12-20',
  reviewBy: '2027-06-30',
  designatedContactId: null,
  ...over,
});

describe('restrictions (P8)', () => {
  it('records who decided, when, why, which kind and the review date', () => {
    const s = run([register, restrict()]);
    const [r] = activeRestrictions(s);
    assert.equal(r?.decidedBy, 'user:lead');
    assert.equal(r?.kind, 'written_only');
    assert.equal(r?.reviewBy, '2027-06-30');
  });

  it('refuses a restriction without reason, with a past review date, or a second of the same kind', () => {
    const s = run([register, restrict()]);
    for (const [cmd, code] of [
      [restrict({ reason: ' ' }), 'empty_text'],
      [restrict({ reviewBy: '2026-12-01', kind: 'service_refused' }), 'review_date_in_past'],
      // Shaped as a date but no day of the calendar: every page naming the review date could not write it.
      [restrict({ reviewBy: '2027-13-01', kind: 'service_refused' }), 'invalid_command'],
      [restrict({ reviewBy: '2027-02-30', kind: 'service_refused' }), 'invalid_command'],
      [restrict({ reviewBy: '2027-04-00', kind: 'service_refused' }), 'invalid_command'],
      [restrict(), 'restriction_active'],
      [restrict({ kind: 'designated_contact', restrictionId: 'r2' }), 'designated_contact_required'],
    ] as const) {
      const d = decideComplainant(s, cmd, today);
      assert.equal(d.ok ? null : d.refusal.code, code);
    }
  });

  it('routes to the designated contact until lifted', () => {
    const s = run([register, restrict({ kind: 'designated_contact', designatedContactId: 'user:anna' })]);
    assert.equal(designatedContactOf(s), 'user:anna');
    const lifted = run([
      register,
      restrict({ kind: 'designated_contact', designatedContactId: 'user:anna' }),
      { type: 'lift_restriction', restrictionId: 'r1', reason: 'Reviewed: calm since March' },
    ]);
    assert.equal(designatedContactOf(lifted), null);
    assert.equal(lifted.restrictions[0]?.liftReason, 'Reviewed: calm since March');
    const again = decideComplainant(
      lifted,
      { type: 'lift_restriction', restrictionId: 'r1', reason: 'x' },
      today,
    );
    assert.equal(again.ok ? null : again.refusal.code, 'no_such_restriction');
  });

  it('a designated contact holds for the same mailbox however its address is written, not for another person', () => {
    const at = (email: string, id: string): ComplainantState => ({
      ...run([{ type: 'register', details: { ...register.details, email } }]),
      id,
    });
    const restricted = {
      ...run([register, restrict({ kind: 'designated_contact', designatedContactId: 'user:anna' })]),
      id: 'c-1',
    };
    for (const email of ['Jeanne@Example.FR', 'jeanne+again@example.fr', 'JEANNE+x@EXAMPLE.fr'])
      assert.equal(designatedContactHolding(at(email, 'c-2'), [restricted]), 'user:anna', email);
    for (const email of ['jeanne2@example.fr', 'jeanne@example.de', 'other+jeanne@example.fr'])
      assert.equal(designatedContactHolding(at(email, 'c-2'), [restricted]), null, email);
    // A record merged into another holds nothing itself: the kept record carries its restrictions.
    assert.equal(
      designatedContactHolding(at('jeanne+x@example.fr', 'c-2'), [{ ...restricted, mergedInto: 'c-9' }]),
      null,
    );
    assert.equal(designatedContactHolding(restricted, []), 'user:anna');
  });

  it('refuses to merge two records that name different designated contacts: one person has one contact (P8.4)', () => {
    const anna = {
      ...run([register, restrict({ kind: 'designated_contact', designatedContactId: 'user:anna' })]),
      id: 'k',
    };
    const ben = {
      ...run([
        register,
        restrict({ kind: 'designated_contact', designatedContactId: 'user:ben', restrictionId: 'r2' }),
      ]),
      id: 'd',
    };
    const d = decideComplainant(anna, { type: 'absorb_duplicate', source: ben }, today);
    assert.equal(d.ok ? null : d.refusal.code, 'restriction_active');
    assert.match(d.ok ? '' : d.refusal.message, /lift one/);
    // The same contact on both, or a contact on one only, merges as before.
    const alsoAnna = {
      ...ben,
      restrictions: ben.restrictions.map((r) => ({ ...r, designatedContactId: 'user:anna' })),
    };
    assert.ok(decideComplainant(anna, { type: 'absorb_duplicate', source: alsoAnna }, today).ok);
    const plain = { ...run([register]), id: 'p' };
    assert.ok(decideComplainant(plain, { type: 'absorb_duplicate', source: ben }, today).ok);
    assert.ok(decideComplainant(ben, { type: 'absorb_duplicate', source: plain }, today).ok);
  });

  it('refuses as designated contact an account that handles no complaint, is not active, or does not exist (P8.3)', () => {
    const s = run([register]);
    const cmd = restrict({ kind: 'designated_contact', designatedContactId: 'u-1' });
    for (const [designatedContact, named] of [
      [{ role: 'auditor', status: 'active' }, /role auditor/],
      [{ role: 'administrator', status: 'active' }, /role administrator/],
      [{ role: 'department_member', status: 'active' }, /role department_member/],
      [{ role: 'lead', status: 'disabled' }, /disabled/],
      [{ role: 'management', status: 'invited' }, /invited/],
      [null, /no staff account "u-1"/],
      [undefined, /no staff account "u-1"/],
    ] as const) {
      const d = decideComplainant(s, cmd, { today: today.today, designatedContact });
      assert.equal(d.ok ? null : d.refusal.code, 'designated_contact_not_allowed');
      assert.match(d.ok ? '' : d.refusal.message, named);
      assert.match(
        d.ok ? '' : d.refusal.message,
        /choose an active agent, team lead or member of management/,
      );
    }
    for (const role of ['agent', 'lead', 'management'] as const)
      assert.ok(
        decideComplainant(s, cmd, { today: today.today, designatedContact: { role, status: 'active' } }).ok,
      );
    // A restriction of another kind names nobody, so needs no account.
    assert.ok(decideComplainant(s, restrict(), { today: today.today }).ok);
  });
});

describe('inbox items', () => {
  it('are handled once: filed, opened, reclassified or dismissed', () => {
    let s: InboxItemState | null = null;
    const meta = { at: '2026-12-23T10:00:00.000Z', actor: 'user:agent' };
    const received = decideInboxItem(null, {
      type: 'receive',
      correspondenceId: 'm1',
      reason: 'automated',
      kind: 'other',
      note: null,
    });
    assert.ok(received.ok);
    for (const e of received.events) s = evolveInboxItem(s, e, meta);
    assert.equal(s?.status, 'open');
    const dismissEmpty = decideInboxItem(s, { type: 'dismiss', reason: '' });
    assert.equal(dismissEmpty.ok ? null : dismissEmpty.refusal.code, 'empty_text');
    const reclass = decideInboxItem(s, { type: 'reclassify', reason: 'spam', note: null });
    assert.ok(reclass.ok);
    for (const e of reclass.events) s = evolveInboxItem(s, e, meta);
    assert.equal(s?.status, 'reclassified');
    assert.equal(s?.otherReason, 'spam');
    const twice = decideInboxItem(s, { type: 'file_onto_case', caseId: 'c1' });
    assert.equal(twice.ok ? null : twice.refusal.code, 'inbox_item_handled');
  });
});

describe('contact details', () => {
  it('refuses to store anything but one e-mail address, so that mail never goes to a list', () => {
    const s = run([register]);
    for (const email of [
      'a@example.fr, b@example.fr',
      'a@example.fr;b@example.fr',
      '<a@example.fr>',
      'not an address',
    ])
      assert.equal(
        decideComplainant(s, { type: 'change_details', details: { email } }, today).ok,
        false,
        email,
      );
    assert.ok(
      decideComplainant(s, { type: 'change_details', details: { email: 'j.dupont@example.fr' } }, today).ok,
    );
    assert.ok(decideComplainant(s, { type: 'change_details', details: { email: null } }, today).ok);
    assert.equal(decideComplainant(s, { type: 'change_details', details: { email: '' } }, today).ok, false);
  });

  it('keeps an address mail systems deliver to, written without needless quotes (one mailbox, one way)', () => {
    const s = run([register]);
    for (const [email, kept] of [
      ['taro..yamada@docomo.example', 'taro..yamada@docomo.example'],
      ['"j..doe"@client.example', 'j..doe@client.example'],
    ] as const) {
      const d = decideComplainant(s, { type: 'change_details', details: { email } }, today);
      assert.ok(d.ok, email);
      assert.deepEqual(d.events, [{ type: 'complainant_details_changed', payload: { email: kept } }]);
    }
  });
});
