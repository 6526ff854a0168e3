// A complainant's documents given straight to the use cases, as the public form and the private link's page do:
// with the complaint (submitComplaint), or added later behind the link the acknowledgement carries (addInformation).
import assert from 'node:assert/strict';
import { addInformation } from '../../src/app/complainant-link.ts';
import type { AppContext } from '../../src/app/context.ts';
import { submitComplaint } from '../../src/app/submit-complaint.ts';
import type { StaffFile } from './staff.ts';

const LINK = /https?:\/\/[^\s]+\/c\/([A-Za-z0-9_-]{43})/;

/** A complaint in French from the web form, by `name`, with `files` as its documents (or none). */
export const submitWithDocuments = (ctx: AppContext, name: string, files: StaffFile[] | null) =>
  submitComplaint(
    ctx,
    {
      complainant: { name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.net` },
      language: 'fr',
      description: 'Mon domaine ne répond plus depuis lundi.',
      expectations: 'Qu’il réponde de nouveau.',
    },
    {
      channel: 'web',
      actor: 'web:script',
      documents: files
        ? { files, title: 'Documents', subject: (reference) => `Documents ${reference}` }
        : null,
    },
  );

/** The text of the acknowledgement of `caseId` ('' when it has none). */
export async function acknowledgementText(ctx: AppContext, caseId: string): Promise<string> {
  const ack = await ctx.database.db
    .selectFrom('correspondence as c')
    .innerJoin('outbound_items as o', 'o.correspondence_id', 'c.id')
    .select('c.text_body')
    .where('c.case_id', '=', caseId)
    .where('o.purpose', '=', 'acknowledgement')
    .executeTakeFirstOrThrow();
  return ack.text_body ?? '';
}

/**
 * The token of the private link that the acknowledgement of `caseId` carries: an e-mail's text is kept naming the
 * link without it (`/c/…`), and the outbox holds it until the mail is sent; a letter's text carries it whole.
 */
export async function linkTokenOf(ctx: AppContext, caseId: string): Promise<string> {
  const row = await ctx.database.db
    .selectFrom('correspondence as c')
    .innerJoin('outbound_items as o', 'o.correspondence_id', 'c.id')
    .select(['c.text_body', 'c.link_token'])
    .where('c.case_id', '=', caseId)
    .where('o.purpose', '=', 'acknowledgement')
    .executeTakeFirstOrThrow();
  const token = row.link_token ?? LINK.exec(row.text_body ?? '')?.[1];
  assert.ok(token, 'the acknowledgement carries the link');
  assert.match(row.text_body ?? '', /https?:\/\/[^\s]+\/c\//, 'its text names the link');
  return token;
}

/** Adds documents behind the private link of `token`, with a short text; each call a new addition (a key of its own). */
export function documentsAdder(ctx: AppContext, token: string) {
  let n = 0;
  return (files: StaffFile[]) =>
    addInformation(ctx, token, {
      text: 'Voici mes documents.',
      files,
      idempotencyKey: `script-${++n}`,
      subject: 'Complément',
    });
}
