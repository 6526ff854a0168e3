// Whether an inbound item may be answered automatically (an acknowledgement, a thank-you, a by-post
// instruction), and why not: the one rule of every door (mail, letter, public form, API). DESIGN.md "Outbound
// mail": automated mail is never answered; a sender field that is not one address, or no address that automatic
// mail may go to, leaves it to a person; a designated contact handles all correspondence of a restricted
// complainant (P8.4); beyond the limits on automatic mail (auto-reply-limits.ts) a person decides.
//
// The limits are counted in the filing transaction, and only for mail that would otherwise be answered: the door
// asks `autoReplyVerdict` without a count first, counts when the verdict is `allowed`, then asks again with what
// the count said. The verdict is stored on the item (`correspondence.auto_reply`) and read by the follow-ups.

import { staffNote } from '../intake/staff-notes.ts';

export const AUTO_REPLIES = [
  'allowed',
  'automated',
  'flood_limited',
  'restricted_channel',
  'no_address',
  'suspicious_address',
] as const;
export type AutoReply = (typeof AUTO_REPLIES)[number];

export interface AutoReplyFacts {
  /** False when the item could not be read at all (it waits for a person). */
  readable: boolean;
  /** Bounces, auto-replies, lists, reports, null senders. */
  automated: boolean;
  /** What is wrong with a sender field that is not one address (a list, a group), or null. */
  suspiciousAddress: string | null;
  /**
   * Whether there is somewhere the automatic text may go: for an e-mail the address of automatic mail
   * (complainant.ts `autoReplyAddress`), for a form or an API call the e-mail address given, for a letter
   * always (an e-mail where one is known, else a printable letter).
   */
  answerable: boolean;
  /** A designated-contact restriction is in force for the complainant (P8.4). */
  designatedContact: boolean;
  /** What the limits on automatic mail said when counted (the flag a person reads), or null within them. */
  overLimit: string | null;
}

export interface AutoReplyVerdict {
  autoReply: AutoReply;
  /** Why a person must look before anything is answered (flags the case), or null. */
  flag: string | null;
}

export function autoReplyVerdict(f: AutoReplyFacts): AutoReplyVerdict {
  if (!f.readable) return { autoReply: 'no_address', flag: null };
  if (f.automated) return { autoReply: 'automated', flag: null };
  if (f.suspiciousAddress !== null)
    return {
      autoReply: 'suspicious_address',
      flag: staffNote('suspiciousAddress', { problem: f.suspiciousAddress }),
    };
  if (!f.answerable) return { autoReply: 'no_address', flag: staffNote('noAutoMailAddress') };
  if (f.overLimit !== null) return { autoReply: 'flood_limited', flag: f.overLimit };
  // After the limits: `restricted_channel` says "would be answered, but for the contact". Where the contact may not
  // handle the case (the other step, a disabled account) it is answered after all (designated-contact.ts
  // automaticMailVerdict), so it must never stand for mail the limits or the checks above would have stopped.
  if (f.designatedContact) return { autoReply: 'restricted_channel', flag: null };
  return { autoReply: 'allowed', flag: null };
}

/**
 * Whether the limits are to be counted for an item with these facts: it would be answered, or would be but for a
 * designated contact (who may turn out not to handle the case, and then it is answered).
 */
export function countsTowardsLimits(f: Omit<AutoReplyFacts, 'overLimit'>): boolean {
  return autoReplyVerdict({ ...f, designatedContact: false, overLimit: null }).autoReply === 'allowed';
}
