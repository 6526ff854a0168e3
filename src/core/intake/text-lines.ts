// The lines of a text, split once and each folded once, shared by the rules that read a message line by line.
// The reading passes the same text (the person's own text, then its unlabelled part, …) to several rules in
// turn: the own-text split, the form footer, the labelled fields, the letter, the domains and the tickets each
// went over it again, splitting it, trimming and folding its lines. Here a text is split once; the folding,
// trimming and blankness of a line are worked out the first time a rule asks and kept for the next.
import { fold } from './fold.ts';

export interface TextLines {
  /** The text, as given. */
  readonly text: string;
  /** Its lines (split on `\n`; line endings are already `\n` when a body reaches the rules). */
  readonly raw: readonly string[];
  /** Line i folded (fold.ts); '' past the end. */
  folded(i: number): string;
  /** Line i without the white space around it; '' past the end. */
  trimmed(i: number): string;
  /** Is line i empty or white space only (or past the end)? */
  blank(i: number): boolean;
  /** fold() of the whole text, made from the folded lines (the same string; see foldedText below). */
  foldedText(): string;
}

class Lines implements TextLines {
  readonly text: string;
  readonly raw: readonly string[];
  private readonly foldedLines: (string | undefined)[];
  private readonly trimmedLines: (string | undefined)[];
  private whole: string | undefined;

  constructor(text: string, raw: readonly string[], folded: (string | undefined)[] = []) {
    this.text = text;
    this.raw = raw;
    this.foldedLines = folded;
    this.trimmedLines = [];
  }

  folded(i: number): string {
    if (i >= this.raw.length) return '';
    let f = this.foldedLines[i];
    if (f === undefined) {
      f = fold(this.raw[i] ?? '');
      this.foldedLines[i] = f;
    }
    return f;
  }

  trimmed(i: number): string {
    if (i >= this.raw.length) return '';
    let t = this.trimmedLines[i];
    if (t === undefined) {
      t = (this.raw[i] ?? '').trim();
      this.trimmedLines[i] = t;
    }
    return t;
  }

  blank(i: number): boolean {
    return this.trimmed(i) === '';
  }

  /**
   * fold() of the whole text. Folding works character by character, turns every run of white space (line
   * breaks included) into one space and trims: so the folding of a text is the foldings of its lines that
   * are not empty, joined by one space (a property test holds this against fold() of the text).
   */
  foldedText(): string {
    if (this.whole === undefined) {
      const parts: string[] = [];
      for (let i = 0; i < this.raw.length; i++) {
        const f = this.folded(i);
        if (f !== '') parts.push(f);
      }
      this.whole = parts.join(' ');
    }
    return this.whole;
  }
}

/**
 * The texts split lately, with their lines. A message's rules ask for the same few texts (its own text, its
 * unlabelled part, its letter), so a handful is enough. They are compared with `===`, not looked up in a map:
 * a map would hash each new text whole, while two texts of different lengths differ at once.
 */
const recent: (Lines | undefined)[] = new Array(8);
let next = 0;

function remember(lines: Lines): Lines {
  recent[next] = lines;
  next = (next + 1) % recent.length;
  return lines;
}

function recalled(text: string): Lines | undefined {
  for (const lines of recent) if (lines !== undefined && lines.text === text) return lines;
  return undefined;
}

/** The lines of `text` (the same object for the same text while it is among the recent ones). */
export function linesOf(text: string): TextLines {
  return recalled(text) ?? remember(new Lines(text, text.split('\n')));
}

/**
 * The lines of a text made by joining `raw` with `\n`, whose folded lines are already known (`folded[i]` is
 * fold(raw[i]) where set): a rule that builds a text from lines it has folded hands them on, so that the next
 * rule does not fold them again. No line of `raw` may hold a `\n`, and neither array may change afterwards.
 */
export function joinedLines(raw: readonly string[], folded: (string | undefined)[]): TextLines {
  // No lines make the empty text, whose split is one empty line (as linesOf would give).
  if (raw.length === 0) return remember(new Lines('', [''], ['']));
  return remember(new Lines(raw.join('\n'), raw, folded));
}
