import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LANGUAGES } from '../case/model.ts';
import {
  builtInTemplate,
  caseVariables,
  checkTemplate,
  formatDate,
  formatDateTime,
  greeting,
  markerFor,
  missingList,
  type OrganisationDetails,
  renderText,
} from './compose.ts';
import { checkTemplateText, fillTemplate } from './template-engine.ts';
import { TEMPLATE_KINDS, TEMPLATE_VARIABLES } from './template-kinds.ts';

const org: OrganisationDetails = {
  name: 'Example Hosting GmbH',
  timeZone: 'Europe/Berlin',
  complaintsPostalAddress: ['Example Hosting GmbH', 'Beschwerdestelle', 'Musterstraße 1', '76133 Karlsruhe'],
  managementPostalAddress: ['Example Hosting GmbH', 'Geschäftsleitung', 'Musterstraße 1', '76133 Karlsruhe'],
  managementEmail: null,
  markers: {
    step1: [
      'Transmission de réclamation - Etape 1',
      'Complaint escalation - Step 1',
      'Beschwerdeweiterleitung - Stufe 1',
    ],
    step2: [
      'Transmission de réclamation - Etape 2',
      'Complaint escalation - Step 2',
      'Beschwerdeweiterleitung - Stufe 2',
    ],
  },
  disputeResolution: { fr: 'Texte VSBG.', en: 'VSBG statement.', de: 'VSBG-Hinweis.' },
  publicUrl: 'http://localhost:8080',
};

describe('template engine', () => {
  it('fills variables and shows or hides sections', () => {
    const t =
      'Hi {{name}}.{{#missing}}\n\nMissing:\n{{missing}}\n{{/missing}}{{^missing}} All there.{{/missing}}';
    assert.equal(fillTemplate(t, { name: 'Ada', missing: '- x' }), 'Hi Ada.\n\nMissing:\n- x');
    assert.equal(fillTemplate(t, { name: 'Ada', missing: '' }), 'Hi Ada. All there.');
    assert.equal(fillTemplate('{{#a}}A{{#b}}B{{/b}}{{/a}}', { a: true, b: false }), 'A');
    assert.equal(fillTemplate('{{#a}}A{{#b}}B{{/b}}{{/a}}C', { a: false, b: true }), 'C');
  });

  it('names unknown variables and unbalanced sections', () => {
    const allowed = new Set(['a', 'b']);
    assert.deepEqual(checkTemplateText('{{a}} {{#b}}x{{/b}}', allowed), []);
    assert.match(checkTemplateText('{{c}}', allowed)[0]!, /\{\{c\}\} is not a variable/);
    assert.match(checkTemplateText('{{#a}}x', allowed)[0]!, /never closed/);
    assert.match(checkTemplateText('{{#a}}{{#b}}{{/a}}{{/b}}', allowed)[0]!, /close \{\{\/b\}\} first/);
    assert.match(checkTemplateText('{{ a', allowed)[0]!, /not part of a variable/);
  });
});

describe('built-in texts', () => {
  it('exist for every kind in FR, EN and DE, and pass the checks an administrator’s version must pass', () => {
    for (const language of LANGUAGES)
      for (const kind of TEMPLATE_KINDS)
        assert.deepEqual(checkTemplate(kind, builtInTemplate(kind, language)), [], `${kind}/${language}`);
  });

  it('use only their declared variables (the lists are not wider than needed)', () => {
    for (const kind of TEMPLATE_KINDS) {
      const used = new Set<string>();
      for (const language of LANGUAGES) {
        const t = builtInTemplate(kind, language);
        for (const m of `${t.subject}${t.body}`.matchAll(/\{\{[#^/]?(\w+)\}\}/g)) used.add(m[1]!);
      }
      for (const v of used) assert.ok(TEMPLATE_VARIABLES[kind].includes(v), `${kind} uses ${v}`);
    }
  });
});

describe('composing', () => {
  it('writes dates for the language in the organisation’s time zone', () => {
    assert.equal(formatDate('2026-12-04', 'en', 'Europe/Berlin'), '4 December 2026');
    assert.equal(formatDate('2026-12-04', 'fr', 'Europe/Berlin'), '4 décembre 2026');
    assert.equal(formatDate('2026-12-04', 'de', 'Europe/Berlin'), '4. Dezember 2026');
    // 23:30 UTC on 3 December is 4 December in Berlin.
    assert.equal(formatDate('2026-12-03T23:30:00.000Z', 'en', 'Europe/Berlin'), '4 December 2026');
  });

  it('writes the first of the month as French and German write it: 1er juin, 1. Juni; other days plain', () => {
    assert.equal(formatDate('2026-06-01', 'fr', 'Europe/Berlin'), '1er juin 2026');
    assert.equal(formatDate('2026-06-02', 'fr', 'Europe/Berlin'), '2 juin 2026');
    assert.equal(formatDate('2026-06-11', 'fr', 'Europe/Berlin'), '11 juin 2026');
    assert.equal(formatDate('2026-06-21', 'fr', 'Europe/Berlin'), '21 juin 2026');
    // An instant on the first of the month in Berlin (31 May in UTC).
    assert.equal(formatDate('2026-05-31T22:30:00.000Z', 'fr', 'Europe/Berlin'), '1er juin 2026');
    assert.equal(formatDateTime('2026-05-31T22:30:00.000Z', 'fr', 'Europe/Berlin'), '1er juin 2026 à 00:30');
    assert.equal(formatDate('2026-06-01', 'de', 'Europe/Berlin'), '1. Juni 2026');
    assert.equal(formatDate('2026-06-01', 'en', 'Europe/Berlin'), '1 June 2026');
  });

  it('picks the step marker of the language', () => {
    assert.equal(markerFor(2, 'de', org.markers), 'Beschwerdeweiterleitung - Stufe 2');
    assert.equal(markerFor(2, 'fr', org.markers), 'Transmission de réclamation - Etape 2');
    assert.match(missingList('en', ['expectations', 'marker'], org.markers), /Complaint escalation - Step 1/);
  });

  it('renders an acknowledgement with the reference in the subject and what is missing', () => {
    const vars = {
      ...caseVariables(
        'fr',
        org,
        {
          reference: 'RC-2026-000001',
          kind: 'complaint',
          step: 1,
          subject: 'Panne',
          receivedAt: '2026-11-20T09:00:00.000Z',
          answerByDate: '2026-12-04',
          step1Reference: null,
        },
        { name: 'Camille Martin', byEmail: true },
      ),
      missing: missingList('fr', ['expectations'], org.markers),
      step2: false,
      step1Reference: null,
    };
    const r = renderText('acknowledgement', builtInTemplate('acknowledgement', 'fr'), vars);
    assert.equal(r.subject, '[RC-2026-000001] Nous avons bien reçu votre réclamation');
    assert.match(r.text, /^Bonjour Camille Martin,/);
    assert.match(r.text, /20 novembre 2026/);
    assert.match(r.text, /au plus tard le 4 décembre 2026/);
    assert.match(r.text, /- ce que vous attendez de notre part/);
    assert.match(r.text, /répondre à ce message/);
    assert.doesNotMatch(r.text, /\{\{|\n\n\n/);
  });

  it('puts the reference back into a subject that lost it', () => {
    const r = renderText('answer', { subject: 'Our answer', body: 'x' }, { reference: 'RC-2026-000009' });
    assert.equal(r.subject, '[RC-2026-000009] Our answer');
    assert.deepEqual(checkTemplate('answer', { subject: 'Our answer', body: 'x' }), [
      'subject: it must carry the case reference, {{reference}}',
    ]);
  });
});

describe('dates in texts', () => {
  it('write the local day of an instant, in the time zone of the organisation', () => {
    // 23:30 UTC on a Friday is already Saturday in Berlin, still Friday in New York.
    assert.equal(formatDate('2026-03-13T23:30:00.000Z', 'en', 'Europe/Berlin'), '14 March 2026');
    assert.equal(formatDate('2026-03-13T23:30:00.000Z', 'en', 'America/New_York'), '13 March 2026');
    assert.equal(formatDate('2026-03-13T23:30:00+01:00', 'fr', 'Europe/Berlin'), '13 mars 2026');
    assert.equal(formatDate('2026-12-24', 'de', 'Pacific/Kiritimati'), '24. Dezember 2026');
    // Either side of a local midnight within one quarter hour, in a zone 45 minutes off the hour (memo).
    assert.equal(formatDate('2026-03-13T18:14:59.999Z', 'en', 'Asia/Kathmandu'), '13 March 2026');
    assert.equal(formatDate('2026-03-13T18:15:00.000Z', 'en', 'Asia/Kathmandu'), '14 March 2026');
    // Offsets in seconds (Amsterdam in 1930, 1 h 19 min 32 s ahead in summer): every minute around midnight.
    const intl = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/Amsterdam' });
    for (let t = Date.UTC(1930, 5, 1, 22, 0); t < Date.UTC(1930, 5, 1, 23, 0); t += 60_000)
      assert.equal(formatDate(new Date(t).toISOString(), 'en', 'Europe/Amsterdam'), intl.format(t));
  });
});

describe('names from outside in our texts', () => {
  it("writes $&, $1, $' and $` in a name as they are, in every language", () => {
    for (const language of LANGUAGES) {
      const text = greeting(language, "Jo $& $1 $' $` $$ Smith");
      assert.ok(text.includes("Jo $& $1 $' $` $$ Smith"), text);
      assert.ok(!text.includes('{{name}}'), text);
    }
  });

  it('cuts a long display name and removes line breaks and direction controls before the greeting', () => {
    const long = `Your account is suspended. ${'Sign in at https://evil.test/login to keep it. '.repeat(45)}`;
    assert.ok(long.length > 2000);
    const text = greeting('en', long);
    assert.ok(text.length < 160, text);
    assert.ok(!text.includes(long));
    const tricky = greeting('en', 'Jo\r\n\r\nPlease pay now\u202Eevil\u202C Smith');
    assert.ok(!/[\r\n\u202E\u202C]/.test(tricky), JSON.stringify(tricky));
  });

  it('greets without the name when it carries an address or a link (anyone may type a third party’s e-mail)', () => {
    for (const name of [
      'Refund waiting at evil.example',
      'Anna https://evil.test/login',
      'Claim it: bit.ly/x',
      'Jo (write to pay@evil.test)',
      'Anna evil。com',
      'Anna evil．com',
      'Ben WWW.EVIL.TEST',
    ])
      for (const language of LANGUAGES)
        assert.equal(greeting(language, name), greeting(language, null), `${language}: ${name}`);
    // Names as people write them are kept, initials and particles included.
    for (const name of [
      'Jean-Pierre Dupont',
      'J.P. Dupont',
      'Anna M. Schmidt',
      "Seán O'Brien",
      'Dr. Müller',
    ]) {
      const text = greeting('en', name);
      assert.ok(text.includes(name), text);
    }
  });
});
