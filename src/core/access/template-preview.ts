// Which case the template editor's preview and test send render a draft with. A text rendered with a case shows
// its complainant's name, its subject, its outcome and the reasons of its extensions: that is reading the case. So a
// person sees a draft filled with a real case only where the case rule (case-access.ts) lets them read that case;
// otherwise (an administrator, who reads no case) with the made-up sample case
// (src/core/correspondence/preview-sample.ts). A reference the person may not read is answered as one that names
// no case, so the preview never tells anyone which references exist beyond those they may read.
import { KINDS } from '../case/model.ts';
import { type CaseScope, canRead, type Staff } from './case-access.ts';

/**
 * What the preview is rendered with: the case (`case`), the sample case (`sample`), or nothing but the refusal
 * "there is no such case" (`not_found`), for a reference named by someone who reads cases but not this one.
 */
export type PreviewSource = 'case' | 'sample' | 'not_found';

/** Whether the person may read at least one kind of case (with their own departments, for a department member). */
function readsSomeCase(v: Staff): boolean {
  return KINDS.some((kind) =>
    [null, ...v.departments].some((department) => canRead(v, { kind, department })),
  );
}

/**
 * `found`: the case the preview would use (the one whose reference was named, else the latest complaint), null
 * when there is none; `named`: whether a reference was typed in.
 */
export function templatePreviewSource(
  v: Staff,
  found: Pick<CaseScope, 'kind' | 'department'> | null,
  named: boolean,
): PreviewSource {
  if (found && canRead(v, found)) return 'case';
  return named && readsSomeCase(v) ? 'not_found' : 'sample';
}
