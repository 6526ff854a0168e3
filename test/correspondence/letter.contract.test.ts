// A complaint registered from a letter, with no e-mail address: the acknowledgement is prepared as a DIN 5008
// letter (PDF) that waits on the case until posted. The PDF is read back with poppler's `pdftotext -bbox`: the
// address block sits in the window position, the reference and the dates are in it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { outboxItemsOfCase } from '../../src/adapters/db/outbox.repo.ts';
import { LAYOUT, MM, renderLetterPdf, toWinAnsi } from '../../src/adapters/pdf/letter-pdf.ts';
import { afterCaseOpened } from '../../src/app/acknowledge-case.ts';
import { letterPdf, markLetterPosted } from '../../src/app/mark-letter-posted.ts';
import { openCaseIn } from '../../src/app/open-case.ts';
import { inTransaction } from '../../src/app/transaction.ts';
import { ENGINES } from '../support/databases.ts';
import { startWorld, type World } from './support.ts';

interface Word {
  text: string;
  /** millimetres from the left and from the top of the page */
  x: number;
  y: number;
  page: number;
}

/** The words of a PDF with their positions, from `pdftotext -bbox`. */
function words(pdf: Uint8Array): Word[] {
  const dir = mkdtempSync(join(tmpdir(), 'redress-pdf-'));
  try {
    const file = join(dir, 'letter.pdf');
    writeFileSync(file, pdf);
    const xml = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
    const out: Word[] = [];
    let page = 0;
    for (const line of xml.split('\n')) {
      if (line.includes('<page ')) page++;
      const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)<\/word>/.exec(
        line,
      );
      if (m)
        out.push({
          text: m[3]!
            .replace(/&amp;/g, '&')
            .replace(/&lt;/g, '<')
            .replace(/&gt;/g, '>')
            .replace(/&quot;/g, '"'),
          x: Number(m[1]) / MM,
          y: Number(m[2]) / MM,
          page,
        });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const inWindow = (w: Word) => {
  const f = LAYOUT.addressField;
  return (
    w.page === 1 && w.x >= f.left - 0.01 && w.x <= f.left + f.width && w.y >= f.top && w.y <= f.top + f.height
  );
};

describe('letter PDF', () => {
  it('writes French and German characters, € œ ’ – included, and replaces what the font lacks', async () => {
    const pdf = await renderLetterPdf({
      organisation: 'Example Hosting GmbH',
      senderAddress: ['Example Hosting GmbH', 'Musterstraße 1', '76133 Karlsruhe'],
      recipient: ['Zoë Lefèvre-Œuvray', 'Łukasz Dvořák', '12 rue de l’Église', '75011 Paris'],
      labels: { reference: 'Votre référence', date: 'Date', page: 'Page {{n}} sur {{total}}' },
      reference: 'RC-2026-000042',
      date: '4 décembre 2026',
      subject: 'Votre réclamation',
      text: 'Un avoir de 12,50 € – « cœur » – Größe, Straße, Ärger. Ça marche.\n\n' + 'Texte '.repeat(900),
    });
    const all = words(pdf);
    const text = all.map((w) => w.text).join(' ');
    for (const s of [
      '12,50',
      '€',
      '–',
      '«',
      'cœur',
      '»',
      'Größe,',
      'Straße,',
      'Ärger.',
      'Ça',
      'l’Église',
      'Lefèvre-Œuvray',
    ])
      assert.ok(text.includes(s), `${s} in ${text.slice(0, 300)}`);
    assert.ok(text.includes('Lukasz Dvorák'), 'ł and ř are written without their accent');
    assert.ok(
      all.some((w) => w.page === 2),
      'a long letter continues on a second page',
    );
    assert.ok(text.includes('Page 2 sur 2'));
    assert.equal(toWinAnsi('Ω', new Set([63])), '?');
  });
});

for (const engine of ENGINES)
  describe(`acknowledgement letter on ${engine}`, () => {
    let world: World;
    before(async () => {
      world = await startWorld(engine, '2026-11-23T08:30:00.000Z', { defaultLanguage: 'fr' });
    });
    after(() => world.close());

    it('prepares a letter whose address shows in the window, with the reference and the dates', async () => {
      const { ctx } = world;
      const opened = await inTransaction(ctx, async (agg) => {
        const o = await openCaseIn(ctx, agg, {
          kind: 'complaint',
          step: 1,
          channel: 'letter',
          receivedAt: '2026-11-20T23:00:00.000Z', // arrived Saturday 21 November (Berlin), due Friday 4 December
          language: 'de',
          subject: 'Beschwerdeweiterleitung - Stufe 1',
          complainant: {
            name: 'Jürgen Weiß',
            postalAddress: ['Hauptstraße 5', '70173 Stuttgart'],
          },
          fields: {
            ticketRefs: [],
            domains: [],
            description: 'Die Domain ist nicht erreichbar.',
            expectations: null,
          },
          missing: ['expectations'],
          correspondenceId: null,
          actor: 'user:clerk',
        });
        const after = await afterCaseOpened(ctx, agg, o, null, 'user:clerk');
        return { ...o, after };
      });
      assert.equal((opened.after as { acknowledged: string }).acknowledged, 'letter');
      const [letter] = await outboxItemsOfCase(ctx.database.db, opened.caseId);
      assert.equal(letter!.channel, 'letter');
      assert.equal(letter!.status, 'to_post');
      let state = (await inTransaction(ctx, (agg) => agg.loadCase(opened.caseId))).state!;
      assert.deepEqual(state.lettersToPost, [letter!.id]);
      assert.equal(state.acknowledgedAt, null, 'acknowledged once posted');

      const pdf = await letterPdf(ctx, letter!.id);
      assert.ok(pdf);
      assert.match(pdf.filename, /^RC-2026-\d{6}-acknowledgement-/);
      const all = words(pdf.content);
      const line = (text: string) => all.filter((w) => text.split(' ').includes(w.text));
      for (const part of ['Jürgen', 'Weiß', 'Hauptstraße', '5', '70173', 'Stuttgart']) {
        const found = line(part).filter(inWindow);
        assert.ok(found.length > 0, `${part} in the address window: ${JSON.stringify(line(part))}`);
      }
      // The recipient's lines are in order, below the return-address zone.
      const name = all.find((w) => w.text === 'Jürgen' && inWindow(w))!;
      const city = all.find((w) => w.text === 'Stuttgart' && inWindow(w))!;
      assert.ok(name.y >= LAYOUT.addressZoneTop && city.y > name.y);
      assert.ok(Math.abs(name.x - LAYOUT.addressField.left) < 0.5, 'address starts 20 mm from the left');
      const text = all.map((w) => w.text).join(' ');
      assert.ok(text.includes(opened.reference));
      assert.ok(text.includes('Ihr Aktenzeichen'));
      assert.ok(text.includes('23. November 2026'), 'the date of the letter');
      assert.ok(text.includes('21. November 2026'), 'the date received');
      assert.ok(text.includes('4. Dezember 2026'), 'the answer-by date');
      assert.ok(text.includes('Beschwerdestelle'), 'how to send what is missing by post');

      // Marked posted: recorded as correspondence sent, and the case is acknowledged by letter.
      world.clock.set('2026-11-23T15:00:00.000Z');
      assert.deepEqual(await markLetterPosted(ctx, opened.caseId, letter!.id, 'user:clerk'), {
        acknowledged: true,
      });
      state = (await inTransaction(ctx, (agg) => agg.loadCase(opened.caseId))).state!;
      assert.deepEqual(state.lettersToPost, []);
      assert.equal(state.acknowledgedAt, '2026-11-23T15:00:00.000Z');
      const [posted] = await outboxItemsOfCase(ctx.database.db, opened.caseId);
      assert.equal(posted!.status, 'posted');
      await assert.rejects(
        markLetterPosted(ctx, opened.caseId, letter!.id, 'user:clerk'),
        /already marked as posted on 2026-11-23/,
      );
    });
  });
