// The records that share an address, in Chromium: a lead opens the list from the navigation, follows the link to
// merge the newer record into the oldest, confirms on the oldest record's page, and the list is empty afterwards.
// No serious or critical axe-core violation on the list or the merge it opens, no Content-Security-Policy violation.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { fixedClock } from '../../src/core/ports.ts';
import {
  axeViolations,
  describeViolations,
  launchChromium,
  signedInContext,
  watchCsp,
} from '../support/browser.ts';
import { createTestApp, createUser, type TestApp } from '../support/http.ts';
import { openComplaint } from '../support/staff.ts';

describe('records that share an address, in Chromium', { timeout: 120_000 }, () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let context: BrowserContext | undefined;
  const csp: string[] = [];
  let older = '';
  let newer = '';

  before(async () => {
    t = await createTestApp({ clock: fixedClock('2026-12-07T09:00:00.000Z') });
    // One person under two records, as an older release made them: the domain once in Unicode, once in ASCII (the
    // first record hidden from the lookup by address while the second is made, then given back its key).
    older = (await openComplaint(t.ctx, { email: 'ida@münchen.de', name: 'Ida Iser' })).complainantId;
    const hide = (email: string, key: string | null) =>
      t.ctx.database.db
        .updateTable('complainants')
        .set({ email, email_key: key })
        .where('id', '=', older)
        .execute();
    await hide('ida@hidden.invalid', null);
    newer = (await openComplaint(t.ctx, { email: 'ida@xn--mnchen-3ya.de', name: 'Ida I.' })).complainantId;
    await hide('ida@münchen.de', 'ida@xn--mnchen-3ya.de');
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  });

  after(async () => {
    await context?.close().catch(() => {});
    await browser?.close();
    await t?.close();
  });

  it('lists the pair, opens the merge on the oldest record with the other named, and merges', async () => {
    const lead = await createUser(t.ctx, 'lead', { name: 'Lea Lead' });
    context = await signedInContext(browser, t.ctx, lead, base);
    const page = await context.newPage();
    watchCsp(page, csp);
    await page.goto(`${base}/queues`);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Shared addresses' })
      .click();
    await page.waitForURL(`${base}/complainants/same-address`);
    assert.deepEqual(
      describeViolations(await axeViolations(browser, context, `${base}/complainants/same-address`)),
      [],
    );
    const group = page.getByRole('table', { name: 'Records with the address ida@münchen.de' });
    assert.equal(await group.locator('tbody tr').count(), 2);
    await group.getByRole('link', { name: 'Merge into the oldest record: Ida I.' }).click();
    await page.waitForURL(`${base}/complainants/${older}?merge=${newer}#action-merge`);
    assert.deepEqual(
      describeViolations(
        await axeViolations(browser, context, `${base}/complainants/${older}?merge=${newer}`),
      ),
      [],
    );
    const merge = page.locator('#action-merge');
    assert.equal(await merge.getAttribute('open'), '', 'the merge is open');
    assert.match(await merge.innerText(), /The record to merge into this one:\s*Ida I\./);
    await merge.getByRole('button', { name: 'Merge the records' }).click();
    await page.waitForURL(`${base}/complainants/${older}`);
    assert.match(await page.locator('.flash').innerText(), /The two records are merged/);
    await page.goto(`${base}/complainants/same-address`);
    assert.match(await page.locator('main').innerText(), /No two records share an address\./);
    assert.deepEqual(csp, []);
  });
});
