// The e-mails about a staff account: the invitation an administrator sends, and the password-reset link a person
// asks for on the sign-in page. Written by us in FR, EN and DE, in the account's language. Pure: the link, the
// expiry (already formatted for the reader) and the names come in as values.
import type { Language } from '../case/model.ts';

export type AccountMailKind = 'account_invitation' | 'password_reset';

export interface AccountMailValues {
  organisation: string;
  name: string;
  email: string;
  link: string;
  /** When the link stops working, as the reader reads dates. */
  until: string;
}

type Texts = Record<AccountMailKind, (v: AccountMailValues) => { subject: string; text: string }>;

const TEXTS: Record<Language, Texts> = {
  en: {
    account_invitation: (v) => ({
      subject: `${v.organisation}: your account for handling complaints`,
      text: [
        `Hello ${v.name},`,
        '',
        `An account has been opened for you (${v.email}) in Redress, where ${v.organisation} handles complaints and suggestions.`,
        '',
        'To start, choose your password by following this link:',
        v.link,
        '',
        `The link works once and until ${v.until}. If it has expired, ask an administrator for a new one.`,
        '',
        'If you were not expecting this message, you can ignore it; nothing happens without the link.',
      ].join('\n'),
    }),
    password_reset: (v) => ({
      subject: `${v.organisation}: choosing a new password`,
      text: [
        `Hello ${v.name},`,
        '',
        `Someone asked to choose a new password for the account ${v.email}. To do so, follow this link:`,
        v.link,
        '',
        `The link works once and until ${v.until}. Choosing a new password signs the account out everywhere else.`,
        '',
        'If you did not ask for this, you can ignore this message: your password stays as it is.',
      ].join('\n'),
    }),
  },
  fr: {
    account_invitation: (v) => ({
      subject: `${v.organisation} : votre compte pour le traitement des réclamations`,
      text: [
        `Bonjour ${v.name},`,
        '',
        `Un compte a été ouvert à votre nom (${v.email}) dans Redress, où ${v.organisation} traite les réclamations et les suggestions.`,
        '',
        'Pour commencer, choisissez votre mot de passe en suivant ce lien :',
        v.link,
        '',
        `Le lien ne sert qu’une fois et reste valable jusqu’au ${v.until}. S’il a expiré, demandez-en un nouveau à un administrateur.`,
        '',
        'Si vous n’attendiez pas ce message, vous pouvez l’ignorer : rien ne se passe sans le lien.',
      ].join('\n'),
    }),
    password_reset: (v) => ({
      subject: `${v.organisation} : choisir un nouveau mot de passe`,
      text: [
        `Bonjour ${v.name},`,
        '',
        `Quelqu’un a demandé à choisir un nouveau mot de passe pour le compte ${v.email}. Pour le faire, suivez ce lien :`,
        v.link,
        '',
        `Le lien ne sert qu’une fois et reste valable jusqu’au ${v.until}. Choisir un nouveau mot de passe ferme les autres sessions du compte.`,
        '',
        'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.',
      ].join('\n'),
    }),
  },
  de: {
    account_invitation: (v) => ({
      subject: `${v.organisation}: Ihr Konto für die Bearbeitung von Beschwerden`,
      text: [
        `Guten Tag ${v.name},`,
        '',
        `für Sie (${v.email}) wurde ein Konto in Redress eingerichtet, wo ${v.organisation} Beschwerden und Anregungen bearbeitet.`,
        '',
        'Wählen Sie zuerst Ihr Passwort über diesen Link:',
        v.link,
        '',
        `Der Link gilt einmal und bis ${v.until}. Ist er abgelaufen, bitten Sie eine Administratorin oder einen Administrator um einen neuen.`,
        '',
        'Falls Sie diese Nachricht nicht erwartet haben, können Sie sie ignorieren; ohne den Link geschieht nichts.',
      ].join('\n'),
    }),
    password_reset: (v) => ({
      subject: `${v.organisation}: ein neues Passwort wählen`,
      text: [
        `Guten Tag ${v.name},`,
        '',
        `Für das Konto ${v.email} wurde ein neues Passwort angefordert. Folgen Sie dazu diesem Link:`,
        v.link,
        '',
        `Der Link gilt einmal und bis ${v.until}. Mit dem neuen Passwort werden alle anderen Sitzungen des Kontos beendet.`,
        '',
        'Falls Sie das nicht angefordert haben, ignorieren Sie diese Nachricht: Ihr Passwort bleibt unverändert.',
      ].join('\n'),
    }),
  },
};

export function accountMail(
  kind: AccountMailKind,
  language: Language,
  values: AccountMailValues,
): { subject: string; text: string } {
  return TEXTS[language][kind](values);
}

/** How long a password-reset link works: short, since it is asked for by whoever knows the address. */
export const RESET_LINK_HOURS = 1;

/**
 * Whether one more reset request may be answered with mail: requests are counted per address asked about and per
 * client over the sign-in window, whether an account exists or not (so the limit says nothing about accounts).
 */
export function resetRequestBlocked(
  counts: { account: number; client: number },
  limits: { perAccount: number; perClient: number },
): 'account' | 'client' | null {
  if (counts.account >= limits.perAccount) return 'account';
  if (counts.client >= limits.perClient) return 'client';
  return null;
}
