// English texts of accounts by mail: invitations e-mailed, "Forgot your password?" and the reset page. Merged
// into the shell's texts in index.ts (deep, so these keys add to signIn, users, flash, errors, audit);
// accounts.fr.ts and accounts.de.ts have exactly the same keys (the type checks it).

export const accountsEn = {
  signIn: {
    forgotLink: 'Forgot your password?',
  },
  forgot: {
    title: 'Forgot your password?',
    intro:
      'Type the e-mail address of your account. If an account has this address, a link to choose a new password is sent to it.',
    email: 'E-mail address',
    submit: 'Send the link',
    sent: 'If an account has the address {{email}}, a link to choose a new password has just been sent to it. It works once, for one hour. Nothing arrived? Check the spam folder, or ask an administrator.',
    back: 'Back to signing in',
  },
  reset: {
    title: 'Choose a new password',
    intro: 'Choose a new password for {{email}}. Your other sessions will end.',
  },
  users: {
    openCases_one: '{{name}} owns {{count}} open case.',
    openCases_other: '{{name}} owns {{count}} open cases.',
    openCasesDisabled_one:
      '{{name}} still owns {{count}} open case, which nobody works while the account is disabled: a team lead hands it over to a colleague from the queues (“Someone is away”).',
    openCasesDisabled_other:
      '{{name}} still owns {{count}} open cases, which nobody works while the account is disabled: a team lead hands them over to a colleague from the queues (“Someone is away”).',
    invitationSentTitle: 'Invitation sent to {{email}}',
    invitationSent:
      'An e-mail with a link to choose a password is on its way to {{email}}. The link works once, until {{until}}.',
    invitationMailOff:
      'Outbound mail is switched off, so no e-mail was sent: give {{name}} this link yourself. It lets them choose a password until {{until}}, once.',
    sendInvitation: 'Send a new sign-in link',
    sendInvitationHint:
      'For a lost password or an expired invitation: the link goes to the account’s address; any earlier link stops working. The current password stays valid until they choose a new one.',
  },
  errors: {
    reset_throttled: 'Too many requests for a new password. Try again in {{minutes}} minutes.',
  },
  files: {
    view: 'View',
    viewNamed: 'View {{name}}',
  },
  auditActions: {
    password_reset_requested: 'New password asked for',
    password_reset: 'Password reset',
  },
};

export type AccountsMessages = typeof accountsEn;
