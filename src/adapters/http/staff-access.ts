// Which cases a person may read and act on, beyond the role table (which says which routes a role may call). The
// rules themselves live in src/core/access/case-access.ts and are applied by the use cases; this file only says
// who is asking (from the session or the API token) and turns a refusal into the HTTP answer.
import type { FastifyRequest } from 'fastify';
import { AccessError } from '../../core/access/access-error.ts';
import {
  type ActingStaff,
  accessErrorOf,
  type CaseAct,
  type CaseScope,
  caseActRefusal,
  canHandle as coreCanHandle,
  canHandleSuggestion as coreCanHandleSuggestion,
  canRead as coreCanRead,
  type Staff,
} from '../../core/access/case-access.ts';
import { HttpError } from './errors.ts';
import { actingOf } from './request-context.ts';

export type Viewer = Staff & { userId: string | null; departments: string[] };

export function viewerOf(request: FastifyRequest): Viewer {
  const p = request.principal;
  if (!p) throw new AccessError('unauthenticated', 'Sign in first.', { details: { context: 'sign_in' } });
  if (p.kind === 'session') return { role: p.role, userId: p.user.id, departments: p.user.departments };
  return { role: p.role, userId: null, departments: [] };
}

/** Who acts, as the use cases want it: checked against the case rules, and named in the history. */
export function staffActor(request: FastifyRequest): ActingStaff {
  return { ...viewerOf(request), actor: actingOf(request).actor };
}

export const canRead = coreCanRead;
export const canHandle = coreCanHandle;
export const canHandleSuggestion = coreCanHandleSuggestion;

type Scope = Pick<CaseScope, 'kind' | 'department'> & Partial<Pick<CaseScope, 'step' | 'ownerId'>>;
const scopeOf = (s: Scope): CaseScope => ({
  kind: s.kind,
  step: s.step ?? null,
  department: s.department,
  ownerId: s.ownerId ?? null,
});

/** Throws the case rule's refusal: a case the viewer may not see is not found (its existence is not disclosed). */
export function assertAct(v: Staff, act: CaseAct, s: Scope): void {
  const r = caseActRefusal(v, act, scopeOf(s));
  if (!r) return;
  if (r.code === 'hidden') throw new HttpError('not_found');
  throw accessErrorOf(r);
}

export function assertRead(v: Staff, s: Scope): void {
  assertAct(v, 'read', s);
}

export function assertHandle(v: Staff, s: Scope): void {
  assertAct(v, 'note', s);
}

export function assertHandleSuggestion(v: Staff, s: Scope): void {
  assertAct(v, 'suggestion_done', s);
}
