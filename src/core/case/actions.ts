// The case actions, each declared once: what a person may do to a case through a door (the staff pages and the
// API), which rule of src/core/access/case-access.ts says who may do it at which step, where each door serves it,
// the words the page shows, whether it writes to the complainant (and so needs an address to answer), and the probe
// command put to the core to know whether the procedure allows it on a case now. The role table, the page's list of
// actions, the web routes, the API routes and the OpenAPI document are all made from this list (their input schemas
// sit beside it in src/adapters/http/case-actions.ts, since zod stays out of the core), so they cannot drift.
import type { CaseAct } from '../access/case-access.ts';
import type { CaseCommand } from './case.ts';
import type { OtherReason } from './model.ts';

/** A value no real id, category or department ever has: a probe command is decided, never saved. */
export const PROBE = '\u0000probe';

type DoorCommand = Exclude<CaseCommand, { type: 'receive' }>;

export interface CaseActionSpec {
  /** The commands of the core (src/core/case/case.ts) this action gives: the use cases check them as this act. */
  readonly commands: readonly DoorCommand['type'][];
  /** The rule of case-access.ts that says who may do this on which case (and so which roles may call it). */
  readonly act: CaseAct;
  /** The web door: `POST /cases/:id/<web>`. */
  readonly web: string;
  /** The API door: `POST /api/v1/cases/:id/<api>`. */
  readonly api: string;
  /** The i18n key (under `staff.actions.`) of the action's title on the page, and of its submit button (`…Submit`). */
  readonly label: string;
  /** Writes to the complainant: without an address to answer it is not offered (src/core/case/reachability.ts). */
  readonly writesToComplainant: boolean;
  /**
   * How the page knows the procedure allows it now: a probe command the core must accept (nothing is saved),
   * `extension` when some extension window must be possible (P4.3: before the answer-by date), or `always`
   * when only the door can tell (a merge needs the other case).
   */
  readonly offer: DoorCommand | 'extension' | 'always';
}

export const CASE_ACTIONS = {
  assign: {
    commands: ['assign'],
    act: 'assign',
    web: 'assign',
    api: 'assign',
    label: 'assign',
    writesToComplainant: false,
    offer: { type: 'assign', to: PROBE },
  },
  categorise: {
    commands: ['categorise'],
    act: 'categorise',
    web: 'categorise',
    api: 'categorise',
    label: 'categorise',
    writesToComplainant: false,
    offer: { type: 'categorise', category: PROBE },
  },
  note: {
    commands: ['add_note'],
    act: 'note',
    web: 'note',
    api: 'notes',
    label: 'note',
    writesToComplainant: false,
    offer: { type: 'add_note', text: 'x' },
  },
  acknowledge: {
    commands: ['acknowledge'],
    act: 'acknowledge',
    web: 'acknowledge',
    api: 'acknowledge',
    label: 'acknowledge',
    writesToComplainant: true,
    offer: { type: 'acknowledge', channel: 'email', correspondenceId: null },
  },
  request_information: {
    commands: ['request_information'],
    act: 'request_information',
    web: 'request-information',
    api: 'request-information',
    label: 'requestInformation',
    writesToComplainant: true,
    offer: { type: 'request_information', missing: [], note: null, correspondenceId: null },
  },
  reply: {
    commands: ['reply'],
    act: 'reply',
    web: 'reply',
    api: 'reply',
    label: 'reply',
    writesToComplainant: true,
    offer: { type: 'reply', kind: 'reply', correspondenceId: null },
  },
  extend: {
    commands: ['extend'],
    act: 'extend',
    web: 'extend',
    api: 'extend',
    label: 'extend',
    writesToComplainant: true,
    offer: 'extension',
  },
  answer: {
    commands: ['answer'],
    act: 'answer',
    web: 'answer',
    api: 'answer',
    label: 'answer',
    writesToComplainant: true,
    offer: { type: 'answer', outcome: 'upheld', text: null, remedy: null, correspondenceId: null },
  },
  escalate: {
    commands: ['escalate'],
    act: 'escalate',
    web: 'escalate',
    api: 'escalate',
    label: 'escalate',
    writesToComplainant: false,
    offer: { type: 'escalate', step2CaseId: PROBE, step2Reference: PROBE },
  },
  close: {
    commands: ['close'],
    act: 'close',
    web: 'close',
    api: 'close',
    label: 'close',
    writesToComplainant: false,
    offer: { type: 'close', reason: 'x' },
  },
  reopen: {
    commands: ['reopen'],
    act: 'reopen',
    web: 'reopen',
    api: 'reopen',
    label: 'reopen',
    writesToComplainant: false,
    offer: { type: 'reopen', reason: 'x' },
  },
  merge: {
    commands: ['merge_into', 'absorb_duplicate'],
    act: 'merge',
    web: 'merge',
    api: 'merge',
    label: 'merge',
    writesToComplainant: false,
    offer: 'always',
  },
  forward: {
    commands: ['forward_suggestion'],
    act: 'forward',
    web: 'forward',
    api: 'forward',
    label: 'forward',
    writesToComplainant: false,
    offer: { type: 'forward_suggestion', department: PROBE, note: null },
  },
  suggestion_acknowledge: {
    commands: ['department_acknowledge_suggestion'],
    act: 'suggestion_acknowledge',
    web: 'suggestion-acknowledge',
    api: 'suggestion-acknowledge',
    label: 'suggestionAcknowledge',
    writesToComplainant: false,
    offer: { type: 'department_acknowledge_suggestion' },
  },
  suggestion_done: {
    commands: ['complete_suggestion'],
    act: 'suggestion_done',
    web: 'suggestion-done',
    api: 'suggestion-done',
    label: 'suggestionDone',
    writesToComplainant: false,
    offer: { type: 'complete_suggestion', note: null },
  },
  reclassify: {
    commands: ['reclassify'],
    act: 'reclassify',
    web: 'reclassify',
    api: 'reclassify',
    label: 'reclassify',
    // What follows (an acknowledgement, a thank-you) goes as at any door, when it may; the change itself writes
    // nothing to the complainant, so it is offered without an address too (an abuse report made `other`).
    writesToComplainant: false,
    // A reason no case has: the probe is never "already so", only refused where no change of kind is allowed.
    offer: { type: 'reclassify', kind: 'other', reason: PROBE as OtherReason, note: null },
  },
} as const satisfies Record<string, CaseActionSpec>;

export type CaseActionName = keyof typeof CASE_ACTIONS;
export const CASE_ACTION_NAMES = Object.keys(CASE_ACTIONS) as CaseActionName[];

/** `POST /cases/:id/<web>` of each action, as the role table names it. */
export type CaseActionWebKey = {
  [K in CaseActionName]: `POST /cases/:id/${(typeof CASE_ACTIONS)[K]['web']}`;
}[CaseActionName];
/** `POST /api/v1/cases/:id/<api>` of each action, as the role table names it. */
export type CaseActionApiKey = {
  [K in CaseActionName]: `POST /api/v1/cases/:id/${(typeof CASE_ACTIONS)[K]['api']}`;
}[CaseActionName];

export const webRouteKey = (name: CaseActionName): CaseActionWebKey =>
  `POST /cases/:id/${CASE_ACTIONS[name].web}` as CaseActionWebKey;
export const apiRouteKey = (name: CaseActionName): CaseActionApiKey =>
  `POST /api/v1/cases/:id/${CASE_ACTIONS[name].api}` as CaseActionApiKey;

/**
 * The actions the procedure allows on a case now, before asking who is looking: `accepts` puts a probe command
 * to the core, `extensible` says whether some extension window would be accepted, `reachable` whether the
 * complainant has an address to answer, `lettersToPost` whether letters wait to be posted (the acknowledgement
 * is then on its way by post).
 */
export function offeredActions(o: {
  merged: boolean;
  accepts: (command: DoorCommand) => boolean;
  extensible: boolean;
  reachable: boolean;
  lettersToPost: boolean;
}): Set<CaseActionName> {
  const out = new Set<CaseActionName>();
  if (o.merged) return out;
  for (const name of CASE_ACTION_NAMES) {
    const a: CaseActionSpec = CASE_ACTIONS[name];
    if (a.writesToComplainant && !o.reachable) continue;
    if (name === 'acknowledge' && o.lettersToPost) continue;
    const ok = a.offer === 'always' ? true : a.offer === 'extension' ? o.extensible : o.accepts(a.offer);
    if (ok) out.add(name);
  }
  return out;
}

/** Commands no door sends as a case action, and the act of the access rules each counts as. */
const OTHER_COMMANDS: Partial<Record<DoorCommand['type'], CaseAct>> = {
  mark_letter_posted: 'post_letter',
  file_correspondence: 'file_correspondence',
};

/**
 * Which act of the access rules a command is, for the use cases that check who gives it: the registry's, else
 * the letters and the inbox's, else handling the case (a command the doors never send on its own).
 */
export function actOfCommand(type: DoorCommand['type']): CaseAct {
  for (const name of CASE_ACTION_NAMES) {
    const a: CaseActionSpec = CASE_ACTIONS[name];
    if (a.commands.includes(type)) return a.act;
  }
  return OTHER_COMMANDS[type] ?? 'note';
}
