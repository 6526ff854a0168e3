// Which cases a person may read and act on, beyond the role table (which says which routes a role may call):
// management handles step 2 only (P5.2) and the complaints team step 1 and suggestions; a department member sees
// the suggestions forwarded to their departments only; the auditor reads everything and changes nothing.
import type { FastifyRequest } from 'fastify';
import { AccessError } from '../../core/access/access-error.ts';
import type { Role } from '../../core/access/roles.ts';
import type { CaseState } from '../../core/case/case.ts';
import { HttpError } from './errors.ts';

export interface Viewer {
  role: Role;
  userId: string | null;
  departments: string[];
}

export function viewerOf(request: FastifyRequest): Viewer {
  const p = request.principal;
  if (!p) throw new AccessError('unauthenticated', 'Sign in first.');
  if (p.kind === 'session') return { role: p.role, userId: p.user.id, departments: p.user.departments };
  return { role: p.role, userId: null, departments: [] };
}

const inDepartment = (v: Viewer, department: string | null) =>
  !!department && v.departments.some((d) => d.toLowerCase() === department.toLowerCase());

/** Whether the viewer may see this case at all (a department member only their departments' suggestions). */
export function canRead(v: Viewer, s: Pick<CaseState, 'kind' | 'department'>): boolean {
  if (v.role === 'department_member') return s.kind === 'suggestion' && inDepartment(v, s.department);
  return v.role === 'agent' || v.role === 'lead' || v.role === 'management' || v.role === 'auditor';
}

/** Whether the viewer handles this case: management step 2, the complaints team everything else. */
export function canHandle(v: Viewer, s: Pick<CaseState, 'kind' | 'step'>): boolean {
  if (v.role === 'management') return s.kind === 'complaint' && s.step === 2;
  if (v.role === 'agent' || v.role === 'lead') return !(s.kind === 'complaint' && s.step === 2);
  return false;
}

/** Whether the viewer may record what a department did with a suggestion. */
export function canHandleSuggestion(v: Viewer, s: Pick<CaseState, 'kind' | 'department'>): boolean {
  if (s.kind !== 'suggestion') return false;
  if (v.role === 'department_member') return inDepartment(v, s.department);
  return v.role === 'agent' || v.role === 'lead';
}

/** A case the viewer may not see is not found (its existence is not disclosed). */
export function assertRead(v: Viewer, s: Pick<CaseState, 'kind' | 'department'>): void {
  if (!canRead(v, s)) throw new HttpError('not_found');
}

export function assertHandle(v: Viewer, s: Pick<CaseState, 'kind' | 'step' | 'department'>): void {
  assertRead(v, s);
  if (!canHandle(v, s))
    throw new AccessError(
      'forbidden_role',
      v.role === 'management'
        ? 'Management handles step-2 cases only.'
        : 'Step-2 cases are handled by management.',
    );
}

export function assertHandleSuggestion(v: Viewer, s: Pick<CaseState, 'kind' | 'step' | 'department'>): void {
  assertRead(v, s);
  if (!canHandleSuggestion(v, s))
    throw new AccessError('forbidden_role', 'Only the department the suggestion went to records this.');
}
