// A complainant: the person who complains or suggests, with their own event stream. Restrictions (P8)
// belong to the complainant: recorded decisions with kind, reason, author, review date; never automatic.
import { contactChoiceRefusal, type StaffAccount } from '../access/designated-contact.ts';
import { canonicalAddress, sameMailbox } from '../intake/addresses.ts';
import type { Language, RestrictionKind } from './model.ts';
import { accept, type Decision, refuse } from './refusal.ts';

export interface ContactDetails {
  name: string | null;
  email: string | null;
  phone: string | null;
  postalAddress: string[] | null;
  language: Language;
}

export interface Restriction {
  id: string;
  kind: RestrictionKind;
  reason: string;
  decidedBy: string;
  decidedAt: string;
  reviewBy: string;
  designatedContactId: string | null;
  liftedAt: string | null;
  liftedBy: string | null;
  liftReason: string | null;
}

export interface ComplainantState {
  id: string;
  /** Set when this record was merged into another record of the same person. */
  mergedInto: string | null;
  mergedFrom: string[];
  details: ContactDetails;
  restrictions: Restriction[];
  unreachableByEmail: boolean;
  createdAt: string;
  updatedAt: string;
}

export type ComplainantEvent =
  | { type: 'complainant_registered'; payload: ContactDetails }
  | { type: 'complainant_details_changed'; payload: Partial<ContactDetails> }
  | {
      type: 'restricted';
      payload: {
        restrictionId: string;
        kind: RestrictionKind;
        reason: string;
        reviewBy: string;
        designatedContactId: string | null;
      };
    }
  | { type: 'restriction_lifted'; payload: { restrictionId: string; reason: string } }
  | {
      type: 'marked_unreachable';
      payload: { channel: 'email'; reason: string; correspondenceId: string | null };
    }
  | { type: 'marked_reachable'; payload: { channel: 'email' } }
  | { type: 'complainant_merged_into'; payload: { targetId: string } }
  | { type: 'complainant_merged'; payload: { sourceId: string; restrictions: Restriction[] } };

export type ComplainantCommand =
  | { type: 'register'; details: ContactDetails }
  | { type: 'change_details'; details: Partial<ContactDetails> }
  | {
      type: 'restrict';
      restrictionId: string;
      kind: RestrictionKind;
      reason: string;
      reviewBy: string;
      designatedContactId: string | null;
    }
  | { type: 'lift_restriction'; restrictionId: string; reason: string }
  | { type: 'mark_unreachable'; reason: string; correspondenceId: string | null }
  | { type: 'mark_reachable' }
  | { type: 'merge_into'; target: ComplainantState }
  | { type: 'absorb_duplicate'; source: ComplainantState };

export interface Meta {
  at: string;
  actor: string;
}

export function evolveComplainant(
  state: ComplainantState | null,
  event: ComplainantEvent,
  meta: Meta,
): ComplainantState {
  if (event.type === 'complainant_registered')
    return {
      id: state?.id ?? '',
      mergedInto: null,
      mergedFrom: [],
      details: event.payload,
      restrictions: [],
      unreachableByEmail: false,
      createdAt: meta.at,
      updatedAt: meta.at,
    };
  if (!state) throw new Error(`event ${event.type} before complainant_registered`);
  const s: ComplainantState = { ...state, updatedAt: meta.at };
  switch (event.type) {
    case 'complainant_details_changed':
      s.details = { ...s.details, ...event.payload };
      if (event.payload.email !== undefined) s.unreachableByEmail = false;
      return s;
    case 'restricted':
      s.restrictions = [
        ...s.restrictions,
        {
          id: event.payload.restrictionId,
          kind: event.payload.kind,
          reason: event.payload.reason,
          decidedBy: meta.actor,
          decidedAt: meta.at,
          reviewBy: event.payload.reviewBy,
          designatedContactId: event.payload.designatedContactId,
          liftedAt: null,
          liftedBy: null,
          liftReason: null,
        },
      ];
      return s;
    case 'restriction_lifted':
      s.restrictions = s.restrictions.map((r) =>
        r.id === event.payload.restrictionId
          ? { ...r, liftedAt: meta.at, liftedBy: meta.actor, liftReason: event.payload.reason }
          : r,
      );
      return s;
    case 'marked_unreachable':
      s.unreachableByEmail = true;
      return s;
    case 'marked_reachable':
      s.unreachableByEmail = false;
      return s;
    case 'complainant_merged_into':
      s.mergedInto = event.payload.targetId;
      return s;
    case 'complainant_merged':
      s.mergedFrom = [...s.mergedFrom, event.payload.sourceId];
      // Restrictions in force on the other record stand for the person (P8.3): carried over as they were.
      s.restrictions = [
        ...s.restrictions,
        ...event.payload.restrictions.filter((r) => !s.restrictions.some((x) => x.id === r.id)),
      ];
      return s;
  }
}

/**
 * A day of the calendar written YYYY-MM-DD. The shape alone lets 2027-02-30 or 2027-13-01 through, and every page
 * and notice that writes the review date out for a reader would then fail on it.
 */
function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
}

/** Restrictions in force (not lifted). */
export function activeRestrictions(state: ComplainantState): Restriction[] {
  return state.restrictions.filter((r) => r.liftedAt === null);
}

/** The staff member every case of this complainant goes to (P8.4), if a designated-contact restriction is in force. */
export function designatedContactOf(state: ComplainantState | null): string | null {
  if (!state) return null;
  return activeRestrictions(state).find((r) => r.kind === 'designated_contact')?.designatedContactId ?? null;
}

/**
 * The designated contact that holds for this record (P8.4): its own, else one in force on another record of the
 * same mailbox. A sub-address (`name+tag@`) or Gmail's dots may make a record of their own (addresses.ts keeps them
 * apart as identities), yet they reach the very mailbox the restriction was decided about: writing `+1` must not
 * take the person back to the whole team unasked. This applies a decision a person made about that mailbox; it
 * records no restriction on the other record (P8.3: nothing restricts a complainant automatically). `others`: the
 * records a restriction is in force on, in any order; the oldest decision wins, so every door names the same one.
 */
export function designatedContactHolding(
  record: ComplainantState | null,
  others: readonly ComplainantState[],
): string | null {
  const own = designatedContactOf(record);
  if (own || !record) return own;
  const held = mailboxRestrictions(record, others).find((m) => m.restriction.kind === 'designated_contact');
  return held?.restriction.designatedContactId ?? null;
}

/** A restriction in force on another record of the same mailbox, with the record it was decided on. */
export interface MailboxRestriction {
  recordId: string;
  email: string | null;
  restriction: Restriction;
}

/**
 * The restrictions in force on the other records of this record's mailbox (see designatedContactHolding), oldest
 * decision first: what staff reading this record's case must know (a written-only person is not called, P8.3).
 */
export function mailboxRestrictions(
  record: ComplainantState,
  others: readonly ComplainantState[],
): MailboxRestriction[] {
  return others
    .filter((o) => o.id !== record.id && !o.mergedInto && sameMailbox(o.details.email, record.details.email))
    .flatMap((o) =>
      activeRestrictions(o).map((r) => ({ recordId: o.id, email: o.details.email, restriction: r })),
    )
    .sort((a, b) => {
      const x = a.restriction;
      const y = b.restriction;
      return x.decidedAt < y.decidedAt
        ? -1
        : x.decidedAt > y.decidedAt
          ? 1
          : x.id < y.id
            ? -1
            : x.id > y.id
              ? 1
              : 0;
    });
}

export function decideComplainant(
  state: ComplainantState | null,
  command: ComplainantCommand,
  ctx: {
    today: string;
    /**
     * The account a designated-contact restriction names, as the caller found it (null: no such account). Read
     * only by `restrict`, which refuses a contact left out, so a caller that forgets to look it up fails safe.
     */
    designatedContact?: StaffAccount | null;
  },
): Decision<ComplainantEvent> {
  if (command.type === 'register') {
    if (state)
      return refuse('invalid_command', 'This complainant is already registered.', {
        context: 'complainant_exists',
      });
    return accept({ type: 'complainant_registered', payload: command.details });
  }
  if (!state) return refuse('case_not_found', 'There is no such complainant.', { context: 'complainant' });
  switch (command.type) {
    case 'change_details': {
      // Where mail goes is one address (DESIGN.md "Outbound mail"): staff cannot store a list either.
      const email = command.details.email;
      const one = email === undefined || email === null ? email : canonicalAddress(email);
      if (typeof email === 'string' && one === null)
        return refuse(
          'invalid_command',
          `"${email.slice(0, 80)}" is not one e-mail address: write a single address such as name@example.org.`,
          { context: 'email_not_one', email: email.slice(0, 80) },
        );
      // Kept as the rule writes it: `"j..doe"@x` is the mailbox j..doe@x, which nodemailer quotes on the wire.
      const details = one === undefined ? command.details : { ...command.details, email: one };
      const changed = Object.fromEntries(
        Object.entries(details).filter(
          ([k, v]) => JSON.stringify(v) !== JSON.stringify(state.details[k as keyof ContactDetails]),
        ),
      ) as Partial<ContactDetails>;
      if (Object.keys(changed).length === 0)
        return refuse('same_value', 'Nothing changes.', { context: 'complainant_details' });
      return accept({ type: 'complainant_details_changed', payload: changed });
    }
    case 'restrict': {
      const reason = command.reason.trim();
      if (!reason)
        return refuse('empty_text', 'A restriction is a recorded decision: give the reason (P8.3).', {
          context: 'restriction_reason',
        });
      if (!isCalendarDate(command.reviewBy))
        return refuse('invalid_command', 'The review date must be a date of the calendar (YYYY-MM-DD).', {
          context: 'review_date_format',
        });
      if (command.reviewBy <= ctx.today)
        return refuse(
          'review_date_in_past',
          `The review date (${command.reviewBy}) must be after today (${ctx.today}).`,
          { context: 'review', reviewBy: command.reviewBy, today: ctx.today },
        );
      if (command.kind === 'designated_contact' && !command.designatedContactId)
        return refuse(
          'designated_contact_required',
          'A designated-contact restriction names the staff member who handles every case.',
          { context: 'restriction' },
        );
      // The contact handles the complainant's cases (P8.4), so it must be someone who handles complaints at all.
      const notContact =
        command.kind === 'designated_contact' && command.designatedContactId
          ? contactChoiceRefusal(command.designatedContactId, ctx.designatedContact ?? null)
          : null;
      if (notContact) return refuse('designated_contact_not_allowed', notContact.message, notContact.details);
      if (activeRestrictions(state).some((r) => r.kind === command.kind))
        return refuse(
          'restriction_active',
          `A "${command.kind}" restriction is already in force; lift it first to change it.`,
          { context: 'kind', restriction: command.kind },
        );
      return accept({
        type: 'restricted',
        payload: {
          restrictionId: command.restrictionId,
          kind: command.kind,
          reason,
          reviewBy: command.reviewBy,
          designatedContactId: command.kind === 'designated_contact' ? command.designatedContactId : null,
        },
      });
    }
    case 'lift_restriction': {
      const r = state.restrictions.find((x) => x.id === command.restrictionId);
      if (!r || r.liftedAt)
        return refuse('no_such_restriction', 'There is no such restriction in force.', {
          context: 'not_in_force',
        });
      const reason = command.reason.trim();
      if (!reason)
        return refuse('empty_text', 'Lifting a restriction needs a reason.', { context: 'lift_reason' });
      return accept({ type: 'restriction_lifted', payload: { restrictionId: r.id, reason } });
    }
    case 'mark_unreachable':
      if (state.unreachableByEmail)
        return refuse('same_value', 'The complainant is already marked unreachable by e-mail.', {
          context: 'unreachable',
        });
      return accept({
        type: 'marked_unreachable',
        payload: { channel: 'email', reason: command.reason, correspondenceId: command.correspondenceId },
      });
    case 'mark_reachable':
      if (!state.unreachableByEmail)
        return refuse('same_value', 'The complainant is reachable by e-mail.', { context: 'reachable' });
      return accept({ type: 'marked_reachable', payload: { channel: 'email' } });
    case 'merge_into':
      if (command.target.id === state.id)
        return refuse('invalid_command', 'A record cannot be merged into itself.', {
          context: 'complainant_merge_itself',
        });
      if (state.mergedInto)
        return refuse('same_value', 'This record was already merged into another.', {
          context: 'complainant_merged',
        });
      if (command.target.mergedInto)
        return refuse(
          'invalid_command',
          'The other record was itself merged; merge into the record it was merged into.',
          { context: 'complainant_target_merged' },
        );
      return accept({ type: 'complainant_merged_into', payload: { targetId: command.target.id } });
    case 'absorb_duplicate':
      if (command.source.id === state.id)
        return refuse('invalid_command', 'A record cannot be merged into itself.', {
          context: 'complainant_merge_itself',
        });
      if (state.mergedInto)
        return refuse('invalid_command', 'This record was merged into another; merge into that one.', {
          context: 'complainant_source_merged',
        });
      {
        // One named staff member handles every case of the person (P8.4): two records naming two different
        // contacts would, merged, name both, and lifting one would silently hand the person to the other. A person
        // chooses which stands.
        const kept = designatedContactOf(state);
        const brought = designatedContactOf(command.source);
        if (kept && brought && kept !== brought)
          return refuse(
            'restriction_active',
            'Both records name a designated contact, and not the same person: lift one of the two restrictions first, then merge.',
            { context: 'kind', restriction: 'designated_contact' },
          );
      }
      return accept({
        type: 'complainant_merged',
        payload: { sourceId: command.source.id, restrictions: activeRestrictions(command.source) },
      });
  }
}
