// Web forms that mail what a person typed (WordPress Contact Form 7, WPForms, Gravity Forms, Elementor, Ninja
// Forms, Typeform, Jotform, a site's own script) write from a robot address of theirs and put the person's
// address in Reply-To or in a field of the body. The reading recognises them by that shape, whatever the
// configured `relaySenders` list says; where automatic mail may go is decided elsewhere, by the stricter rule
// of DESIGN.md "Outbound mail" (complainant.ts `messageSender`).
import { fold } from './fold.ts';
import type { MailAddress } from './parsed-message.ts';
import { joinedLines, linesOf } from './text-lines.ts';

/** Local parts that robots, not people, write from (folded; a `-suffix` or `+tag` may follow). */
const ROBOT_LOCAL_PART =
  /^(no-?reply|do-?not-?reply|donotreply|ne-?pas-?repondre|nepasrepondre|keine-?antwort|wordpress|forms?|formulaire|formulaires|formular|kontaktformular|webforms?|web-?form|contact-?form|contactform|wpforms|gravityforms|ninjaforms|typeform|jotform|elementor|notifications?|notify|automailer|mailer|website|site-?web|webseite)([-+._][a-z0-9-]*)?$/;

/** Is this address one a form or a robot writes from? */
export function isRobotAddress(address: MailAddress | null | undefined): boolean {
  const local = address?.address.split('@')[0];
  return local !== undefined && ROBOT_LOCAL_PART.test(fold(local));
}

/** What the body's labelled fields say about the person (labelled-fields.ts). */
export interface FormFields {
  email: string | null;
  /** Labelled lines that name the person or carry their message. */
  formFields: number;
}

/**
 * Is the message a form relay: a robot sender, or a sender whose Reply-To is the very address the body's
 * e-mail field gives, in a body laid out as a form (two fields or more)?
 */
export function isFormRelay(
  from: MailAddress | null,
  replyTo: readonly MailAddress[],
  fields: FormFields,
  labelledEmail: string | null,
): boolean {
  if (!from) return false;
  if (isRobotAddress(from)) return replyTo.length > 0 || labelledEmail !== null || fields.formFields >= 2;
  const reply = replyTo[0]?.address.toLowerCase();
  return (
    replyTo.length === 1 &&
    reply !== undefined &&
    reply !== from.address.toLowerCase() &&
    labelledEmail === reply &&
    fields.formFields >= 2
  );
}

/**
 * Lines a form service writes under the person's text: "This e-mail was sent from a contact form on …", "(Sent via …)",
 * "Cet e-mail a été envoyé via le formulaire de contact de …", "Diese E-Mail wurde über das Kontaktformular
 * … gesendet", "Powered by …". Their links are the service's or the form's site, not a domain of the person.
 */
export const FORM_FOOTER =
  /^[-–—_*\s]*(\((sent|submitted|envoye|gesendet) (via|from|through|depuis|par|uber|von) [^()]{1,120}\)$|this (e-?mail|message|mail|notification) (was|has been) (sent|submitted|generated)|sent (from|via|using|through) (a|the|your|our) ([\w-]+ )?(contact )?form|submitted (via|from|through|on) |(powered|generated) by |cet (e-?mail|courriel|mail) a ete (envoye|genere|soumis)|ce (message|courriel|mail) a ete (envoye|genere|soumis)|envoye (depuis|via|a partir) (le|du|un) formulaire|message envoye depuis|genere par |propulse par |diese (e-?mail|nachricht|mail) wurde (uber|von|vom|mit|durch|automatisch)|gesendet (uber|von|mit) (dem|das|einem) (kontakt)?formular|erstellt mit |bereitgestellt von )/;

/** The text without the lines a form service adds under it (see FORM_FOOTER). */
export function withoutFormFooter(text: string): string {
  if (
    !/(form|formul|powered|propuls|gener|bereitgestellt|erstellt|submitted|envoy|sent|gesendet)/i.test(text)
  )
    return text;
  const lines = linesOf(text);
  const kept: string[] = [];
  const keptFolded: (string | undefined)[] = [];
  for (let i = 0; i < lines.raw.length; i++) {
    const line = lines.raw[i] ?? '';
    // (Folding makes every apostrophe and single quote a plain one.) A longer line is no footer.
    const folded = line.length <= 300 ? lines.folded(i) : undefined;
    if (folded !== undefined && FORM_FOOTER.test(folded)) continue;
    kept.push(line);
    keptFolded.push(folded);
  }
  return kept.length === lines.raw.length ? text : joinedLines(kept, keptFolded).text;
}
