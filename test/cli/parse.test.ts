// `redress parse` as a user runs it: files in order, stdin, a mailbox by name, unreadable files, usage errors.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { READING_FIELDS } from '../../src/app/read-message.ts';

const bin = new URL('../../bin/redress.js', import.meta.url).pathname;
const corpus = join(import.meta.dirname, '..', 'fixtures', 'mail');
const complaint = join(corpus, '001-fr-marker-qp-utf8.eml');
const suggestion = join(corpus, '015-fr-suggestion.eml');

function redress(args: string[], input?: Buffer) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    input,
    cwd: corpus,
    env: { ...process.env, REDRESS_CONFIG: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const FIELDS = READING_FIELDS;

it('prints one JSON reading per file, in order, with exactly the fields of the contract', () => {
  // Read on the day it came (a saved message's claimed arrival counts only within the week before the reading).
  const r = redress(['parse', '--at', '2026-03-02T12:00:00Z', complaint, suggestion]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(lines.length, 2);
  for (const line of lines) assert.deepEqual(Object.keys(line), FIELDS);
  assert.equal(lines[0].kind, 'complaint');
  assert.deepEqual(lines[0].ticketRefs, ['482913']);
  assert.equal(lines[0].receivedAt, '2026-03-02T09:15:03.000Z');
  assert.equal(lines[0].answerByDate, '2026-03-16');
  assert.equal(lines[1].kind, 'complaint', 'a suggestion text sent to the complaints mailbox is a complaint');
});

it('reads a message as arriving now, unless --at names when; refuses an --at that is no instant', () => {
  const before = Date.now();
  const now = JSON.parse(redress(['parse', complaint]).stdout);
  // The message says it arrived on 2 March 2026, more than a week before any run of this test.
  const receivedMs = Date.parse(now.receivedAt);
  assert.ok(receivedMs >= before - 1000 && receivedMs <= Date.now() + 1000, now.receivedAt);
  const read = JSON.parse(redress(['parse', '--at', '2026-03-02T11:15:03+01:00', complaint]).stdout);
  assert.equal(read.receivedAt, '2026-03-02T09:15:03.000Z');
  const bad = redress(['parse', '--at', 'yesterday', complaint]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--at "yesterday" is not an ISO 8601 instant with an offset; write e\.g\. /);
  assert.equal(bad.stdout, '');
});

it('reads standard input when no file is given, and honours --mailbox', () => {
  const r = redress(['parse', '--mailbox', 'suggestions'], readFileSync(suggestion));
  assert.equal(r.code, 0, r.stderr);
  const reading = JSON.parse(r.stdout);
  assert.equal(reading.kind, 'suggestion');
  assert.equal(reading.step, null);
  assert.deepEqual(reading.missing, []);
  assert.equal(reading.answerBy, null);
});

it('gives an error line for a file it cannot read, prints the others, and exits 1', () => {
  const r = redress(['parse', complaint, 'missing.eml', suggestion]);
  assert.equal(r.code, 1);
  const lines = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(lines.length, 3);
  assert.deepEqual(lines[1], { file: 'missing.eml', error: 'cannot read the file: no such file' });
  assert.equal(lines[2].kind, 'complaint');
});

it('refuses an unknown mailbox with exit 2 and the configured names', () => {
  const r = redress(['parse', '--mailbox', 'nowhere', complaint]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no mailbox named "nowhere".*complaints, suggestions, management/);
  assert.equal(r.stdout, '');
});

it('reads a message that is not MIME at all without failing', () => {
  const r = redress(['parse'], Buffer.from('Subject: just some words\nno MIME, no From\n'));
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).kind, 'complaint');
});

it('reports files that are not messages as such: no complaint, no deadlines, and the reason', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redress-parse-'));
  const files: Record<string, Buffer> = {
    'empty.eml': Buffer.alloc(0),
    'one.eml': Buffer.from('x'),
    'two.eml': Buffer.from('\r\n'),
    'binary.eml': Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44,
    ]),
    'words.eml': Buffer.from('just some words, no headers\n'),
  };
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  const r = redress(['parse', ...Object.keys(files).map((f) => join(dir, f))]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(lines.length, Object.keys(files).length);
  for (const [i, line] of lines.entries()) {
    const name = Object.keys(files)[i];
    assert.deepEqual(Object.keys(line), [...FIELDS, 'problem'], name);
    assert.equal(line.kind, 'other', name);
    assert.equal(line.automated, false, name);
    assert.equal(line.step, null, name);
    assert.deepEqual(line.missing, [], name);
    assert.equal(line.acknowledgeBy, null, name);
    assert.equal(line.answerBy, null, name);
    assert.equal(line.answerByDate, null, name);
    assert.match(line.problem, /not an e-mail message/, name);
  }
  assert.match(lines[0].problem, /empty/);
  assert.match(lines[1].problem, /only 1 byte/);
  assert.match(lines[3].problem, /binary/);
  assert.match(lines[4].problem, /no header fields/);
});

it('reads a message whose lines end in CR alone like any other', () => {
  const crOnly = Buffer.from(readFileSync(complaint).toString('latin1').replace(/\r?\n/g, '\r'), 'latin1');
  const r = redress(['parse', complaint, '-'], crOnly);
  assert.equal(r.code, 0, r.stderr);
  const [lf, cr] = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(cr, lf);
  assert.equal(cr.kind, 'complaint');
  assert.notEqual(cr.description, null);
});
