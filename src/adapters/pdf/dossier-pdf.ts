// The readable history of a case dossier, as a PDF (pdf-lib): the case at a glance, its deadlines and every
// change to them, every event (when, who, what), the correspondence with the file that holds each item, and the
// chain's head. Times are written in the organisation's time zone, with the zone named, so a reader abroad is
// not misled; the JSON beside it in the dossier keeps the UTC instants.
//
// Helvetica (a standard font, WinAnsi): French and German are written as they are; other characters go through
// the letters' fallback (toWinAnsi), so nothing a complainant typed can make the export fail.
import { rgb } from 'pdf-lib';
import type { Language } from '../../core/case/model.ts';
import { arrivalShownAsDay } from '../../core/intake/arrival.ts';
import { translatorFor } from '../http/i18n/index.ts';
import { A4Flow, MM, newDocument, toWinAnsi, wrap } from './pdf-text.ts';

export interface DossierHistory {
  organisation: string;
  reference: string;
  timeZone: string;
  exportedAt: string;
  exportedBy: string;
  facts: {
    kind: string;
    step: number | null;
    status: string;
    channel: string;
    language: string;
    subject: string;
    complainant: string;
    receivedAt: string;
    acknowledgeBy: string | null;
    acknowledgedAt: string | null;
    answerBy: string | null;
    answerByDate: string | null;
    answeredAt: string | null;
    outcome: string | null;
    closedAt: string | null;
  };
  deadlines: { at: string; what: 'set' | 'extended' | 'recomputed'; answerByDate: string; detail: string }[];
  events: { seq: number; at: string; who: string; type: string; detail: string }[];
  correspondence: {
    at: string;
    direction: 'in' | 'out';
    channel: string;
    subject: string;
    party: string;
    file: string | null;
    status: string;
  }[];
  /** The complainant's record: registration, changes of details, restrictions (P8.3) and their lifting. */
  complainantEvents: { seq: number; at: string; who: string; type: string; detail: string }[];
  chain: { stream: string; events: number; head: string | null };
}

const TEXTS = {
  en: {
    title: 'Case dossier',
    exported: 'Exported on {at} by {by}. Times are in {tz}.',
    summary: 'The case',
    kind: 'Kind',
    step: 'Step',
    status: 'Status',
    channel: 'Received by',
    language: 'Language',
    subject: 'Subject',
    complainant: 'Complainant',
    receivedAt: 'Received',
    acknowledgeBy: 'Acknowledge by',
    acknowledgedAt: 'Acknowledged',
    answerBy: 'Answer due by',
    answeredAt: 'Answered',
    outcome: 'Outcome',
    closedAt: 'Closed',
    deadlines: 'Deadlines and their changes',
    set: 'set at receipt',
    extended: 'extended',
    recomputed: 'moved by a calendar change',
    history: 'History (who did what, when)',
    complainantRecord: "The complainant's record (contact details, restrictions)",
    correspondence: 'Correspondence',
    in: 'in',
    out: 'out',
    file: 'file',
    chain: 'Tamper evidence',
    chainText:
      'The {n} events of {stream} form a hash chain whose head is {head}. The manifest of this dossier lists the SHA-256 of every file; redress archive verify-dossier checks them offline.',
    none: '-',
    page: 'Page {n} of {total}',
  },
  fr: {
    title: 'Dossier du cas',
    exported: 'Exporté le {at} par {by}. Heures en {tz}.',
    summary: 'Le cas',
    kind: 'Nature',
    step: 'Étape',
    status: 'État',
    channel: 'Reçu par',
    language: 'Langue',
    subject: 'Objet',
    complainant: 'Réclamant',
    receivedAt: 'Reçu le',
    acknowledgeBy: 'Accusé de réception dû le',
    acknowledgedAt: 'Accusé de réception envoyé le',
    answerBy: 'Réponse due au plus tard le',
    answeredAt: 'Répondu le',
    outcome: 'Issue',
    closedAt: 'Clos le',
    deadlines: 'Délais et leurs modifications',
    set: 'fixé à la réception',
    extended: 'prolongé',
    recomputed: 'déplacé par un changement de calendrier',
    history: 'Historique (qui a fait quoi, quand)',
    complainantRecord: 'La fiche du réclamant (coordonnées, restrictions)',
    correspondence: 'Correspondance',
    in: 'reçu',
    out: 'envoyé',
    file: 'fichier',
    chain: 'Preuve d’intégrité',
    chainText:
      'Les {n} événements de {stream} forment une chaîne de hachage dont la tête est {head}. Le manifeste de ce dossier donne le SHA-256 de chaque fichier ; redress archive verify-dossier les vérifie hors ligne.',
    none: '-',
    page: 'Page {n} sur {total}',
  },
  de: {
    title: 'Fallakte',
    exported: 'Exportiert am {at} von {by}. Zeiten in {tz}.',
    summary: 'Der Fall',
    kind: 'Art',
    step: 'Stufe',
    status: 'Stand',
    channel: 'Eingegangen per',
    language: 'Sprache',
    subject: 'Betreff',
    complainant: 'Beschwerdeführer',
    receivedAt: 'Eingegangen',
    acknowledgeBy: 'Eingangsbestätigung fällig',
    acknowledgedAt: 'Eingang bestätigt',
    answerBy: 'Antwort fällig bis',
    answeredAt: 'Beantwortet',
    outcome: 'Ergebnis',
    closedAt: 'Abgeschlossen',
    deadlines: 'Fristen und ihre Änderungen',
    set: 'bei Eingang gesetzt',
    extended: 'verlängert',
    recomputed: 'durch eine Kalenderänderung verschoben',
    history: 'Verlauf (wer hat was wann getan)',
    complainantRecord: 'Die Angaben zum Beschwerdeführer (Kontaktdaten, Einschränkungen)',
    correspondence: 'Schriftverkehr',
    in: 'eingegangen',
    out: 'gesendet',
    file: 'Datei',
    chain: 'Manipulationsnachweis',
    chainText:
      'Die {n} Ereignisse von {stream} bilden eine Hash-Kette mit dem Kopf {head}. Das Manifest dieser Akte nennt den SHA-256 jeder Datei; redress archive verify-dossier prüft sie offline.',
    none: '-',
    page: 'Seite {n} von {total}',
  },
} as const;

type Texts = { [K in keyof (typeof TEXTS)['en']]: string };

function fill(text: string, params: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
}

/** An instant as `2026-11-23 11:15` in the zone (ISO-like: unambiguous in every language). */
export function localTime(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

const MARGIN = { left: 20 * MM, right: 20 * MM, top: 20 * MM, bottom: 20 * MM };

class Writer extends A4Flow {
  text(text: string, options: { size?: number; bold?: boolean; indent?: number; gap?: number } = {}): void {
    const size = options.size ?? 9.5;
    const font = options.bold ? this.bold : this.regular;
    const x = MARGIN.left + (options.indent ?? 0);
    const width = A4Flow.width - MARGIN.right - x;
    const leading = size * 1.3;
    for (const line of wrap(toWinAnsi(text, this.supported), font, size, width)) {
      this.ensure(leading);
      this.y -= leading;
      this.page.drawText(line, { x, y: this.y, size, font, color: rgb(0, 0, 0) });
    }
    this.y -= options.gap ?? 0;
  }
  heading(text: string): void {
    this.ensure(40);
    this.y -= 8;
    this.text(text, { size: 12, bold: true, gap: 3 });
  }
}

export async function renderDossierPdf(h: DossierHistory, language: Language): Promise<Uint8Array> {
  const x: Texts = TEXTS[language] ?? TEXTS.en;
  const t = translatorFor(language);
  const when = (iso: string | null) => (iso ? localTime(iso, h.timeZone) : x.none);
  // A letter registered without a time: its day alone (arrival.ts arrivalShownAsDay), as on the case page.
  const arrived = (channel: string, iso: string) =>
    arrivalShownAsDay(channel, iso, h.timeZone)
      ? localTime(iso, h.timeZone).slice(0, 10)
      : localTime(iso, h.timeZone);
  const { doc, regular, bold } = await newDocument(`${x.title} ${h.reference}`, h.exportedAt);
  const w = new Writer(doc, regular, bold, MARGIN);

  w.text(h.organisation, { size: 9 });
  w.text(`${x.title} ${h.reference}`, { size: 18, bold: true, gap: 4 });
  w.text(fill(x.exported, { at: when(h.exportedAt), by: h.exportedBy, tz: h.timeZone }), { size: 9, gap: 4 });

  // Wire values (`complaint`, `closed`, `upheld` …) in the reader's words, where the staff texts have them.
  const word = (key: string, value: string | null) => {
    if (value === null) return null;
    const said = t(`${key}.${value}`);
    return said === `${key}.${value}` ? value : said;
  };
  const f = h.facts;
  w.heading(x.summary);
  const row = (label: string, value: string | null) => w.text(`${label}: ${value ?? x.none}`);
  row(x.kind, word('kinds', f.kind));
  if (f.step !== null) row(x.step, String(f.step));
  row(x.status, word('staff.statuses', f.status));
  row(x.channel, word('channels', f.channel));
  row(x.language, f.language);
  row(x.subject, f.subject);
  row(x.complainant, f.complainant);
  row(x.receivedAt, arrived(f.channel, f.receivedAt));
  if (f.acknowledgeBy) row(x.acknowledgeBy, when(f.acknowledgeBy));
  row(x.acknowledgedAt, when(f.acknowledgedAt));
  if (f.answerByDate) row(x.answerBy, `${f.answerByDate} (${when(f.answerBy)})`);
  row(x.answeredAt, when(f.answeredAt));
  if (f.outcome) row(x.outcome, word('staff.outcomes', f.outcome));
  row(x.closedAt, when(f.closedAt));

  if (h.deadlines.length) {
    w.heading(x.deadlines);
    for (const d of h.deadlines)
      w.text(`${when(d.at)}  ${x[d.what]}: ${d.answerByDate}${d.detail ? ` (${d.detail})` : ''}`);
  }

  w.heading(x.history);
  for (const e of h.events) {
    const label = t(`staff.events.${e.type}`);
    const what = label === `staff.events.${e.type}` ? e.type : label;
    w.text(`#${e.seq}  ${when(e.at)}  ${e.who}`, { bold: true });
    w.text(`${what}${e.detail ? `: ${e.detail}` : ''}`, { indent: 12, gap: 2 });
  }

  if (h.complainantEvents.length) {
    w.heading(x.complainantRecord);
    for (const e of h.complainantEvents) {
      const label = t(`staff.complainantEvents.${e.type}`);
      const what = label === `staff.complainantEvents.${e.type}` ? e.type : label;
      w.text(`#${e.seq}  ${when(e.at)}  ${e.who}`, { bold: true });
      w.text(`${what}${e.detail ? `: ${e.detail}` : ''}`, { indent: 12, gap: 2 });
    }
  }

  if (h.correspondence.length) {
    w.heading(x.correspondence);
    for (const c of h.correspondence) {
      w.text(
        `${c.direction === 'in' ? arrived(c.channel, c.at) : when(c.at)}  ${c.direction === 'in' ? x.in : x.out} (${c.channel}, ${c.status})  ${c.party}`,
        {
          bold: true,
        },
      );
      w.text(`${c.subject}${c.file ? `  [${x.file}: ${c.file}]` : ''}`, { indent: 12, gap: 2 });
    }
  }

  w.heading(x.chain);
  w.text(fill(x.chainText, { n: h.chain.events, stream: h.chain.stream, head: h.chain.head ?? x.none }));

  const pages = doc.getPages();
  for (const [i, p] of pages.entries())
    p.drawText(fill(x.page, { n: i + 1, total: pages.length }), {
      x: MARGIN.left,
      y: MARGIN.bottom / 2,
      size: 8,
      font: w.regular,
      color: rgb(0.3, 0.3, 0.3),
    });
  return doc.save({ useObjectStreams: true });
}
