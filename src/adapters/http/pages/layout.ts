// The page shell: head (stylesheet, htmx with its strict-CSP configuration), skip link, navigation by role,
// a search box for staff, language switch, the signed-in person with sign-out, flash message, title and content.
import type { FastifyRequest } from 'fastify';
import { html } from 'hono/html';
import { LANGUAGES } from '../../../core/case/model.ts';
import { may, type RouteKey } from '../access.ts';
import { assetUrl } from '../assets.routes.ts';
import type { Flash } from '../request-context.ts';
import { csrfField, flashMessage, type Html } from './components.ts';
import { localDayText } from './staff-components.ts';

/** The CSRF token rides on .page, not on <body>: htmx swaps what is inside <body> and keeps its attributes.
 *
 * htmx under a strict CSP: no eval, no inline indicator styles, no scripts in swapped content, no page copies in
 * localStorage (pages hold personal data). Refusals are pages too (a form with its errors, a page that says why),
 * so every answer but 204 is swapped in. */
const HTMX_CONFIG = JSON.stringify({
  includeIndicatorStyles: false,
  allowEval: false,
  allowScriptTags: false,
  selfRequestsOnly: true,
  historyCacheSize: 0,
  refreshOnHistoryMiss: true,
  // Settling copies these attributes from the old element to the new; copying `style` is an inline style.
  attributesToSettle: ['class', 'width', 'height'],
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '[45]..', swap: true, error: true },
  ],
});

export interface NavItem {
  key: string;
  href: string;
  /** Shown to the roles that may use this route. */
  route: RouteKey;
}

/** The navigation, in order. Later features add their entries here (queues, search, reports, …). */
export const NAV: NavItem[] = [
  { key: 'queues', href: '/queues', route: 'GET /queues' },
  { key: 'inbox', href: '/inbox', route: 'GET /inbox' },
  { key: 'search', href: '/search', route: 'GET /search' },
  { key: 'letters', href: '/letters/new', route: 'GET /letters/new' },
  { key: 'sameAddress', href: '/complainants/same-address', route: 'GET /complainants/same-address' },
  { key: 'reports', href: '/reports', route: 'GET /reports' },
  { key: 'admin', href: '/admin', route: 'GET /admin' },
  { key: 'users', href: '/admin/users', route: 'GET /admin/users' },
  { key: 'tokens', href: '/admin/tokens', route: 'GET /admin/tokens' },
  { key: 'templates', href: '/admin/templates', route: 'GET /admin/templates' },
  { key: 'audit', href: '/audit', route: 'GET /audit' },
  { key: 'apiDocs', href: '/api/v1/docs', route: 'GET /admin/tokens' },
  { key: 'account', href: '/account', route: 'GET /account' },
];

export interface PageOptions {
  title: string;
  content: Html;
  /** The nav entry to mark as current. */
  section?: string;
  /** Pages without the navigation (sign-in, invitation, errors when signed out). */
  bare?: boolean;
}

/** A calendar day (YYYY-MM-DD) in a flash message, as the reader says it: the routes hand over the day as stored. */
const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/;
function readableFlash(lang: FastifyRequest['lang'], flash: Flash | null): Flash | null {
  if (!flash?.params) return flash;
  const params = Object.fromEntries(
    Object.entries(flash.params).map(([k, v]) => [
      k,
      typeof v === 'string' && CALENDAR_DAY.test(v) ? localDayText(lang, v) : v,
    ]),
  );
  return { ...flash, params };
}

export function layout(request: FastifyRequest, o: PageOptions): Html {
  const { t, lang } = request;
  const p = request.principal?.kind === 'session' ? request.principal : null;
  const nav = p ? NAV.filter((n) => may(p.role, n.route)) : [];
  const flash = readableFlash(lang, request.flash);
  // After an action taken on a queue or a case, the confirmation takes the focus, so that a keyboard or
  // screen-reader user hears it and goes on from there (otherwise focus falls back to the page, with the message
  // out of view).
  const focusFlash =
    flash !== null && (request.url.startsWith('/queues/') || request.url.startsWith('/cases/'));
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="htmx-config" content="${HTMX_CONFIG}">
<title>${o.title} · ${t('app.name')}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${assetUrl('app.css')}">
<script src="${assetUrl('htmx.min.js')}" defer></script>
<script src="${assetUrl('reports.js')}" defer></script>
<script src="${assetUrl('template-editor.js')}" defer></script>
<script src="${assetUrl('reply-snippets.js')}" defer></script>
</head>
<body hx-boost="true">
<div class="page" hx-headers="${JSON.stringify({ 'X-CSRF-Token': request.csrfToken })}">
<a class="skip-link" href="#main">${t('app.skipToContent')}</a>
<header class="topbar">
  <a class="brand" href="/">${t('app.name')}</a>
  ${
    nav.length
      ? html`<nav aria-label="${t('nav.label')}"><ul>
      ${nav.map(
        (n) =>
          html`<li><a href="${n.href}"${n.key === o.section ? html` aria-current="page"` : ''}>${t(`nav.${n.key}`)}</a></li>`,
      )}
    </ul></nav>`
      : ''
  }
  ${
    p && may(p.role, 'GET /search')
      ? html`<form class="topbar-search" method="get" action="/search" role="search" aria-label="${t('work.search.label')}">
      <label for="topbar-q" class="visually-hidden">${t('work.search.label')}</label>
      <input type="search" id="topbar-q" name="q" maxlength="300" placeholder="${t('work.search.placeholder')}">
      <button type="submit">${t('work.search.submit')}</button>
    </form>`
      : ''
  }
  <div class="topbar-end">
    <form class="language-switch" method="post" action="/language">
      ${csrfField(request)}
      <input type="hidden" name="next" value="${request.url}">
      <span class="visually-hidden" id="language-label">${t('app.changeLanguage')}</span>
      <div role="group" aria-labelledby="language-label">
      ${LANGUAGES.map(
        (l) =>
          html`<button type="submit" name="lang" value="${l}" lang="${l}" aria-pressed="${l === lang ? 'true' : 'false'}">${t(`languages.${l}`)}</button>`,
      )}
      </div>
    </form>
    ${
      p
        ? html`<p class="who">${t('app.signedInAs', { name: p.user.name, role: t(`roles.${p.role}`) })}</p>
      <form method="post" action="/sign-out">${csrfField(request)}<button type="submit" class="link-button">${t('nav.signOut')}</button></form>`
        : ''
    }
  </div>
</header>
<main id="main" tabindex="-1"${o.bare ? html` class="narrow"` : request.url.startsWith('/queues/') ? html` class="wide"` : ''}>
  ${
    focusFlash
      ? html`<div id="confirmation" tabindex="-1" autofocus>${flashMessage(t, flash)}</div>`
      : flashMessage(t, flash)
  }
  <h1>${o.title}</h1>
  ${o.content}
</main>
<footer class="footer"><p>${t('app.footer')}</p></footer>
</div>
</body>
</html>`;
}
