import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import {
  type AuditPersonal,
  auditLinkHash,
  auditPersonalDigest,
  type StoredAuditRow,
  verifyAuditChain,
} from './audit-chain.ts';

const personal = fc.record({
  actorLabel: fc.option(fc.emailAddress(), { nil: null }),
  targetLabel: fc.option(fc.string({ maxLength: 20 }), { nil: null }),
  address: fc.option(fc.ipV4(), { nil: null }),
  detail: fc.option(fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }), {
    nil: null,
  }),
});
const entry = fc.record({
  actor: fc.constantFrom('user:a', 'cli', 'anonymous'),
  action: fc.constantFrom('sign_in', 'user_added', 'config_changed'),
  targetType: fc.option(fc.constantFrom('user', 'config'), { nil: null }),
  targetId: fc.option(fc.uuid(), { nil: null }),
  personal,
});

type Entry = typeof entry extends fc.Arbitrary<infer T> ? T : never;

function chain(entries: Entry[]): StoredAuditRow[] {
  let prev: string | null = null;
  return entries.map((e, i) => {
    const link = {
      seq: i + 1,
      id: `id-${i}`,
      at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
      actor: e.actor,
      action: e.action,
      targetType: e.targetType,
      targetId: e.targetId,
      personalDigest: auditPersonalDigest(e.personal),
      prev,
    };
    const hash = auditLinkHash(link);
    prev = hash;
    return { ...link, ...e.personal, hash, redacted: false };
  });
}

const headOf = (rows: StoredAuditRow[]) => ({ seq: rows.length, hash: rows.at(-1)?.hash ?? null });

it('an intact audit chain verifies, and still does after its personal fields are redacted', () => {
  fc.assert(
    fc.property(fc.array(entry, { minLength: 1, maxLength: 8 }), (entries) => {
      const rows = chain(entries);
      assert.deepEqual(verifyAuditChain(rows, headOf(rows)), []);
      const redacted = rows.map((r) => ({
        ...r,
        actorLabel: null,
        targetLabel: null,
        address: null,
        detail: null,
        redacted: true,
      }));
      assert.deepEqual(verifyAuditChain(redacted, headOf(rows)), []);
    }),
  );
});

it('names the entry whose personal field, chained field or place was changed', () => {
  fc.assert(
    fc.property(
      fc.array(entry, { minLength: 2, maxLength: 8 }),
      fc.nat(),
      fc.constantFrom<keyof AuditPersonal | 'actor' | 'action' | 'at' | 'targetId' | 'delete'>(
        'actorLabel',
        'targetLabel',
        'address',
        'detail',
        'actor',
        'action',
        'at',
        'targetId',
        'delete',
      ),
      (entries, pick, field) => {
        const rows = chain(entries);
        const head = headOf(rows);
        const i = pick % rows.length;
        const seq = i + 1;
        let changed: StoredAuditRow[];
        if (field === 'delete') changed = rows.filter((_, j) => j !== i);
        else {
          const row = { ...rows[i]! };
          if (field === 'detail') row.detail = { forged: JSON.stringify(row.detail) };
          else if (field === 'actor' || field === 'action' || field === 'at' || field === 'targetId')
            row[field] = `${row[field]}x`;
          else row[field] = `${row[field]}x`;
          changed = rows.map((r, j) => (j === i ? row : r));
        }
        const problems = verifyAuditChain(changed, head);
        assert.ok(
          problems.some((p) => p.seq === seq && p.kind === (field === 'delete' ? 'missing' : 'altered')),
          JSON.stringify(problems),
        );
      },
    ),
  );
});
