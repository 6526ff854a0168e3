// A message that a door could not store after several tries (the IMAP poller sets such a message aside:
// imap-poller.ts) is still put before staff, the way a message that could not be read is: stored byte for byte,
// not read, waiting in the inbox with the reason in words for a person (prepare-email.ts `unreadEmail`, filed by
// the filing rule as an unreadable message). One rule for both, so staff find them in one place.

import type { AppContext } from './context.ts';
import type { EmailIntake } from './email-intake.ts';
import { type InboundEmail, unreadEmail } from './prepare-email.ts';
import type { ReceivedEmail } from './receive-email.ts';

/** Files `email` unread in the inbox, `problem` saying why and where the message was put. */
export function fileSetAside(
  ctx: AppContext,
  intake: EmailIntake,
  email: InboundEmail,
  problem: string,
): Promise<ReceivedEmail> {
  return intake.receivePrepared(unreadEmail(email, ctx.clock.now(), problem));
}
