// Answering with pages, fragments and redirects, the same way on every route:
// - a full page, laid out, with the flash message consumed (after a form post, at the form page's address);
// - a fragment for htmx (only the part a link or form targets);
// - after a successful form post: a 303 redirect, or for htmx an HX-Location (load the page, push the address).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { keepFormAddress } from './form-address.ts';
import type { Html } from './pages/components.ts';
import { layout, type PageOptions } from './pages/layout.ts';
import { COOKIE, setFlash } from './request-context.ts';

export async function sendPage(
  request: FastifyRequest,
  reply: FastifyReply,
  options: PageOptions,
  status = 200,
): Promise<FastifyReply> {
  const body = String(await layout(request, options));
  if (request.flash) reply.clearCookie(COOKIE.flash, { path: '/' });
  // A page answered to a form post (its errors, a preview) shows the address of the form's page, not the post's.
  keepFormAddress(request, reply);
  return reply.status(status).type('text/html; charset=utf-8').send(body);
}

export async function sendFragment(reply: FastifyReply, fragment: Html, status = 200): Promise<FastifyReply> {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send(String(await fragment));
}

/** Whether an htmx request targets this element id (and is not restoring history, which needs the whole page). */
export function wantsFragment(request: FastifyRequest, targetId: string): boolean {
  return (
    request.headers['hx-request'] === 'true' &&
    request.headers['hx-target'] === targetId &&
    request.headers['hx-history-restore-request'] !== 'true'
  );
}

export function redirectAfterPost(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  to: string,
  flash?: { key: string; params?: Record<string, string | number>; tone?: 'success' | 'info' | 'error' },
  options: { fullReload?: boolean } = {},
): FastifyReply {
  if (flash) setFlash(reply, ctx, request, flash.key, flash.params ?? {}, flash.tone ?? 'success');
  if (request.headers['hx-request'] === 'true') {
    // A full reload where the whole document changes (the language: <html lang> is outside what htmx swaps).
    if (options.fullReload) return reply.status(204).header('hx-redirect', to).send();
    return reply
      .status(204)
      .header('hx-location', JSON.stringify({ path: to, target: 'body' }))
      .send();
  }
  return reply.redirect(to, 303);
}
