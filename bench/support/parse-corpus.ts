// The messages of the parse benchmark (bench/parse.bench.ts) and its profile (bench/profile-parse.ts): the
// corpus of test/fixtures/mail rendered again with varied content, so that both measure the same work.
import { allSpecs } from '../../test/fixtures/mail/build-corpus.ts';
import { type Part, renderMessage, type Spec } from '../../test/fixtures/mail/corpus-kit.ts';

const FILLER: Record<string, string[]> = {
  fr: [
    "J'ai déjà contacté le support par téléphone à deux reprises sans obtenir de réponse claire.",
    'Cette situation nous cause un préjudice important auprès de nos clients.',
    "Je reste à votre disposition pour tout renseignement complémentaire sur l'incident.",
  ],
  de: [
    'Ich habe den Support bereits zweimal telefonisch kontaktiert, ohne eine klare Antwort zu erhalten.',
    'Diese Situation schadet uns erheblich bei unseren Kunden.',
    'Für Rückfragen stehe ich Ihnen gerne zur Verfügung.',
  ],
  en: [
    'I have already called your support twice without getting a clear answer.',
    'This situation is seriously harming our relationship with our customers.',
    'I am happy to provide any further information you need about the incident.',
  ],
};

let seed = 42;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
}

function vary(part: Part, language: string, i: number): Part {
  if (part.kind === 'multi') return { ...part, parts: part.parts.map((p) => vary(p, language, i)) };
  if (part.kind !== 'text') return part;
  const sentences = FILLER[language] ?? FILLER.en!;
  const extra = Array.from(
    { length: Math.floor(random() * 4) },
    () => sentences[Math.floor(random() * sentences.length)],
  );
  const paragraph = part.subtype === 'html' ? extra.map((s) => `<p>${s}</p>`).join('') : extra.join(' ');
  const body = part.body
    .replace(/\b\d{6}\b/g, () => String(100_000 + Math.floor(random() * 900_000)))
    .replace(part.subtype === 'html' ? /<\/p>/ : /\n\n/, (m) =>
      paragraph ? `${m}${paragraph}${m === '</p>' ? '' : '\n\n'}` : m,
    );
  return { ...part, body: `${body}${i % 7 === 0 ? '\n' : ''}` };
}

/**
 * `count` messages: every message of test/fixtures/mail rendered again in turn with varied content (extra
 * paragraphs in its language, other ticket numbers); the same messages on every call.
 */
export function parseCorpus(count: number): Buffer[] {
  seed = 42;
  const messages: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const spec = allSpecs[i % allSpecs.length] as Spec;
    messages.push(renderMessage({ ...spec, body: vary(spec.body, spec.expect.language, i) }));
  }
  return messages;
}
