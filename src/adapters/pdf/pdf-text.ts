// Text on a PDF page in one of the standard fonts (Helvetica, WinAnsi encoding), shared by the letters, the
// dossier and the monthly report: what the font cannot encode is replaced so that nothing a complainant typed can
// make a document fail, and long text is wrapped to a width, a word wider than the line cut where it must be.
// A4Flow is the page cursor of the documents that run over several pages (the dossier, the monthly report).
import { PDFDocument, type PDFFont, type PDFPage, StandardFonts } from 'pdf-lib';

/** Points per millimetre. */
export const MM = 72 / 25.4;

/** Letters with a stroke rather than an accent: Unicode gives them no decomposition. */
const NO_DECOMPOSITION: Record<string, string> = {
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ħ: 'h',
  Ħ: 'H',
  ı: 'i',
  ŧ: 't',
};

/**
 * The text in what the standard font can encode: accents kept where WinAnsi has them, else dropped, else "?".
 * Whatever the text holds, the result can be drawn: line breaks of every kind become "\n" (or a space when
 * `oneLine`), other control characters a space, invisible format characters (bidi controls, zero-width
 * spaces) nothing. A letter must never fail because of what a complainant typed.
 */
export function toWinAnsi(text: string, supported: ReadonlySet<number>, oneLine = false): string {
  const prepared = text
    .replace(/\r\n|[\r\n\v\f\u0085\u2028\u2029]/gu, oneLine ? ' ' : '\n')
    .replace(/[\u202F\u2009\u2007]/g, ' ')
    .replace(/\t/g, '    ')
    .replace(/[^\P{Cc}\n]/gu, ' ')
    .replace(/\p{Cf}/gu, '');
  let out = '';
  for (const ch of prepared) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\n' || (supported.has(cp) && cp >= 0x20)) {
      out += ch;
      continue;
    }
    const base = (NO_DECOMPOSITION[ch] ?? ch).normalize('NFD').replace(/\p{M}/gu, '');
    out += [...base].every((c) => supported.has(c.codePointAt(0)!)) && base ? base : '?';
  }
  return out;
}

/**
 * How many characters of `text` fit in `width` (at least one): the prefix is doubled until it no longer fits,
 * then the boundary is found by halving. A pasted word of thousands of characters costs a few dozen
 * measurements of about a line's length, not one measurement of the whole word per character.
 */
export function fittingLength(text: string, font: PDFFont, size: number, width: number): number {
  let low = 1;
  let high = Math.min(text.length, 32);
  while (high < text.length && font.widthOfTextAtSize(text.slice(0, high), size) <= width) {
    low = high;
    high = Math.min(text.length, high * 2);
  }
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (font.widthOfTextAtSize(text.slice(0, mid), size) <= width) low = mid;
    else high = mid - 1;
  }
  return low;
}

export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    if (paragraph.trim() === '') {
      lines.push('');
      continue;
    }
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width || !line) line = candidate;
      else {
        lines.push(line);
        line = word;
      }
      // A single word wider than the line is cut.
      for (let cut = fittingLength(line, font, size, width); cut < line.length; ) {
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
        cut = fittingLength(line, font, size, width);
      }
    }
    lines.push(line);
  }
  return lines;
}

/** An A4 document written from the top down: the cursor `y` and a new page when the next line would not fit. */
export class A4Flow {
  static readonly width = 210 * MM;
  static readonly height = 297 * MM;
  readonly doc: PDFDocument;
  readonly regular: PDFFont;
  readonly bold: PDFFont;
  /** The code points the standard font can draw (toWinAnsi's input). */
  readonly supported: ReadonlySet<number>;
  readonly #top: number;
  readonly #bottom: number;
  page!: PDFPage;
  y = 0;
  constructor(doc: PDFDocument, regular: PDFFont, bold: PDFFont, margins: { top: number; bottom: number }) {
    this.doc = doc;
    this.regular = regular;
    this.bold = bold;
    this.supported = new Set(regular.getCharacterSet());
    this.#top = margins.top;
    this.#bottom = margins.bottom;
    this.newPage();
  }
  newPage(): void {
    this.page = this.doc.addPage([A4Flow.width, A4Flow.height]);
    this.y = A4Flow.height - this.#top;
  }
  ensure(height: number): void {
    if (this.y - height < this.#bottom) this.newPage();
  }
}

/**
 * A new PDF with its title and dates set (the instant the content was made, so the same content gives the same
 * document) and Helvetica regular and bold embedded, for an A4Flow.
 */
export async function newDocument(
  title: string,
  madeAt: string,
): Promise<{ doc: PDFDocument; regular: PDFFont; bold: PDFFont }> {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  doc.setCreator('Redress');
  doc.setProducer('Redress');
  doc.setCreationDate(new Date(madeAt));
  doc.setModificationDate(new Date(madeAt));
  return {
    doc,
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
  };
}
