// Whether an administrator's version of a text may be saved: it must be well formed (compose.ts: known variables,
// balanced sections, the reference in the subject) and still say what the procedure requires the text to say
// (REQUIRED_PARTS in template-kinds.ts, e.g. P4.4 for the definitive answer). The web editor, its preview and the
// saving use case all ask this one function.
import type { FieldIssue } from '../case/field-issue.ts';
import { englishOfForm, type TemplateFormProblem, templateFormProblems } from './compose.ts';
import { fillTemplate, type TemplateValue } from './template-engine.ts';
import {
  REQUIRED_PARTS,
  type RequiredParts,
  TEMPLATE_VARIABLES,
  type TemplateKind,
  type TemplateText,
} from './template-kinds.ts';

/** Every problem of a version, as `subject: …` or `body: …` (English); empty when it can be saved. */
export function templateProblems(kind: TemplateKind, template: TemplateText): string[] {
  return templateProblemList(kind, template).map((p) => `${p.field}: ${p.message}`);
}

/**
 * A problem of a version: the field, an English sentence, and which problem it is, to say it in the reader's
 * language: a problem of its form (`templates.formProblems.<code>`), or a part the procedure requires
 * (`templates.required.<what>`).
 */
export interface TemplateProblem {
  field: 'subject' | 'body';
  message: string;
  /** Set for a problem of the version's form: its syntax, a part left empty, the subject without the reference. */
  form: TemplateFormProblem | null;
  /** Set for a part the procedure requires. */
  missing: MissingPart | null;
}

export interface MissingPart {
  what: string;
  rule: string;
  /** The template syntax to write, for the message. */
  params: Record<string, string>;
}

/** A problem of a version as the issue of its field, to say in the reader's language (a refusal, the editor). */
export function templateFieldIssue(p: TemplateProblem): FieldIssue {
  if (p.form) {
    const { code, ...values } = p.form;
    return { field: p.field, code: 'template_form', params: { what: code, ...values } };
  }
  if (p.missing)
    return {
      field: p.field,
      code: 'template_part',
      params: { what: p.missing.what, rule: p.missing.rule, ...p.missing.params },
    };
  return { field: p.field, code: 'custom', params: {} };
}

export function templateProblemList(kind: TemplateKind, template: TemplateText): TemplateProblem[] {
  const wellFormed = templateFormProblems(kind, template).map(
    ({ field, problem }): TemplateProblem => ({
      field,
      message: englishOfForm(problem),
      form: problem,
      missing: null,
    }),
  );
  const parts = missingPartsOf(kind, template.body).map(
    (m): TemplateProblem => ({ field: 'body', message: englishOf(m), form: null, missing: m }),
  );
  return [...wellFormed, ...parts];
}

/** A value no real text contains, so that finding it in the output proves the variable was shown. */
const probe = (name: string) => `\u27e6${name}\u27e7`;

const section = (name: string) => `{{#${name}}}…{{/${name}}}`;

/** The syntax each message names (the same in every language). */
const PARAMS: Record<string, Record<string, string>> = {
  outcome: {
    upheld: section('upheld'),
    partlyUpheld: section('partlyUpheld'),
    notUpheld: section('notUpheld'),
  },
  text: { variable: '{{text}}' },
  step2Address: { variable: '{{managementAddress}}', section: section('afterStep1') },
  step2Marker: { variable: '{{step2Marker}}', section: section('afterStep1') },
  disputeResolution: { variable: '{{disputeResolution}}', section: section('afterStep2') },
};

const ENGLISH: Record<string, string> = {
  outcome:
    'it must state the outcome ({rule}): give each of {upheld}, {partlyUpheld} and {notUpheld} its own sentence',
  text: 'it must contain the answer written for the case ({rule}): put {variable} where it is shown whatever the outcome and step, not inside another section',
  step2Address:
    'after a step-1 answer it must say where to ask for step 2 ({rule}): put {variable} inside {section}',
  step2Marker:
    'after a step-1 answer it must give the title a step-2 request carries ({rule}): put {variable} inside {section}',
  disputeResolution:
    'after a step-2 answer it must name the external dispute resolution ({rule}): put {variable} inside {section}',
};

function englishOf(m: MissingPart): string {
  const sentence = ENGLISH[m.what] ?? `it must contain ${m.what} ({rule})`;
  return sentence.replace(/\{(\w+)\}/g, (_, k: string) => (k === 'rule' ? m.rule : (m.params[k] ?? k)));
}

/** The parts the procedure requires that the body leaves out, as English sentences. */
export function missingParts(kind: TemplateKind, body: string): string[] {
  return missingPartsOf(kind, body).map((m) => `body: ${englishOf(m)}`);
}

/** The parts the procedure requires that the body leaves out, in some case it could be filled for. */
export function missingPartsOf(kind: TemplateKind, body: string): MissingPart[] {
  const required = REQUIRED_PARTS[kind];
  if (!required) return [];
  const variants = combinations(kind, required).map((vars) => ({ vars, text: fillTemplate(body, vars) }));
  const problems: MissingPart[] = [];
  for (const part of required.parts) {
    let missing = false;
    if ('shows' in part) {
      missing = variants.some(
        (v) => (part.when === undefined || v.vars[part.when] === true) && !v.text.includes(probe(part.shows)),
      );
    } else {
      // Each flag of the group adds something to the text (it is said, not left to silence), and texts that
      // differ only in which flag is set differ from each other.
      const groups = new Map<string, Set<string>>();
      for (const v of variants) {
        const none = { ...v.vars, ...Object.fromEntries(part.tellsApart.map((k) => [k, false])) };
        if (fillTemplate(body, none) === v.text) missing = true;
        const rest = Object.entries(v.vars).filter(([k]) => !part.tellsApart.includes(k));
        const key = JSON.stringify(rest);
        const seen = groups.get(key) ?? new Set<string>();
        seen.add(v.text);
        groups.set(key, seen);
      }
      if ([...groups.values()].some((texts) => texts.size < part.tellsApart.length)) missing = true;
    }
    if (missing) problems.push({ what: part.what, rule: part.rule, params: PARAMS[part.what] ?? {} });
  }
  return problems;
}

/** Every combination of values a real text of this kind can be filled with. */
function combinations(kind: TemplateKind, required: RequiredParts): Record<string, TemplateValue>[] {
  const flags = new Set([...required.oneOf.flat(), ...required.optional]);
  const base: Record<string, TemplateValue> = {};
  for (const name of TEMPLATE_VARIABLES[kind]) if (!flags.has(name)) base[name] = probe(name);
  let out: Record<string, TemplateValue>[] = [base];
  for (const group of required.oneOf)
    out = out.flatMap((vars) =>
      group.map((chosen) => ({ ...vars, ...Object.fromEntries(group.map((g) => [g, g === chosen])) })),
    );
  for (const name of required.optional)
    out = out.flatMap((vars) => [
      { ...vars, [name]: probe(name) },
      { ...vars, [name]: null },
    ]);
  return out;
}
