// Mail about a staff account (an invitation, a password-reset link), queued in the caller's transaction through
// the outbox like every other outbound mail: one recipient, the account's own stored address (never an address
// typed into a form), in the account's language. The link is built from the configured public address, never from
// the request's Host header, which whoever sends the request chooses. Its token is kept apart from the text kept
// (core/correspondence/link-token.ts): whoever reads what was sent, or copies the database, cannot take the account.
import type { User } from '../adapters/db/accounts.repo.ts';
import type { Db } from '../adapters/db/database.ts';
import { type AccountMailKind, accountMail } from '../core/access/account-mail.ts';
import { formatDateTime } from '../core/correspondence/compose.ts';
import { linkWithoutToken } from '../core/correspondence/link-token.ts';
import type { AppContext } from './context.ts';
import { organisationDetails, queueEmail } from './outbound-mail.ts';

const PATHS: Record<AccountMailKind, string> = {
  account_invitation: '/invitation/',
  password_reset: '/reset-password/',
};

/** The set-your-password page of a link, at the organisation's public address. */
export function accountLink(ctx: AppContext, kind: AccountMailKind, token: string): string {
  return `${organisationDetails(ctx.config).publicUrl}${PATHS[kind]}${token}`;
}

/** Puts the mail in the outbox (in `db`, the caller's transaction); returns its outbox id. */
export function queueAccountMail(
  ctx: AppContext,
  db: Db,
  input: { kind: AccountMailKind; user: User; token: string; expiresAt: string; actor: string },
): Promise<string> {
  const { user } = input;
  const mail = accountMail(input.kind, user.language, {
    organisation: ctx.config.organisation.name,
    name: user.name,
    email: user.email,
    link: linkWithoutToken(accountLink(ctx, input.kind, input.token)),
    until: formatDateTime(input.expiresAt, user.language, ctx.config.timezone),
  });
  return queueEmail(ctx, db, {
    caseId: null,
    purpose: input.kind,
    audience: 'staff',
    fromRole: 'complaints',
    to: user.email,
    subject: mail.subject,
    text: mail.text,
    language: user.language,
    inReplyTo: null,
    references: [],
    autoSubmitted: 'auto-generated',
    attachments: [],
    templateVersion: null,
    actor: input.actor,
    linkToken: input.token,
  });
}
