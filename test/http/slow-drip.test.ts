// A form with files holds its share of the process's upload memory while its bytes arrive (uploads.ts). A client
// can send a good part of what it announced at once, enough for its average so far to promise the rest within the
// request time limit, and then send almost nothing ("slow drip"): without a bound on the pace of the body itself,
// it holds the memory until the request time limit, and a complainant sending documents meanwhile is told to come
// back later. A body that, after a short while, brings less than the minimum rate over the last few seconds
// (http.uploadMinBytesPerSecond) is cut: its connection closed, its share given back at once, nothing of it kept.
// A slow body above that rate is received whole.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { COMPOSED_HELD_PER_BYTE, uploadBudget } from '../../src/adapters/http/uploads.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { ENGINES } from '../support/databases.ts';
import {
  createUser,
  getPage,
  type ListeningTestApp,
  listeningTestApp,
  type PublicFormVisitor,
  publicFormVisitor,
  rawPost,
  sessionFor,
} from '../support/http.ts';
import { setUploadTimings } from '../support/upload-timings.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const BOUNDARY = 'slowdripboundary';

/** The text fields of a complainant's form, as multipart parts. */
function fieldParts(v: PublicFormVisitor): string {
  const fields: Record<string, string> = {
    _csrf: v.csrf,
    formToken: v.token,
    homepage: '',
    name: 'Erika Mustermann',
    email: 'erika@example.de',
    description: 'My domain has not been reachable since the move.',
    expectations: 'Please repair it.',
    consent: 'yes',
  };
  return Object.entries(fields)
    .map(([k, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${value}\r\n`)
    .join('');
}

function pdfOf(size: number): Buffer {
  const pdf = Buffer.alloc(size, 0x20);
  pdf.write('%PDF-1.4\n', 0, 'latin1');
  pdf.write('%%EOF', size - 5, 'latin1');
  return pdf;
}

for (const engine of ENGINES) {
  describe(`a body that drips in (${engine})`, () => {
    let t: ListeningTestApp;
    const clock = fixedClock('2026-11-23T09:00:00.000Z');
    let restoreTimings = () => {};
    before(async () => {
      // A request time limit far longer than the test: only the pace of a body can end it here. The minimum rate
      // is the default one; only the seconds it is judged over are shortened (and looked at often).
      t = await listeningTestApp({ engine, clock, env: { REDRESS_HTTP_REQUEST_TIMEOUT_MS: '300000' } });
      restoreTimings = setUploadTimings({
        waitMs: 8000,
        progressGraceMs: 300,
        progressCheckMs: 50,
        rateWindowMs: 500,
      });
    });
    after(async () => {
      restoreTimings();
      await t?.close();
    });

    it('cuts a body that sends a burst and then drips, and the next complainant’s documents go through', async () => {
      const slow = await publicFormVisitor(t.app);
      const person = await publicFormVisitor(t.app);
      clock.advance(20_000);
      const casesBefore = (await t.tdb.database.db.selectFrom('cases').select('id').execute()).length;

      // Announces 20 MB of documents, sends 2 MB at once (its average then promises the rest well within the
      // request time limit for a while), then a byte every 100 ms.
      const drip = await rawPost(
        t,
        `/complain?_csrf=${slow.csrf}`,
        { Cookie: slow.cookie, 'Accept-Language': 'en' },
        { type: `multipart/form-data; boundary=${BOUNDARY}`, length: 20_000_000 },
      );
      await drip.write(
        Buffer.from(
          `${fieldParts(slow)}--${BOUNDARY}\r\nContent-Disposition: form-data; name="documents"; filename="a.pdf"\r\n` +
            'Content-Type: application/pdf\r\n\r\n%PDF-1.4\n',
          'latin1',
        ),
      );
      await drip.write(Buffer.alloc(2 * 1024 * 1024, 0x20));
      let dripping = true;
      const dripper = (async () => {
        while (dripping && !drip.closed) {
          await drip.write(Buffer.from('x'));
          await pause(100);
        }
      })();
      try {
        for (let i = 0; i < 200 && uploadBudget.used === 0; i++) await pause(20);
        const held = uploadBudget.used;
        assert.ok(held > 0, 'the dripping form holds its share');

        // Documents larger than what the dripping form leaves free: they wait for its share.
        const size = Math.ceil((uploadBudget.capacity - held) / COMPOSED_HELD_PER_BYTE) + 100_000;
        const fd = new FormData();
        for (const [k, v] of Object.entries({
          _csrf: person.csrf,
          formToken: person.token,
          homepage: '',
          name: 'Max Mustermann',
          email: 'max@example.de',
          description: 'My invoice is wrong.',
          expectations: 'Please correct it.',
          consent: 'yes',
        }))
          fd.append(k, v);
        fd.append('documents', new Blob([pdfOf(size)], { type: 'application/pdf' }), 'scan.pdf');
        const res = await fetch(`http://127.0.0.1:${t.port}/complain?_csrf=${person.csrf}`, {
          method: 'POST',
          headers: { cookie: person.cookie, 'accept-language': 'en' },
          body: fd,
          redirect: 'manual',
        });
        // Before the pace of a body was bounded, the dripping form held its share past the wait: 503, come back later.
        assert.equal(res.status, 303, (await res.text()).slice(0, 300));
        assert.ok(drip.closed, 'the server closed the dripping form’s connection');
      } finally {
        dripping = false;
        await drip.close();
        await dripper;
      }
      // Only the real complaint was stored; nothing of the half-read one.
      const cases = await t.tdb.database.db.selectFrom('cases').select('id').execute();
      assert.equal(cases.length, casesBefore + 1);
      for (let i = 0; i < 100 && uploadBudget.used > 0; i++) await pause(20);
      assert.equal(uploadBudget.used, 0, 'every share came back');
      const lines = t.logs.map((l) => JSON.parse(l) as Record<string, unknown> & { level: number });
      const cut = lines.filter((l) => l.reason === 'upload_too_slow');
      assert.ok(
        cut.some((l) => l.why === 'below_min_rate'),
        'the cut is logged, for the rate over the last seconds',
      );
      // Counted, without anything that names the person: no address, no field of theirs.
      for (const l of cut) assert.doesNotMatch(JSON.stringify(l), /127\.0\.0\.1|Erika|erika@|Mustermann/);
      assert.deepEqual(
        lines.filter((l) => l.level >= 50).map((l) => JSON.stringify(l).slice(0, 600)),
        [],
        'a cut connection is not an error of ours',
      );
    });

    it('receives whole a slow body that keeps above the minimum rate', async () => {
      const person = await publicFormVisitor(t.app);
      clock.advance(20_000);
      const before = new Set(
        (await t.tdb.database.db.selectFrom('cases').select('id').execute()).map((c) => c.id),
      );
      const pdf = pdfOf(30 * 1024);
      const body = Buffer.concat([
        Buffer.from(
          `${fieldParts(person)}--${BOUNDARY}\r\nContent-Disposition: form-data; name="documents"; filename="slow.pdf"\r\n` +
            'Content-Type: application/pdf\r\n\r\n',
          'latin1',
        ),
        pdf,
        Buffer.from(`\r\n--${BOUNDARY}--\r\n`, 'latin1'),
      ]);
      const post = await rawPost(
        t,
        `/complain?_csrf=${person.csrf}`,
        { Cookie: person.cookie, 'Accept-Language': 'en' },
        { type: `multipart/form-data; boundary=${BOUNDARY}`, length: body.length },
      );
      // About 10 KB a second, for about three seconds: six windows of the rate, each well above its minimum.
      for (let at = 0; at < body.length && !post.closed; at += 1024) {
        await post.write(body.subarray(at, at + 1024));
        await pause(100);
      }
      for (let i = 0; i < 300 && !/\r\n\r\n/.test(post.answer) && !post.closed; i++)
        await Promise.race([post.next(), pause(100)]);
      assert.match(post.answer, /^HTTP\/1\.1 303 /, post.answer.slice(0, 300));
      await post.close();

      const kase = (await t.tdb.database.db.selectFrom('cases').select('id').execute()).find(
        (c) => !before.has(c.id),
      );
      const docs = await t.tdb.database.db
        .selectFrom('correspondence')
        .select('id')
        .where('case_id', '=', kase!.id)
        .where('direction', '=', 'in')
        .where('filing', '=', 'filed_on_case')
        .execute();
      assert.equal(docs.length, 1);
      const agent = await sessionFor(t.ctx, await createUser(t.ctx, 'agent'));
      const file = await getPage(
        t.app,
        agent,
        `/cases/${kase!.id}/correspondence/${docs[0]!.id}/attachments/0`,
      );
      assert.equal(file.statusCode, 200);
      assert.ok(file.rawPayload.equals(pdf), 'the document arrived whole');
    });
  });
}
