// The public form's token: when the form was shown, signed with a server secret and bound to the visitor's CSRF
// cookie. It tells a robot that posts at once (sooner than a person can type) or replays an old form, without a
// third-party captcha; and, bound to the visitor, it is also the form's CSRF defence and its idempotency key.
import { createHmac } from 'node:crypto';
import { sameSecret } from '../adapters/crypto/secrets.ts';
import type { AppContext } from './context.ts';
import { serverSecret } from './rate-limit.ts';

export type FormTokenCheck =
  | { ok: true; issuedAt: string; ageSeconds: number }
  | { ok: false; reason: 'invalid' | 'too_fast' | 'expired' };

async function signature(
  ctx: AppContext,
  purpose: string,
  issuedMs: number,
  binding: string,
): Promise<string> {
  const key = await serverSecret(ctx, 'form-token');
  return createHmac('sha256', key)
    .update(`${purpose}|${issuedMs}|${binding}`)
    .digest('base64url')
    .slice(0, 32);
}

/** A token for a form shown now, bound to `binding` (the visitor's CSRF token). */
export async function issueFormToken(ctx: AppContext, purpose: string, binding: string): Promise<string> {
  const issuedMs = Date.parse(ctx.clock.now());
  return `${issuedMs.toString(36)}.${await signature(ctx, purpose, issuedMs, binding)}`;
}

/** Checks a token sent back: signed by us for this visitor, not sooner than `minSeconds`, not older than `maxSeconds`. */
export async function checkFormToken(
  ctx: AppContext,
  purpose: string,
  token: unknown,
  binding: string,
  limits: { minSeconds: number; maxSeconds: number },
): Promise<FormTokenCheck> {
  if (typeof token !== 'string' || token.length > 100) return { ok: false, reason: 'invalid' };
  const m = /^([0-9a-z]{1,12})\.([\w-]{32})$/.exec(token);
  if (!m) return { ok: false, reason: 'invalid' };
  const issuedMs = Number.parseInt(m[1]!, 36);
  if (!sameSecret(m[2]!, await signature(ctx, purpose, issuedMs, binding)))
    return { ok: false, reason: 'invalid' };
  const ageSeconds = (Date.parse(ctx.clock.now()) - issuedMs) / 1000;
  if (ageSeconds < limits.minSeconds) return { ok: false, reason: 'too_fast' };
  if (ageSeconds > limits.maxSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, issuedAt: new Date(issuedMs).toISOString(), ageSeconds };
}

/** A small value signed for the visitor (the thank-you page's reference), `value.signature`. */
export async function signValue(ctx: AppContext, purpose: string, value: string): Promise<string> {
  const key = await serverSecret(ctx, 'form-token');
  const sig = createHmac('sha256', key).update(`${purpose}|${value}`).digest('base64url').slice(0, 32);
  return `${Buffer.from(value).toString('base64url')}.${sig}`;
}

export async function readSignedValue(
  ctx: AppContext,
  purpose: string,
  signed: unknown,
): Promise<string | null> {
  if (typeof signed !== 'string' || signed.length > 2000) return null;
  const m = /^([\w-]+)\.([\w-]{32})$/.exec(signed);
  if (!m) return null;
  const value = Buffer.from(m[1]!, 'base64url').toString('utf8');
  const key = await serverSecret(ctx, 'form-token');
  const sig = createHmac('sha256', key).update(`${purpose}|${value}`).digest('base64url').slice(0, 32);
  return sameSecret(m[2]!, sig) ? value : null;
}
