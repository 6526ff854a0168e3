// The role table: for every route (METHOD + path as registered), who may call it. The route guard reads it on
// every request, the navigation shows only what it allows, and test/http/authorization.test.ts checks every
// route against every role. A route that is not in this table cannot be registered (the app refuses to start).

import { rolesMayAct, rolesMayReassign } from '../../core/access/case-access.ts';
import { readsComplainantRecord, rolesMayActOnRecord } from '../../core/access/complainant-record.ts';
import { canHandleInbox, canReadInbox } from '../../core/access/inbox-access.ts';
import { ROLES, type Role } from '../../core/access/roles.ts';
import { caseActionAccess } from './case-actions.ts';

/** `public`: anyone; `signed_in`: any role, for oneself only (sign out, own password); else the roles listed. */
export type Access = 'public' | 'signed_in' | readonly Role[];

const STAFF: readonly Role[] = ['agent', 'lead', 'management'];
/** Who reads the triage inbox and who acts on it: the rule in src/core/access/inbox-access.ts. */
const INBOX_READERS: readonly Role[] = ROLES.filter(canReadInbox);
const INBOX_HANDLERS: readonly Role[] = ROLES.filter(canHandleInbox);
/** The case reads of the API: the same roles as the inbox's readers. */
const API_READERS: readonly Role[] = [...STAFF, 'auditor'];
const ADMIN: readonly Role[] = ['administrator'];
const ADMIN_READERS: readonly Role[] = ['administrator', 'auditor'];
/** The staff application (issue 7): who reads cases (a department member only its suggestions, checked per case),
 * who handles them (management step 2, the team the rest, checked per case), who leads the team. */
const CASE_READERS: readonly Role[] = [...STAFF, 'department_member', 'auditor'];
const SUGGESTION_HANDLERS: readonly Role[] = ['agent', 'lead', 'department_member'];
/** Who reads the monitoring figures (P7): management, the team's leads, and the auditor. */
const REPORT_READERS: readonly Role[] = ['lead', 'management', 'auditor'];

const CASE_ACTION_ROUTES = caseActionAccess();

export const ROUTE_ACCESS = {
  'GET /health': 'public',
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  // Not a staff page: answered to the metrics token or the trusted proxies only (metrics.routes.ts).
  'GET /metrics': 'public',
  'GET /assets/:name': 'public',
  'GET /sign-in': 'public',
  'POST /sign-in': 'public',
  'POST /language': 'public',
  'GET /invitation/:token': 'public',
  'POST /invitation/:token': 'public',
  'GET /forgot-password': 'public',
  'POST /forgot-password': 'public',
  'GET /reset-password/:token': 'public',
  'POST /reset-password/:token': 'public',
  'POST /sign-out': 'signed_in',
  'GET /': 'signed_in',
  'GET /account': 'signed_in',
  'POST /account/password': 'signed_in',
  'POST /account/sign-out-everywhere': 'signed_in',

  'GET /inbox': INBOX_READERS,
  'GET /inbox/:id': INBOX_READERS,
  'GET /inbox/:id/body': INBOX_READERS,
  'GET /inbox/:id/original': INBOX_READERS,
  'GET /inbox/:id/attachments/:index': INBOX_READERS,
  'POST /inbox/:id/file': INBOX_HANDLERS,
  'POST /inbox/:id/open-case': INBOX_HANDLERS,
  'POST /inbox/:id/reclassify': INBOX_HANDLERS,
  'POST /inbox/:id/dismiss': INBOX_HANDLERS,
  'POST /inbox/imap-notices/:id/done': INBOX_HANDLERS,

  'GET /queues': CASE_READERS,
  'GET /queues/step1': ['agent', 'lead', 'auditor'],
  'GET /queues/step2': ['management', 'auditor'],
  'GET /queues/suggestions': SUGGESTION_HANDLERS.concat('auditor'),
  'GET /queues/mine': STAFF,
  // Management and auditors open it read-only: it is the list behind every number of the reports page.
  'GET /queues/all': ['lead', 'management', 'auditor'],
  // Moving many cases at once is for whom the case rule lets hand a case over (a lead, management); each case
  // is then checked alone, as on the case page.
  'POST /queues/bulk': rolesMayReassign(),
  'POST /queues/reassign': rolesMayReassign(),
  'GET /cases/:id': CASE_READERS,
  'GET /cases/:id/correspondence/:cid': CASE_READERS,
  'GET /cases/:id/correspondence/:cid/body': CASE_READERS,
  'GET /cases/:id/correspondence/:cid/original': CASE_READERS,
  'GET /cases/:id/correspondence/:cid/attachments/:index': CASE_READERS,
  // The case's other forms: open to the roles the case rule lets do, on some case, what their use case checks.
  'POST /cases/:id/correspondence/:cid/resend-letter': rolesMayAct('resend_letter'),
  'GET /cases/:id/letters/:letterId': CASE_READERS,
  'GET /cases/:id/dossier': CASE_READERS,
  'POST /cases/:id/letters/:letterId/posted': rolesMayAct('post_letter'),
  'POST /cases/:id/language': rolesMayAct('categorise'),
  // Adding an address acknowledges a complaint that waited for one.
  'POST /cases/:id/address': rolesMayAct('acknowledge'),
  'GET /cases/:id/complainant-link': CASE_READERS,
  'POST /cases/:id/complainant-link/revoke': rolesMayAct('note'),
  // The case actions on both doors (POST /cases/:id/… and /api/v1/cases/:id/…): declared once in
  // src/core/case/actions.ts, open to the roles its access rule lets act on some case.
  ...CASE_ACTION_ROUTES,
  'POST /cases/:id/answer/preview': CASE_ACTION_ROUTES['POST /cases/:id/answer'],
  'POST /cases/:id/reply/preview': CASE_ACTION_ROUTES['POST /cases/:id/reply'],
  'GET /letters/new': STAFF,
  'POST /letters': STAFF,
  'POST /letters/new': STAFF,
  // Whom the rule shows the complainant's record (core/access/complainant-record.ts): the staff who read the inbox,
  // and administrators, who answer a person's requests about their data (export, erasure).
  'GET /complainants/:id': ROLES.filter(readsComplainantRecord),
  // What may be done with the record: open to the roles the same rule lets do it on some record; which record (one
  // merged into another takes no restriction), and for a merge each case that moves, is checked by the use case.
  'POST /complainants/:id/restrictions': rolesMayActOnRecord('restrict'),
  'POST /complainants/:id/restrictions/:rid/lift': rolesMayActOnRecord('lift_restriction'),
  'POST /complainants/:id/restrictions/:rid/notify': rolesMayActOnRecord('notify_restriction'),
  'POST /complainants/:id/merge': rolesMayActOnRecord('merge'),
  // The records that share an address key, to merge: for whom may merge them.
  'GET /complainants/same-address': rolesMayActOnRecord('merge'),
  'POST /complainants/:id/export': rolesMayActOnRecord('export'),
  // The erasure request's page shows what an erasure would do: for whom may ask for it.
  'GET /complainants/:id/erasure': rolesMayActOnRecord('erase'),
  'POST /complainants/:id/erasure': rolesMayActOnRecord('erase'),
  // The same for a person with no complainant record, found by the address their messages came from.
  'GET /admin/subject-requests': rolesMayActOnRecord('erase', 'address'),
  'POST /admin/subject-requests': rolesMayActOnRecord('erase', 'address'),
  'POST /admin/subject-requests/export': rolesMayActOnRecord('export', 'address'),
  'GET /search': INBOX_READERS,
  'GET /reports': REPORT_READERS,
  'GET /reports/export.csv': REPORT_READERS,
  'GET /reports/export.json': REPORT_READERS,
  'GET /reports/register.csv': REPORT_READERS,
  'GET /reports/regulator': REPORT_READERS,
  'GET /reports/regulator.csv': REPORT_READERS,
  'GET /admin/monthly-report': ADMIN_READERS,
  'POST /admin/monthly-report': ADMIN,

  'GET /admin/users': ADMIN_READERS,
  'GET /admin/users/new': ADMIN,
  'POST /admin/users': ADMIN,
  'GET /admin/users/:id': ADMIN_READERS,
  'POST /admin/users/:id': ADMIN,
  'POST /admin/users/:id/disable': ADMIN,
  'POST /admin/users/:id/enable': ADMIN,
  'POST /admin/users/:id/invitation': ADMIN,
  'POST /admin/users/:id/sign-out': ADMIN,
  'GET /admin/tokens': ADMIN_READERS,
  'POST /admin/tokens': ADMIN,
  'POST /admin/tokens/:id/revoke': ADMIN,
  'GET /audit': ADMIN_READERS,
  'GET /admin/templates': ADMIN_READERS,
  'GET /admin/templates/:kind/:language': ADMIN_READERS,
  'POST /admin/templates/:kind/:language': ADMIN,
  'POST /admin/templates/:kind/:language/preview': ADMIN,
  'POST /admin/templates/:kind/:language/test': ADMIN,
  'GET /admin': ADMIN_READERS,
  'GET /admin/organisation': ADMIN_READERS,
  'POST /admin/organisation': ADMIN,
  'GET /admin/mailboxes': ADMIN_READERS,
  'POST /admin/mailboxes': ADMIN,
  'GET /admin/calendar': ADMIN_READERS,
  'POST /admin/calendar': ADMIN,
  'GET /admin/calendar/recompute': ADMIN_READERS,
  'POST /admin/calendar/recompute': ADMIN,
  'GET /admin/snippets': ADMIN_READERS,
  'GET /admin/snippets/new': ADMIN,
  'POST /admin/snippets': ADMIN,
  'GET /admin/snippets/:id': ADMIN_READERS,
  'POST /admin/snippets/:id': ADMIN,
  'POST /admin/snippets/:id/retire': ADMIN,
  'GET /admin/categories': ADMIN_READERS,
  'POST /admin/categories': ADMIN,
  'GET /admin/departments': ADMIN_READERS,
  'POST /admin/departments': ADMIN,

  'GET /complain': 'public',
  'POST /complain': 'public',
  'GET /complain/thanks': 'public',
  // The complainant's own page: the private link is the only key (complainant-link.routes.ts).
  'GET /c/:token': 'public',
  'POST /c/:token': 'public',

  'GET /api/v1/openapi.json': 'public',
  'GET /api/v1/docs': 'public',
  'GET /api/v1/me': 'signed_in',
  'GET /api/v1/inbox': INBOX_READERS,
  'GET /api/v1/inbox/:id': INBOX_READERS,
  'POST /api/v1/inbox/:id/file': INBOX_HANDLERS,
  'POST /api/v1/inbox/:id/open-case': INBOX_HANDLERS,
  'POST /api/v1/inbox/:id/reclassify': INBOX_HANDLERS,
  'POST /api/v1/inbox/:id/dismiss': INBOX_HANDLERS,
  // The mail door's notices, listed beside the inbox on its page: read by the inbox's readers.
  'GET /api/v1/imap-notices': INBOX_READERS,
  'GET /api/v1/audit': ADMIN_READERS,
  'POST /api/v1/complaints': STAFF,
  'POST /api/v1/letters': STAFF,
  'POST /api/v1/letters/upload': STAFF,
  'GET /api/v1/cases': API_READERS,
  'GET /api/v1/cases/:id': API_READERS,
  'GET /api/v1/cases/:id/events': API_READERS,
  'GET /api/v1/cases/:id/correspondence': API_READERS,
  'GET /api/v1/search': API_READERS,
} as const satisfies Record<string, Access>;

export type RouteKey = keyof typeof ROUTE_ACCESS;

export function routeKey(method: string, url: string): string {
  return `${method === 'HEAD' ? 'GET' : method} ${url}`;
}

export function accessOf(key: string): Access | undefined {
  return (ROUTE_ACCESS as Record<string, Access>)[key];
}

/** Whether a role may call a route (a signed-in role for `signed_in`, anyone for `public`). */
export function allows(access: Access, role: Role | null): boolean {
  if (access === 'public') return true;
  if (role === null) return false;
  return access === 'signed_in' || access.includes(role);
}

/** Whether a role may use a route, by key; used by the navigation and the pages to show only what works. */
export function may(role: Role | null, key: RouteKey): boolean {
  return allows(ROUTE_ACCESS[key], role);
}

export const ALL_ROLES = ROLES;

/**
 * What a refusal by the role table is about, where its message says more than "your role does not allow this":
 * the inbox's routes (and the API's list of the mail door's notices, shown on the inbox page) are refused with who
 * reads and works the inbox (errors.forbidden_role_inbox).
 */
export function refusalContext(key: string): 'inbox' | 'route' {
  return /^(GET|POST) (\/api\/v1)?\/(inbox|imap-notices)(\/|$)/.test(key) ? 'inbox' : 'route';
}
