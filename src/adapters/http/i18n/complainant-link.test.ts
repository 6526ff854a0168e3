// The complainant's page speaks FR, EN and DE: the same keys in each, with the same placeholders.
import { describe, it } from 'node:test';
import { assertSameTexts } from '../../../../test/support/same-texts.ts';
import { complainantLinkDe } from './complainant-link.de.ts';
import { complainantLinkEn } from './complainant-link.en.ts';
import { complainantLinkFr } from './complainant-link.fr.ts';

describe('complainant page texts', () => {
  it('have the same keys in FR, EN and DE, none empty, placeholders kept', () => {
    assertSameTexts(complainantLinkEn, { fr: complainantLinkFr, de: complainantLinkDe });
  });
});
