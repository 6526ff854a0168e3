// Browser tests in Debian's Chromium through playwright-core: the launch flags, a signed-in context without going
// through the sign-in page (a session straight in the store, as test/support/http.ts makes), axe-core in its own
// context (the strict CSP is bypassed only there, to inject axe), screenshots under test-output/screenshots/, and a
// collector of Content-Security-Policy violations.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import type { AppContext } from '../../src/app/context.ts';
import { sessionFor } from './http.ts';

const require = createRequire(import.meta.url);
export const AXE = require.resolve('axe-core/axe.min.js');
export const SHOTS = new URL('../../test-output/screenshots/', import.meta.url).pathname;

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** A browser context already signed in as `user` (its session cookie for `base`). */
export async function signedInContext(
  browser: Browser,
  ctx: AppContext,
  user: User,
  base: string,
  options: { locale?: string } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    locale: options.locale ?? 'en-GB',
    viewport: { width: 1280, height: 900 },
  });
  const session = await sessionFor(ctx, user);
  const value = session.cookie.slice(session.cookie.indexOf('=') + 1);
  await context.addCookies([{ name: 'redress_session', value, url: base, httpOnly: true, sameSite: 'Lax' }]);
  return context;
}

/** Records Content-Security-Policy violations reported on the console. */
export function watchCsp(page: Page, into: string[]): void {
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) into.push(`${page.url()}: ${m.text()}`);
  });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown }>;
}

/** Serious and critical axe-core violations of a page, seen with the cookies of `like`. */
export async function axeViolations(
  browser: Browser,
  like: BrowserContext,
  url: string,
  options: { locale?: string } = {},
): Promise<AxeViolation[]> {
  const context = await browser.newContext({ bypassCSP: true, locale: options.locale ?? 'en-GB' });
  try {
    await context.addCookies(await like.cookies());
    const page = await context.newPage();
    await page.goto(url);
    await page.addScriptTag({ path: AXE });
    const result = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as {
      violations: AxeViolation[];
    };
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  } finally {
    await context.close();
  }
}

/** The violations in a form an assertion message can show. */
export function describeViolations(violations: AxeViolation[]): string[] {
  return violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`,
  );
}
