// A printable business letter after DIN 5008, form B, with pdf-lib: letterhead in the top 45 mm, the address
// field 20 mm from the left and 45 mm from the top (85 × 45 mm: 5 lines for the return address and notes, then
// up to 9 address lines), so that it shows in the window of a DL envelope; the information block (reference,
// date) at 125 mm; fold marks at 105 and 210 mm and a punch mark at 148.5 mm; text between 25 and 20 mm margins.
//
// Font: Helvetica (a PDF standard font, WinAnsi encoding), which covers French and German (é è ê à ç œ « » ü ö ä ß
// € ’ – …). Characters outside WinAnsi (e.g. ł, ř, Cyrillic) are written without their accent or as "?".
import { PDFDocument, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { fittingLength, MM, toWinAnsi, wrap } from './pdf-text.ts';

export { MM, toWinAnsi };

const PAGE = { width: 210, height: 297 };

/** Positions in millimetres from the top-left corner of the page (DIN 5008 form B). */
export const LAYOUT = {
  addressField: { left: 20, top: 45, width: 85, height: 45 },
  /** The return-address and note zone is the top 17.7 mm of the field; the address proper the 27.3 mm below. */
  addressZoneTop: 45 + 17.7,
  infoBlock: { left: 125, top: 50 },
  subjectTop: 98.46,
  text: { left: 25, right: 20, bottom: 25, topOnFollowingPages: 25 },
  foldMarks: [105, 210],
  punchMark: 148.5,
} as const;

export interface LetterContent {
  /** The organisation, printed as the letterhead. */
  organisation: string;
  /** The sender's postal address, one line each (printed small above the recipient: the return address). */
  senderAddress: readonly string[];
  /** The recipient's address block, one line each (name first); at most 9 lines are printed. */
  recipient: readonly string[];
  labels: { reference: string; date: string; page: string };
  reference: string;
  /** The date of the letter, already written for the language. */
  date: string;
  subject: string;
  /** The letter's text; paragraphs separated by blank lines. */
  text: string;
  title?: string;
}

/** y in PDF points (from the bottom) of a distance in mm from the top. */
const fromTop = (mm: number) => (PAGE.height - mm) * MM;

function marks(page: PDFPage): void {
  const grey = rgb(0.6, 0.6, 0.6);
  for (const y of LAYOUT.foldMarks)
    page.drawLine({
      start: { x: 3 * MM, y: fromTop(y) },
      end: { x: 8 * MM, y: fromTop(y) },
      thickness: 0.3,
      color: grey,
    });
  page.drawLine({
    start: { x: 3 * MM, y: fromTop(LAYOUT.punchMark) },
    end: { x: 10 * MM, y: fromTop(LAYOUT.punchMark) },
    thickness: 0.3,
    color: grey,
  });
}

export async function renderLetterPdf(content: LetterContent): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(content.title ?? `${content.reference} – ${content.subject}`);
  pdf.setAuthor(content.organisation);
  pdf.setCreator('Redress');
  pdf.setProducer('Redress (pdf-lib)');
  pdf.setCreationDate(new Date(0));
  pdf.setModificationDate(new Date(0));
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const supported = new Set(regular.getCharacterSet());
  // Every line drawn on its own is one line; only the subject and the text are wrapped at their breaks.
  const t = (s: string) => toWinAnsi(s, supported, true);
  const multiline = (s: string) => toWinAnsi(s, supported);
  const black = rgb(0, 0, 0);

  const first = pdf.addPage([PAGE.width * MM, PAGE.height * MM]);
  marks(first);
  // Letterhead.
  first.drawText(t(content.organisation), { x: 25 * MM, y: fromTop(20), size: 16, font: bold, color: black });
  first.drawText(t(content.senderAddress.join(' · ')), {
    x: 25 * MM,
    y: fromTop(27),
    size: 8,
    font: regular,
    color: rgb(0.3, 0.3, 0.3),
    maxWidth: 165 * MM,
  });
  // Address field: return address (small, in the note zone), then the recipient.
  const field = LAYOUT.addressField;
  first.drawText(t(content.senderAddress.join(', ')), {
    x: field.left * MM,
    y: fromTop(field.top + 17.7 - 2.5),
    size: 6,
    font: regular,
    color: black,
    maxWidth: field.width * MM,
  });
  const addressSize = 10;
  const lineGap = 4.23; // mm: 12 pt leading
  content.recipient.slice(0, 9).forEach((line, i) => {
    const full = t(line);
    const text = full.slice(0, fittingLength(full, regular, addressSize, (field.width - 2) * MM));
    first.drawText(text, {
      x: field.left * MM,
      y: fromTop(LAYOUT.addressZoneTop + 3.5 + i * lineGap),
      size: addressSize,
      font: regular,
      color: black,
    });
  });
  // Information block.
  const info = LAYOUT.infoBlock;
  const infoLines: Array<[string, string]> = [
    [content.labels.reference, content.reference],
    [content.labels.date, content.date],
  ];
  infoLines.forEach(([label, value], i) => {
    first.drawText(t(label), { x: info.left * MM, y: fromTop(info.top + i * 10), size: 8, font: regular });
    first.drawText(t(value), { x: info.left * MM, y: fromTop(info.top + i * 10 + 4), size: 10, font: bold });
  });
  // Subject and text.
  const textWidth = (PAGE.width - LAYOUT.text.left - LAYOUT.text.right) * MM;
  const size = 10.5;
  const leading = 4.6; // mm
  const subjectLines = wrap(t(content.subject), bold, 11, textWidth);
  let y: number = LAYOUT.subjectTop;
  for (const line of subjectLines) {
    first.drawText(line, { x: LAYOUT.text.left * MM, y: fromTop(y), size: 11, font: bold });
    y += 5;
  }
  y += leading * 1.5;
  const pages: PDFPage[] = [first];
  let page = first;
  for (const line of wrap(multiline(content.text.trim()), regular, size, textWidth)) {
    if (y > PAGE.height - LAYOUT.text.bottom) {
      page = pdf.addPage([PAGE.width * MM, PAGE.height * MM]);
      marks(page);
      pages.push(page);
      y = LAYOUT.text.topOnFollowingPages;
    }
    if (line) page.drawText(line, { x: LAYOUT.text.left * MM, y: fromTop(y), size, font: regular });
    y += leading;
  }
  // Page numbers and the reference on every page (DIN 5008: on letters of more than one page).
  if (pages.length > 1)
    pages.forEach((p, i) => {
      const label = content.labels.page
        .replace('{{n}}', String(i + 1))
        .replace('{{total}}', String(pages.length));
      p.drawText(t(`${content.reference} · ${label}`), {
        x: LAYOUT.text.left * MM,
        y: fromTop(PAGE.height - 12),
        size: 8,
        font: regular,
      });
    });
  return pdf.save();
}
