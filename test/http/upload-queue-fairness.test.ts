// Forms with files wait for their share of the process's upload memory in a queue of a few places (uploads.ts,
// UploadBudget). A client that sends only the head of a form (its type and a large length, then nothing) is not
// read while it waits, so no minimum rate can see it: without a bound per client, one address could take every
// place and every other complainant would be told to come back later. Here one address may have only a couple of
// forms waiting; its next ones are answered busy at once (their text given back), and a form from another address
// still waits its turn and is received. The test app believes X-Forwarded-For from 127.0.0.1, as behind a proxy,
// so that the tests' connections can come from several addresses.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { COMPOSED_HELD_PER_BYTE, uploadBudget } from '../../src/adapters/http/uploads.ts';
import { fixedClock } from '../../src/core/ports.ts';
import {
  type ListeningTestApp,
  listeningTestApp,
  type PublicFormVisitor,
  publicFormVisitor,
  type RawPost,
  rawPost,
} from '../support/http.ts';
import { setUploadTimings } from '../support/upload-timings.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function pdf(size: number): Uint8Array {
  const bytes = new Uint8Array(size).fill(0x20);
  bytes.set(new TextEncoder().encode('%PDF-1.4\n'));
  bytes.set(new TextEncoder().encode('%%EOF'), size - 5);
  return bytes;
}

/** A complainant's whole form with one small document. */
function complaint(v: PublicFormVisitor, name: string): FormData {
  const fd = new FormData();
  for (const [k, value] of Object.entries({
    _csrf: v.csrf,
    formToken: v.token,
    homepage: '',
    name,
    email: 'erika@example.de',
    description: 'My domain has not been reachable since the move.',
    expectations: 'Please repair it.',
    consent: 'yes',
  }))
    fd.append(k, value);
  fd.append('documents', new Blob([pdf(40_000)], { type: 'application/pdf' }), 'scan.pdf');
  return fd;
}

/** Waits until `done` holds, looking every 20 ms, at most `ms`. */
async function until(done: () => boolean, ms = 3000): Promise<void> {
  for (let waited = 0; waited < ms && !done(); waited += 20) await pause(20);
}

describe('the upload queue shared fairly between addresses (sqlite)', () => {
  let t: ListeningTestApp;
  const clock = fixedClock('2026-11-23T09:00:00.000Z');
  let restoreTimings = () => {};
  const opened: RawPost[] = [];
  let held: (() => void) | null = null;

  before(async () => {
    t = await listeningTestApp({
      clock,
      env: {
        REDRESS_TRUST_PROXY: '127.0.0.1',
        // Every post counts against its address before it is read; the limit is raised so that only the queue's
        // own bounds are at work here.
        REDRESS_PUBLIC_FORM_PER_HOUR: '100',
        REDRESS_HTTP_REQUEST_TIMEOUT_MS: '300000',
      },
    });
    // A wait far longer than the test: a form refused while it could still wait was refused for its client.
    restoreTimings = setUploadTimings({ waitMs: 20_000, progressGraceMs: 300, progressCheckMs: 50 });
  });
  after(async () => {
    held?.();
    for (const p of opened) await p.close();
    restoreTimings();
    await t?.close();
  });

  /** The head of a form with files from `address`, announcing `length` bytes (20 MB); its body never comes. */
  const headOnly = async (v: PublicFormVisitor, address: string, length = 20_000_000) => {
    const p = await rawPost(
      t,
      `/complain?_csrf=${v.csrf}`,
      { Cookie: v.cookie, 'X-Forwarded-For': address },
      { type: 'multipart/form-data; boundary=headonly', length },
    );
    opened.push(p);
    return p;
  };
  const send = (v: PublicFormVisitor, address: string, fd: FormData, signal?: AbortSignal) =>
    fetch(`http://127.0.0.1:${t.port}/complain?_csrf=${v.csrf}`, {
      method: 'POST',
      headers: { cookie: v.cookie, 'accept-language': 'en', 'x-forwarded-for': address },
      body: fd,
      redirect: 'manual',
      ...(signal ? { signal } : {}),
    });
  /** The answer to `sent`, or null when none came within 5 s (the test's wait is far longer). */
  const within5s = async (sent: (signal: AbortSignal) => Promise<Response>) => {
    const stop = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const answer = await Promise.race([
      sent(stop.signal),
      new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), 5000);
      }),
    ]);
    clearTimeout(timer);
    if (!answer) stop.abort();
    return answer;
  };
  /** Lets every share and place go: the test's own, and the forms it left open. */
  const letGo = async () => {
    held?.();
    held = null;
    for (const p of opened.splice(0)) await p.close();
    await until(() => uploadBudget.used === 0 && uploadBudget.waiting === 0);
    assert.equal(uploadBudget.waiting, 0, 'a form whose client went away leaves its place');
    assert.equal(uploadBudget.used, 0, 'every share came back');
  };

  it('one address that sends the heads of 17 forms does not turn away a form from another address', async () => {
    const attacker = await publicFormVisitor(t.app);
    const person = await publicFormVisitor(t.app);
    clock.advance(20_000);
    // The memory is taken, so every form with files must wait for its share.
    held = await uploadBudget.take(uploadBudget.capacity, 0);
    for (let i = 0; i < 17; i++) await headOnly(attacker, '203.0.113.5');
    const refusedAtOnce = () =>
      t.logs.filter((l) => (JSON.parse(l) as { why?: string }).why === 'client_waiting').length;
    await until(() => uploadBudget.waiting + refusedAtOnce() >= 17);
    const waitingFromOne = uploadBudget.waiting;

    const answer = send(person, '198.51.100.7', complaint(person, 'Erika Mustermann'));
    await until(() => uploadBudget.waiting > waitingFromOne, 1000);
    held!();
    held = null;
    const res = await answer;
    // Before the bound per address, the queue was full of the one address's forms: 503 at once.
    assert.equal(res.status, 303, (await res.text()).slice(0, 300));
    assert.equal(waitingFromOne, 2, 'one address has two forms waiting at most');
    assert.equal(refusedAtOnce(), 15, 'its others were answered at once, and that is logged');
    await letGo();
    assert.equal((await t.tdb.database.db.selectFrom('cases').select('id').execute()).length, 1);
  });

  it('answers the third waiting form of one address busy at once, with its text, while the queue has room', async () => {
    const visitor = await publicFormVisitor(t.app);
    const person = await publicFormVisitor(t.app);
    clock.advance(20_000);
    held = await uploadBudget.take(uploadBudget.capacity, 0);
    await headOnly(visitor, '203.0.113.6');
    await headOnly(visitor, '203.0.113.6');
    await until(() => uploadBudget.waiting === 2);
    assert.equal(uploadBudget.waiting, 2);

    const third = await within5s((signal) =>
      send(visitor, '203.0.113.6', complaint(visitor, 'Max Mustermann'), signal),
    );
    // Before the bound per address, it waited for the whole wait (20 s here) among the others.
    assert.ok(third, 'the third form of the address is answered without waiting');
    assert.equal(third.status, 503);
    assert.equal(third.headers.get('retry-after'), '60');
    const page = await third.text();
    assert.match(page, /Many documents are arriving at this moment/);
    assert.match(page, /value="Max Mustermann"/);

    // Another address, in the same moment, waits its turn and is received.
    const answer = send(person, '198.51.100.8', complaint(person, 'Erika Mustermann'));
    await until(() => uploadBudget.waiting === 3, 1000);
    assert.equal(uploadBudget.waiting, 3, 'the form of another address waits');
    held!();
    held = null;
    const res = await answer;
    assert.equal(res.status, 303, (await res.text()).slice(0, 300));
    await letGo();
  });

  it('lets one address hold one share at once: its next form waits, and another address’s fits beside its first', async () => {
    const visitor = await publicFormVisitor(t.app);
    const person = await publicFormVisitor(t.app);
    clock.advance(20_000);
    // The address's forms are not cut for their pace during this test: only the bound per address is at work.
    uploadBudget.progressGraceMs = 60_000;
    try {
      // The largest form of a complainant's door, held: its share is under the whole budget.
      await headOnly(visitor, '203.0.113.7');
      await until(() => uploadBudget.used > 0);
      const first = uploadBudget.used;
      assert.ok(first > 0 && first < uploadBudget.capacity, 'the first form holds most of the memory');
      // A second form that would take nearly all the rest, leaving too little for a small document.
      const rest = uploadBudget.capacity - first;
      await headOnly(visitor, '203.0.113.7', Math.floor(rest / COMPOSED_HELD_PER_BYTE) - 10_000);
      await until(() => uploadBudget.waiting === 1 || uploadBudget.used > first, 1000);

      const res = await within5s((signal) =>
        send(person, '198.51.100.9', complaint(person, 'Erika Mustermann'), signal),
      );
      // Before the bound on shares, the two forms of the address held all but a few kilobytes, and the other
      // address's form waited for the whole wait.
      assert.ok(res, 'the other address’s form is let in beside the first form');
      assert.equal(res.status, 303, (await res.text()).slice(0, 300));
      assert.equal(uploadBudget.used, first, 'the address’s second form still waits');
      assert.equal(uploadBudget.waiting, 1);
    } finally {
      uploadBudget.progressGraceMs = 300;
    }
    await letGo();
  });
});
