// A complainant's record once erased (anonymised, no case kept since) takes no act: erasing it again, exporting it,
// restricting it, lifting or telling about a restriction, merging into it or merging it into another, writing to it
// from one of its cases. Each is refused by the record rule itself (core/access/complainant-record.ts) with the
// reason, at every door: the use case called by a person or by the command line (the operator, by name), and the
// staff pages' forms. The erasure page still shows what is held (nothing), without the form.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { addComplainantAddress } from '../../src/app/case-contact.ts';
import { eraseComplainant } from '../../src/app/erase-complainant.ts';
import { exportSubject } from '../../src/app/export-complainant.ts';
import { mergeComplainants } from '../../src/app/merge-complainants.ts';
import { notifyRestriction } from '../../src/app/notify-restriction.ts';
import { actOnComplainant } from '../../src/app/restrict-complainant.ts';
import { inTransaction } from '../../src/app/transaction.ts';
import { AccessError } from '../../src/core/access/access-error.ts';
import type { ActingStaff } from '../../src/core/access/case-access.ts';
import { RECORD_ACTS, type RecordAct } from '../../src/core/access/complainant-record.ts';
import type { Role } from '../../src/core/access/roles.ts';
import { decideComplainant } from '../../src/core/case/complainant.ts';
import { orThrow } from '../../src/core/case/refusal.ts';
import { ENGINES } from '../support/databases.ts';
import {
  createUser,
  form,
  type ListeningTestApp,
  listeningTestApp,
  refusalsOnPage,
  sessionFor,
  type TestSession,
} from '../support/http.ts';
import { openComplaint } from '../support/staff.ts';

const ERASED_WORDS = 'This record was erased';

for (const engine of ENGINES) {
  describe(`an erased record takes no act, at any door (${engine})`, () => {
    let t: ListeningTestApp;
    let base: string;
    const staff = new Map<Role, ActingStaff>();
    const sessions = new Map<Role, TestSession>();
    let erased: { id: string; restrictionId: string };

    before(async () => {
      t = await listeningTestApp({ engine });
      base = `http://127.0.0.1:${t.port}`;
      for (const role of ['lead', 'administrator'] as const) {
        const u = await createUser(t.ctx, role);
        staff.set(role, { role, userId: u.id, departments: u.departments, actor: `user:${u.id}` });
        sessions.set(role, await sessionFor(t.ctx, u));
      }
      // A record with a restriction and no case, erased by the command line.
      // A real record's id is a UUID, which its redaction keeps (a made-up one would be redacted with the rest).
      const id = randomUUID();
      await inTransaction(t.ctx, async (agg) => {
        const events = orThrow(
          decideComplainant(
            null,
            {
              type: 'register',
              details: {
                name: 'Gundula Erased',
                email: `gundula.${engine}@example.net`,
                phone: null,
                postalAddress: null,
                language: 'en',
              },
            },
            { today: '2026-01-01' },
          ),
        );
        await agg.saveComplainant(id, { state: null, version: 0, headHash: null }, events, {
          at: t.ctx.clock.now(),
          actor: 'system',
        });
      });
      const restrictionId = `erased-r-${engine}`;
      await actOnComplainant(
        t.ctx,
        id,
        {
          type: 'restrict',
          restrictionId,
          kind: 'written_only',
          reason: 'Insults on the phone.',
          reviewBy: '2099-01-01',
          designatedContactId: null,
        },
        'cli',
      );
      const r = await eraseComplainant(t.ctx, id, {
        reason: 'Asked by letter.',
        acting: { actor: 'cli', label: null, address: null },
      });
      assert.equal(r.complainantErased, true, 'the record is erased');
      erased = { id, restrictionId };
    });
    after(async () => {
      await t?.close();
    });

    const refusal = async (p: Promise<unknown>) =>
      p.then(
        () => 'done',
        (e: unknown) =>
          e instanceof AccessError
            ? `${e.code}/${String(e.details?.context)}`
            : `other: ${(e as Error).message}`,
      );

    /** Each act through its use case, by `by` (a person, or the command line by name). */
    const viaUseCase = async (act: RecordAct, by: ActingStaff | 'cli') => {
      const requester = {
        actor: by === 'cli' ? 'cli' : by.actor,
        label: null,
        address: null,
        staff: by === 'cli' ? null : by,
      };
      switch (act) {
        case 'restrict':
          return refusal(
            actOnComplainant(
              t.ctx,
              erased.id,
              {
                type: 'restrict',
                restrictionId: `again-${engine}-${Math.random()}`,
                kind: 'written_only',
                reason: 'Again.',
                reviewBy: '2099-01-01',
                designatedContactId: null,
              },
              by,
            ),
          );
        case 'lift_restriction':
          return refusal(
            actOnComplainant(
              t.ctx,
              erased.id,
              { type: 'lift_restriction', restrictionId: erased.restrictionId, reason: 'Calm.' },
              by,
            ),
          );
        case 'notify_restriction':
          return refusal(notifyRestriction(t.ctx, erased.id, erased.restrictionId, by));
        case 'merge':
          return refusal(mergeComplainants(t.ctx, erased.id, (await openComplaint(t.ctx)).complainantId, by));
        case 'export':
          return refusal(exportSubject(t.ctx, erased.id, requester, { deliver: async () => {} }));
        case 'erase':
          return refusal(eraseComplainant(t.ctx, erased.id, { reason: 'Asked again.', acting: requester }));
        case 'write':
          return refusal(writeToErased(by));
      }
    };

    it('every act, by a person who may do it and by the command line, is refused with the reason', async () => {
      for (const act of RECORD_ACTS) {
        const who = (
          ['restrict', 'lift_restriction', 'notify_restriction', 'merge', 'write'] as RecordAct[]
        ).includes(act)
          ? staff.get('lead')!
          : staff.get('administrator')!;
        assert.equal(await viaUseCase(act, who), 'already_in_state/record_erased', `${act} by ${who.role}`);
        assert.equal(
          await viaUseCase(act, 'cli'),
          'already_in_state/record_erased',
          `${act} by the command line`,
        );
      }
    });

    /**
     * A case whose record is erased and which was not reopened since: what the retention run leaves of a closed case
     * and its record, written straight into their rows (the use case reads the record's state from them), as a
     * case's clock would need years to get there.
     */
    const writeToErased = async (by: ActingStaff | 'cli') => {
      const c = await openComplaint(t.ctx);
      const at = t.ctx.clock.now();
      const db = t.ctx.database.db;
      await db
        .updateTable('cases')
        .set({ anonymised_at: at, closed_at: at, status: 'closed' })
        .where('id', '=', c.caseId)
        .execute();
      await db
        .updateTable('complainants')
        .set({ anonymised_at: at })
        .where('id', '=', c.complainantId)
        .execute();
      return addComplainantAddress(t.ctx, c.caseId, { email: null, postalAddress: ['1 New Street'] }, by);
    };

    it('merging an erased record into a kept one is refused too', async () => {
      const keep = (await openComplaint(t.ctx)).complainantId;
      assert.equal(
        await refusal(mergeComplainants(t.ctx, keep, erased.id, staff.get('lead')!)),
        'already_in_state/record_erased',
      );
    });

    const post = async (role: Role, path: string, body: Record<string, string>) => {
      const s = sessions.get(role)!;
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        body: form({ _csrf: s.csrf, ...body }),
        redirect: 'manual',
        headers: {
          cookie: s.cookie,
          'content-type': 'application/x-www-form-urlencoded',
          'accept-language': 'en',
        },
      });
      const type = res.headers.get('content-type') ?? '';
      const page = type.startsWith('text/html') ? await res.text() : await res.arrayBuffer().then(() => '');
      return { status: res.status, text: refusalsOnPage(page).replace(/\s+/g, ' ') };
    };

    it('the staff pages’ forms answer 409 with the reason, and offer none of them', async () => {
      const at = `/complainants/${erased.id}`;
      const tries: [Role, string, Record<string, string>][] = [
        ['lead', `${at}/restrictions`, { kind: 'written_only', reason: 'Threats.', reviewBy: '2099-01-01' }],
        ['lead', `${at}/restrictions/${erased.restrictionId}/lift`, { reason: 'Reviewed.' }],
        ['lead', `${at}/restrictions/${erased.restrictionId}/notify`, {}],
        ['lead', `${at}/merge`, { other: (await openComplaint(t.ctx)).complainantId }],
        ['administrator', `${at}/export`, {}],
        ['administrator', `${at}/erasure`, { reason: 'Asked again.', confirm: 'yes' }],
      ];
      for (const [role, path, body] of tries) {
        const v = await post(role, path, body);
        assert.equal(v.status, 409, `${path}: ${v.status} ${v.text}`);
        assert.ok(v.text.includes(ERASED_WORDS), `${path}: the page says "${v.text}"`);
      }
      for (const role of ['lead', 'administrator'] as const) {
        const res = await fetch(`${base}${at}`, {
          headers: { cookie: sessions.get(role)!.cookie, 'accept-language': 'en' },
        });
        const page = await res.text();
        for (const target of ['/restrictions"', '/merge"', '/export"'])
          assert.ok(!page.includes(`action="${at}${target}`), `${role}: ${target} is not offered`);
      }
      // The erasure page still shows what is held (nothing) and offers no erasure.
      const res = await fetch(`${base}${at}/erasure`, {
        headers: { cookie: sessions.get('administrator')!.cookie, 'accept-language': 'en' },
      });
      assert.equal(res.status, 200);
      assert.ok(!(await res.text()).includes(`action="${at}/erasure"`));
    });
  });
}
