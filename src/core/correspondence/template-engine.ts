// The small template language of outbound texts, plain text in and out (mail bodies, letters):
//   {{name}}            the value of a variable (nothing when it is empty)
//   {{#name}}…{{/name}} the part shown when the variable is set (a non-empty string, or true)
//   {{^name}}…{{/name}} the part shown when it is not
// Administrators edit these texts (versions kept); `checkTemplate` names what is wrong before a version is saved.

export type TemplateValue = string | boolean | null;
export type TemplateVariables = Readonly<Record<string, TemplateValue>>;

const TOKEN = /\{\{\s*([#^/]?)\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

interface Token {
  kind: '' | '#' | '^' | '/';
  name: string;
  start: number;
  end: number;
}

/** The tokens of the texts in use, found once: every acknowledgement is filled from the same few templates. */
const tokenized = new Map<string, readonly Token[]>();

function tokens(source: string): readonly Token[] {
  let found = tokenized.get(source);
  if (!found) {
    found = [...source.matchAll(TOKEN)].map((m) => ({
      kind: m[1] as Token['kind'],
      name: m[2]!,
      start: m.index,
      end: m.index + m[0].length,
    }));
    if (tokenized.size >= 256) tokenized.clear();
    tokenized.set(source, found);
  }
  return found;
}

const isSet = (v: TemplateValue | undefined) => v !== undefined && v !== null && v !== false && v !== '';

/**
 * A problem of a template text, with the pieces of template syntax its sentence names (written out, the same in
 * every language), so that each language says it (templates.formProblems.<code>).
 */
export type TemplateSyntaxProblem =
  | { code: 'unknown_variable'; token: string; known: string }
  | { code: 'closes_other'; token: string; open: string; close: string }
  | { code: 'closes_unopened'; token: string }
  | { code: 'never_closed'; open: string; close: string }
  | { code: 'stray_braces'; open: string; close: string; example: string };

/** Problems of a template text: unbalanced sections, unknown variables. Empty when it can be used. */
export function templateTextProblems(source: string, allowed: ReadonlySet<string>): TemplateSyntaxProblem[] {
  const problems: TemplateSyntaxProblem[] = [];
  const open: string[] = [];
  for (const t of tokens(source)) {
    if (!allowed.has(t.name))
      problems.push({
        code: 'unknown_variable',
        token: `{{${t.kind}${t.name}}}`,
        known: [...allowed].join(', '),
      });
    if (t.kind === '#' || t.kind === '^') open.push(t.name);
    else if (t.kind === '/') {
      const last = open.pop();
      if (last !== t.name)
        problems.push(
          last
            ? { code: 'closes_other', token: `{{/${t.name}}}`, open: `{{${last}}}`, close: `{{/${last}}}` }
            : { code: 'closes_unopened', token: `{{/${t.name}}}` },
        );
    }
  }
  for (const name of open)
    problems.push({ code: 'never_closed', open: `{{#${name}}}`, close: `{{/${name}}}` });
  if (/\{\{|\}\}/.test(source.replace(TOKEN, '')))
    problems.push({ code: 'stray_braces', open: '{{', close: '}}', example: '{{name}}' });
  return problems;
}

/** A problem of a template text in English (logs, the command line). */
export function englishOfSyntax(p: TemplateSyntaxProblem): string {
  switch (p.code) {
    case 'unknown_variable':
      return `${p.token} is not a variable of this template (known: ${p.known})`;
    case 'closes_other':
      return `${p.token} closes a section, but ${p.open} was opened last: close ${p.close} first`;
    case 'closes_unopened':
      return `${p.token} closes a section that was never opened`;
    case 'never_closed':
      return `the section ${p.open} is never closed: add ${p.close}`;
    case 'stray_braces':
      return `a "${p.open}" or "${p.close}" is not part of a variable: write variables as ${p.example}`;
  }
}

/** Problems of a template text in English: unbalanced sections, unknown variables. Empty when it can be used. */
export function checkTemplateText(source: string, allowed: ReadonlySet<string>): string[] {
  return templateTextProblems(source, allowed).map(englishOfSyntax);
}

/** Fills a template. Sections nest; a variable that is not given renders as nothing. */
export function fillTemplate(source: string, vars: TemplateVariables): string {
  const all = tokens(source);
  let out = '';
  let pos = 0;
  // A stack of sections; `hidden` counts enclosing sections that are not shown.
  const stack: { name: string; shown: boolean }[] = [];
  let hidden = 0;
  for (const t of all) {
    if (hidden === 0) out += source.slice(pos, t.start);
    pos = t.end;
    if (t.kind === '') {
      if (hidden === 0) {
        const v = vars[t.name];
        out += typeof v === 'string' ? v : '';
      }
    } else if (t.kind === '#' || t.kind === '^') {
      const shown = t.kind === '#' ? isSet(vars[t.name]) : !isSet(vars[t.name]);
      stack.push({ name: t.name, shown });
      if (!shown) hidden++;
    } else {
      const top = stack.pop();
      if (top && !top.shown) hidden--;
    }
  }
  if (hidden === 0) out += source.slice(pos);
  return tidy(out);
}

/** Removes the blank lines that empty sections leave behind: at most one empty line in a row, none at the ends. */
function tidy(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
