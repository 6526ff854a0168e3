// The reader's shortcuts give exactly what the general code they stand in for gives: folding character by
// character against folding the whole string, the trigram language detector against franc itself, the
// domain finder's word-by-word scan against the definitions it relies on, letters counted against letters kept.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { franc } from 'franc-min';
import { isSpace, letterCount, lettersUpTo, wordsWithLetters } from './characters.ts';
import { findDomains } from './domains.ts';
import { fold } from './fold.ts';
import { francAmongThree } from './trigram-language.ts';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/mail');

/** The text of every fixture message (headers and bodies as sent, in UTF-8 and Latin-1 readings). */
const fixtureTexts = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.eml'))
  .flatMap((f) => {
    const raw = readFileSync(join(FIXTURES, f));
    return [raw.toString('utf8'), raw.toString('latin1')];
  });

/** A deterministic pseudo-random sequence. */
function randomFrom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Pieces of the fixtures: every line, and slices of varied lengths. */
function samples(): string[] {
  const random = randomFrom(7);
  const out = fixtureTexts.flatMap((t) => t.split('\n'));
  for (const text of fixtureTexts) {
    for (let i = 0; i < 20; i++) {
      const at = Math.floor(random() * text.length);
      out.push(text.slice(at, at + Math.floor(random() * 600)));
    }
  }
  return out;
}

const OTHER_SCRIPTS = [
  'ΣΟΦΟΣ ΚΑΙ ΣΟΦΟΣ',
  'Привет, это жалоба на ваш сервис',
  '日本語のテキストです。テスト',
  'mixed Привет hello bonjour tout le monde',
  'İstanbul çok güzel bir şehir, Straße ẞ',
  'e\u0301te\u0301 a\u0308\u0327',
  '1234567890 12345',
  '??????????????',
];

/** fold as a single pass over the whole string (the definition). */
function foldWhole(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[\u2010-\u2015\u2212\u2E3A\u2E3B\uFE58\uFE63\uFF0D]/g, '-')
    .replace(/[\u2018\u2019\u201A\u201B\u02BC\u2032\u00B4]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u00AB\u00BB\u2039\u203A\u2033]/g, '"')
    .replace(/\u00AD|\u200C|\u2060/g, '')
    .replace(/[\s\u00A0\u2000-\u200B\u202F\u205F\u3000]+/g, ' ')
    .trim();
}

test('fold: character by character as over the whole string', () => {
  const characters: string[] = [];
  for (let c = 0; c < 0x0370; c++) characters.push(String.fromCharCode(c));
  for (let c = 0x2000; c < 0x20d0; c++) characters.push(String.fromCharCode(c));
  for (const ch of characters) assert.equal(fold(ch), foldWhole(ch), `U+${ch.charCodeAt(0).toString(16)}`);
  const random = randomFrom(11);
  for (let i = 0; i < 20_000; i++) {
    let text = '';
    for (let n = 1 + Math.floor(random() * 8); n > 0; n--)
      text += characters[Math.floor(random() * characters.length)];
    assert.equal(fold(text), foldWhole(text), JSON.stringify(text));
  }
  for (const text of [...samples(), ...OTHER_SCRIPTS]) assert.equal(fold(text), foldWhole(text), text);
});

test('language: the trigram detector names what franc names among French, English and German', () => {
  // Besides the fixtures: jumbles of letters, cases, accents, digits, punctuation and white space.
  const pool = [
    ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ  éèàüöäßÉÜÖÇçœŒİıſ’–—…«»€0123456789.,;:!?@#()\'"-',
    ...'\t\n\u00a0\u2003\u2028',
  ];
  const random = randomFrom(13);
  const jumbles = Array.from({ length: 5000 }, () => {
    let text = '';
    for (let n = Math.floor(random() * 80); n > 0; n--) text += pool[Math.floor(random() * pool.length)];
    return text;
  });
  for (const text of [...samples(), ...OTHER_SCRIPTS, ...jumbles]) {
    assert.equal(
      francAmongThree(text),
      franc(text, { only: ['fra', 'eng', 'deu'], minLength: 10 }),
      JSON.stringify(text.slice(0, 100)),
    );
  }
});

test('domains: white space as the pattern reads it, candidates at the edges of words', () => {
  for (let c = 0; c <= 0xffff; c++)
    assert.equal(isSpace(c), /\s/u.test(String.fromCharCode(c)), `U+${c.toString(16)}`);
  assert.deepEqual(
    findDomains('voir https://jean@shop.example.fr/x,\twww.beispiel.de\u3000et\u00a0exemple.com. fin'),
    ['shop.example.fr', 'beispiel.de', 'exemple.com'],
  );
  assert.deepEqual(findDomains('exemple.com\nautre.fr\u2028\ufefftroisieme.de'), [
    'exemple.com',
    'autre.fr',
    'troisieme.de',
  ]);
  assert.deepEqual(findDomains('a/exemple.com jean@exemple.fr x.exemple.de'), ['x.exemple.de']);
  assert.deepEqual(findDomains('domaine : script.sh, fichier script.py'), ['script.sh']);
  assert.deepEqual(findDomains('Fin. Version 2.4.1, voir site.рф et bücher.de.'), ['site.рф', 'bücher.de']);
  assert.deepEqual(findDomains('x.. .a a.-b www.exemple.fr.'), ['exemple.fr']);
});

test('letters up to a threshold: the count below it, at least the threshold at or above it', () => {
  const texts = [...samples(), ...OTHER_SCRIPTS, 'a\u{1D400}', '\u{1D400}\u{1D400}x', ''];
  for (const text of texts) {
    const all = letterCount(text);
    for (const enough of [0, 1, 2, 3, 59, 60, 61, 199, 200, 201, all - 1, all, all + 1]) {
      const counted = lettersUpTo(text, enough);
      if (all < enough) assert.equal(counted, all, `${enough}: ${text}`);
      else assert.ok(counted >= enough && counted <= all, `${enough}: ${text}`);
    }
  }
});

test('letters and words with letters: counted as the regular expressions count them', () => {
  const kept = (text: string) => text.replace(/[^\p{L}]/gu, '').length;
  const words = (text: string) => text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
  for (let c = 0; c <= 0xffff; c++) {
    const ch = String.fromCharCode(c);
    assert.equal(letterCount(ch), kept(ch), `U+${c.toString(16)}`);
  }
  const pieces = [
    'a',
    'É',
    '1',
    ' ',
    '\n',
    '\u00a0',
    '\u2003',
    '\ufeff',
    '\u{1D400}',
    '\u{1F600}',
    '\uD835',
    '\uDC00',
    'ß',
    '\u0301',
    'Ж',
    '中',
  ];
  const random = randomFrom(5);
  for (let i = 0; i < 20_000; i++) {
    let text = '';
    for (let n = Math.floor(random() * 10); n > 0; n--) text += pieces[Math.floor(random() * pieces.length)];
    assert.equal(letterCount(text), kept(text), JSON.stringify(text));
    assert.equal(wordsWithLetters(text), words(text), JSON.stringify(text));
  }
  for (const text of [...samples(), ...OTHER_SCRIPTS]) {
    assert.equal(letterCount(text), kept(text), text);
    assert.equal(wordsWithLetters(text), words(text), text);
  }
});
