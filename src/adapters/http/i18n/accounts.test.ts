// The texts of invitations and password resets: FR, EN and DE alike, placeholders kept.
import { describe, it } from 'node:test';
import { assertSameTexts } from '../../../../test/support/same-texts.ts';
import { accountsDe } from './accounts.de.ts';
import { accountsEn } from './accounts.en.ts';
import { accountsFr } from './accounts.fr.ts';

describe('account mail and page texts', () => {
  it('have the same keys in English, French and German, none empty, placeholders kept', () => {
    assertSameTexts(accountsEn, { fr: accountsFr, de: accountsDe });
  });
});
