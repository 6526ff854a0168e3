// Building blocks of the staff application (queues, case page, letters, complainants, search): the clock in
// working days with its urgency in words (never colour alone), local dates, who did something, check boxes and
// radio groups with labels, and a refusal shown where the person acted, in their language.
import type { FastifyRequest } from 'fastify';
import { html } from 'hono/html';
import { AccessError } from '../../../core/access/access-error.ts';
import type { Language } from '../../../core/case/model.ts';
import { DomainError } from '../../../core/case/refusal.ts';
import { formRefusal } from '../forms.ts';
import type { Translate } from '../i18n/index.ts';
import { type FormState, type Html, number } from './components.ts';

/** A member of staff in a list to choose from: name and role, and a disabled account said in words. */
export function staffMemberLabel(t: Translate, m: { name: string; role: string; status?: string }): string {
  const role = t(`roles.${m.role}`);
  return m.status === 'disabled'
    ? `${m.name} (${role}, ${t('staff.accountDisabled')})`
    : `${m.name} (${role})`;
}

export { localDay, localDayText } from './components.ts';

export type Urgency = 'overdue' | 'today' | 'soon' | 'later' | 'none';

/** The clock of a row or a case: working days left (or overdue), with its urgency as a class AND as words. */
export function clockBadge(
  t: Translate,
  lang: Language,
  urgency: Urgency,
  workingDaysLeft: number | null,
  /** The deadline the clock is about: an acknowledgement not yet sent says so (src/core/case/clock.ts). */
  dueFor: 'acknowledge' | 'answer' | null = 'answer',
): Html {
  if (workingDaysLeft === null || urgency === 'none') return html`<span class="muted">—</span>`;
  const n = Math.abs(workingDaysLeft);
  const text =
    dueFor === 'acknowledge'
      ? urgency === 'overdue'
        ? t('staff.clock.acknowledgeOverdue')
        : t('staff.clock.acknowledgeDue')
      : urgency === 'overdue'
        ? t(n === 1 ? 'staff.clock.overdueOne' : 'staff.clock.overdue', { days: number(lang, n) })
        : urgency === 'today'
          ? t('staff.clock.today')
          : t(n === 1 ? 'staff.clock.leftOne' : 'staff.clock.left', { days: number(lang, n) });
  const label = t(`staff.urgency.${urgency}`);
  return html`<span class="clock urgency-${urgency}"><span class="urgency-label">${label}</span> ${text}</span>`;
}

/** Who did something, as a person reads it: a colleague's name, a mailbox, the system, the API. */
export function actorLabel(t: Translate, names: ReadonlyMap<string, string>, actor: string | null): string {
  if (!actor) return t('common.none');
  if (actor.startsWith('user:')) return names.get(actor.slice(5)) ?? t('staff.actors.formerColleague');
  if (names.has(actor)) return names.get(actor)!;
  if (actor.startsWith('mailbox:')) return t('staff.actors.mailbox', { name: actor.slice(8) });
  if (actor.startsWith('token:')) return t('staff.actors.api');
  if (actor === 'system') return t('staff.actors.system');
  if (actor === 'cli') return t('staff.actors.cli');
  return actor;
}

export function checkbox(o: {
  id: string;
  name: string;
  value: string;
  label: string;
  checked?: boolean;
  form?: string;
  labelHidden?: boolean;
}): Html {
  return html`<input type="checkbox" id="${o.id}" name="${o.name}" value="${o.value}"${o.checked ? html` checked` : ''}${
    o.form ? html` form="${o.form}"` : ''
  }> <label for="${o.id}"${o.labelHidden ? html` class="visually-hidden"` : ''}>${o.label}</label>`;
}

/** A group of radio buttons or check boxes in a fieldset with its legend, with the field's error if any. */
export function choiceGroup(o: {
  form: string;
  name: string;
  legend: string;
  type: 'radio' | 'checkbox';
  state: FormState;
  options: ReadonlyArray<{ value: string; label: string }>;
  /** Checked values when the form is first shown. */
  checked?: readonly string[];
  hint?: string;
}): Html {
  const error = o.state.errors[o.name];
  const sent = o.state.values[o.name];
  const checked = sent !== undefined ? sent.split(', ') : (o.checked ?? []);
  const id = `${o.form}-${o.name}`;
  return html`<fieldset class="field choices${error ? ' has-error' : ''}" id="${id}"${
    error ? html` aria-describedby="${id}-error"` : ''
  }>
    <legend>${o.legend}</legend>
    ${o.hint ? html`<p class="hint">${o.hint}</p>` : ''}
    ${error ? html`<p class="error-text" id="${id}-error">${error}</p>` : ''}
    ${o.options.map(
      (opt, i) =>
        html`<div class="choice"><input type="${o.type}" id="${id}-${i}" name="${o.name}" value="${opt.value}"${
          checked.includes(opt.value) ? html` checked` : ''
        }> <label for="${id}-${i}">${opt.label}</label></div>`,
    )}
  </fieldset>`;
}

/**
 * A refusal as form state: the message in the reader's language, with the dates and times it names written as the
 * rest of the page writes them (local days, instants in the organisation's time zone): errors.ts `problemOf`. A
 * refusal that carries its values (or which of its code's refusals it is) is said by its translated sentence in
 * every language. One that carries nothing keeps, in English, the core's own sentence, which says more than its
 * code's; in another language the code's sentence is shown alone, never the English beside it.
 */
export function refusalState(
  request: FastifyRequest,
  error: unknown,
  fieldOf: Record<string, string> = {},
): { state: FormState; status: number } {
  const result = formRefusal(request, error, fieldOf);
  if (request.lang !== 'en') return result;
  if (!(error instanceof DomainError) && !(error instanceof AccessError)) return result;
  const said = Object.keys(error.details ?? {}).some((k) => k !== 'field');
  const core = error.message;
  if (said || !core || core.startsWith('The role ')) return result;
  const { state } = result;
  const field = Object.keys(state.errors)[0];
  if (field) state.errors[field] = core;
  else state.message = core;
  return result;
}

/** A named block of the page that an action's form opens in, open when it holds a refusal. */
export function actionBlock(o: {
  id: string;
  title: string;
  open: boolean;
  body: Html;
  tone?: 'danger';
}): Html {
  return html`<details class="action${o.tone ? ` action-${o.tone}` : ''}" id="${o.id}"${o.open ? html` open` : ''}>
    <summary>${o.title}</summary>
    <div class="action-body">${o.body}</div>
  </details>`;
}
