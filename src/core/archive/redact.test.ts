// Redaction for retention (P6.3): what a case's payloads and states keep, and that nothing that reaches a person
// survives it, whatever the shape.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { ANONYMISED, isRedacted, redactPersonal } from './retention.ts';

it('keeps dates, ids, references, codes, numbers and the dimensions; replaces names, addresses and texts', () => {
  const payload = {
    kind: 'complaint',
    reference: 'RC-2019-000123',
    step: 1,
    complainantId: '0192f0c4-8a3e-7c1b-9a4e-1f2d3c4b5a69',
    receivedAt: '2019-11-04T09:00:00.000Z',
    answerByDate: '2019-12-02',
    language: 'de',
    subject: 'Mein Server ist weg',
    fields: {
      ticketRefs: ['482913'],
      domains: ['keller-bau.de'],
      description: 'Seit drei Tagen.',
      expectations: null,
    },
    missing: ['ticket_ref'],
    category: 'Hosting & Server',
    department: 'Technik',
    outcome: 'partly_upheld',
    details: {
      name: 'Paul Keller',
      email: 'paul.keller@example.de',
      phone: '+49 711 123456',
      postalAddress: ['Paul Keller', 'Hauptstr. 1', '70173 Stuttgart'],
    },
    reason: 'answer_date_passed',
    note: 'Rückruf bei Herrn Keller',
    decidedBy: 'user:0192f0c4-8a3e-7c1b-9a4e-1f2d3c4b5a69',
    flagged: true,
    extensions: 2,
  };
  assert.deepEqual(redactPersonal(payload), {
    ...payload,
    subject: ANONYMISED,
    fields: { ticketRefs: [ANONYMISED], domains: [ANONYMISED], description: ANONYMISED, expectations: null },
    details: { name: null, email: null, phone: null, postalAddress: [ANONYMISED, ANONYMISED, ANONYMISED] },
    note: ANONYMISED,
  });
  assert.equal(redactPersonal('Settled.'), ANONYMISED);
  assert.deepEqual(redactPersonal({ category: 'paul@example.de' }), { category: ANONYMISED });
});

it('keeps the money offered with a remedy (amount and currency), and only in the forms an answer accepts', () => {
  const answered = {
    outcome: 'upheld',
    remedy: 'Nous remboursons la facture de Mme Martin.',
    remedyAmount: { value: '150.00', currency: 'EUR' },
  };
  assert.deepEqual(redactPersonal(answered), { ...answered, remedy: ANONYMISED });
  // The register's copy of the same answer, in its columns.
  const row = { remedy: 'Geste commercial', remedy_amount: '25.5', remedy_currency: 'CHF' };
  assert.deepEqual(redactPersonal(row), { ...row, remedy: ANONYMISED });
  // Anything else under those keys is text like any other.
  assert.deepEqual(
    redactPersonal({
      remedyAmount: { value: 'Paul Keller', currency: 'EUR' },
      remedy_amount: '150 EUR für Herrn Keller',
      remedy_currency: 'paul@example.de',
    }),
    {
      remedyAmount: { value: ANONYMISED, currency: ANONYMISED },
      remedy_amount: ANONYMISED,
      remedy_currency: ANONYMISED,
    },
  );
  assert.deepEqual(redactPersonal({ remedyAmount: { value: '10', currency: 'EUR', note: 'Keller' } }), {
    remedyAmount: { value: ANONYMISED, currency: ANONYMISED, note: ANONYMISED },
  });
});

const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.emailAddress(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('name', 'email', 'text', 'category', 'at', 'x', 'note'), tie('value'), {
      maxKeys: 4,
    }),
  ),
})).value;

it('leaves no @ and no text of a person, keeps the shape, and gives the same result applied twice', () => {
  fc.assert(
    fc.property(json, (value) => {
      const once = redactPersonal(value);
      assert.deepEqual(redactPersonal(once), once);
      assert.ok(!JSON.stringify(once).includes('@'));
      const shape = (v: unknown): unknown =>
        Array.isArray(v)
          ? v.map(shape)
          : v !== null && typeof v === 'object'
            ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]))
            : typeof v === 'string' || v === null
              ? 'text'
              : typeof v;
      assert.deepEqual(shape(once), shape(value));
    }),
  );
});

it('tells what a redaction wrote, today or by a release that kept customer numbers shaped like references', () => {
  const before = {
    fields: { ticketRefs: ['KD-2016-884213', ANONYMISED], description: ANONYMISED },
    reference: 'RC-2016-000042',
  };
  // Today's rule would take the number out, yet the record is as the earlier release redacted it: not altered.
  assert.notDeepEqual(redactPersonal(before), before);
  assert.ok(isRedacted(before));
  assert.ok(isRedacted(redactPersonal(before)));
  // Anything a redaction never writes is a change made since: a text, an address, a number that is no reference.
  for (const changed of [
    { ...before, fields: { ...before.fields, description: 'Herr Keller rief an' } },
    { ...before, note: 'keller@example.de' },
    { ...before, fields: { ...before.fields, ticketRefs: ['482913'] } },
  ])
    assert.ok(!isRedacted(changed), JSON.stringify(changed));
  fc.assert(
    fc.property(json, (value) => {
      assert.ok(isRedacted(redactPersonal(value)), 'whatever the rule of today writes is redacted');
      if (isRedacted(value))
        assert.ok(!JSON.stringify(value).includes('@'), 'a redacted record holds no address');
    }),
  );
});

it('keeps the digests an export recorded (a manifest, a chain head), and only as 64 hexadecimal digits', () => {
  const digest = 'a'.repeat(64);
  const detail = { manifestSha256: digest, chainHead: 'b1'.repeat(32), events: 4, files: 9 };
  assert.deepEqual(redactPersonal(detail), detail);
  assert.ok(isRedacted(detail));
  // Anything else under those keys is a text like any other.
  for (const value of ['Marie Dupont', `${digest} Marie`, digest.toUpperCase(), `${digest}0`])
    assert.deepEqual(redactPersonal({ manifestSha256: value, chainHead: value }), {
      manifestSha256: ANONYMISED,
      chainHead: ANONYMISED,
    });
  // Elsewhere a digest-looking text is not kept: only these keys name what the archive gave out.
  assert.deepEqual(redactPersonal({ note: digest }), { note: ANONYMISED });
});
