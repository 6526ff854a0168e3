// The case-action registry (src/core/case/actions.ts, src/adapters/http/case-actions.ts), walked whole on both
// engines: every action is offered on the case page and done through its form by a role the rule allows at that
// step, and done through the API the same way; a role the rule does not allow is refused on both doors and not
// offered the form; the same bad input gets the same field messages on both doors; the role table grants each
// action's routes exactly to the roles its rule allows; and the OpenAPI document lists each action's schema.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { accessOf } from '../../src/adapters/http/access.ts';
import { CASE_ACTION_INPUTS, LIMITS } from '../../src/adapters/http/case-actions.ts';
import { translatorFor } from '../../src/adapters/http/i18n/index.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { answerCase } from '../../src/app/answer-case.ts';
import { extensionWindowOptions } from '../../src/app/extend-case.ts';
import { forwardSuggestion } from '../../src/app/forward-suggestion.ts';
import { createApiToken } from '../../src/app/manage-api-tokens.ts';
import { rolesMayAct } from '../../src/core/access/case-access.ts';
import { ROLES, type Role } from '../../src/core/access/roles.ts';
import {
  apiRouteKey,
  CASE_ACTION_NAMES,
  CASE_ACTIONS,
  type CaseActionName,
  webRouteKey,
} from '../../src/core/case/actions.ts';
import { ENGINES } from '../support/databases.ts';
import {
  createTestApp,
  createUser,
  departmentsEnv,
  getPage,
  postForm,
  sessionFor,
  type TestApp,
} from '../support/http.ts';
import { openComplaint, postMultipart } from '../support/staff.ts';

type Body = Record<string, string | string[]>;
interface Prepared {
  caseId: string;
  reference: string;
}

/** How to walk one action: a case where it can succeed, who may and who may not, good input and bad inputs. */
interface Walk {
  prepare: (t: TestApp) => Promise<Prepared>;
  allowed: Role;
  refused: Role;
  input: (t: TestApp, c: Prepared) => Promise<Body> | Body;
  bad: Body[];
}

const long = (n: number) => 'x'.repeat(n + 1);

for (const engine of ENGINES) {
  describe(`the case-action registry, walked on ${engine}`, () => {
    let t: TestApp;
    const users = new Map<Role, User>();
    const tokens = new Map<Role, string>();

    before(async () => {
      t = await createTestApp({ engine, env: departmentsEnv('Billing') });
      for (const role of ROLES)
        users.set(
          role,
          await createUser(t.ctx, role, role === 'department_member' ? { departments: ['Billing'] } : {}),
        );
      const acting = { actor: 'cli', label: null, address: null };
      for (const role of ROLES)
        tokens.set(
          role,
          (await createApiToken(t.ctx, { name: `t-${role}`, role, expiresInDays: null }, acting)).secret,
        );
    });
    after(async () => {
      await t?.close();
    });

    const step1 = (t: TestApp) => openComplaint(t.ctx, { daysAgo: 0 });
    const acknowledged = async (t: TestApp) => {
      const c = await step1(t);
      await actOnCase(
        t.ctx,
        c.caseId,
        { type: 'acknowledge', channel: 'email', correspondenceId: null },
        'system',
      );
      return c;
    };
    const answered = async (t: TestApp) => {
      const c = await acknowledged(t);
      await answerCase(t.ctx, c.caseId, {
        outcome: 'not_upheld',
        text: 'No fault.',
        remedy: null,
        actor: 'system',
      });
      return c;
    };
    const suggestion = (t: TestApp) => openComplaint(t.ctx, { kind: 'suggestion' });
    const forwarded = async (t: TestApp) => {
      const c = await suggestion(t);
      await forwardSuggestion(t.ctx, c.caseId, { department: 'Billing', note: null, actor: 'system' });
      return c;
    };

    const WALKS: Record<CaseActionName, Walk> = {
      assign: {
        prepare: step1,
        allowed: 'lead',
        refused: 'management',
        input: () => ({ to: users.get('agent')!.id }),
        bad: [{ to: long(LIMITS.accountId) }, {}],
      },
      categorise: {
        prepare: step1,
        allowed: 'agent',
        refused: 'management',
        input: () => ({ category: 'transfer' }),
        bad: [{ category: long(LIMITS.category) }, {}],
      },
      note: {
        prepare: step1,
        allowed: 'agent',
        refused: 'management',
        input: () => ({ text: 'Called the registrar.' }),
        bad: [{ text: '' }, { text: '   ' }, { text: long(LIMITS.note) }],
      },
      acknowledge: { prepare: step1, allowed: 'agent', refused: 'management', input: () => ({}), bad: [] },
      request_information: {
        prepare: acknowledged,
        allowed: 'agent',
        refused: 'management',
        input: () => ({ missing: ['expectations'] }),
        bad: [{}, { missing: 'nonsense' }, { missing: ['expectations'], note: long(LIMITS.requestNote) }],
      },
      extend: {
        prepare: acknowledged,
        allowed: 'agent',
        refused: 'management',
        input: async (t, c) => {
          const o = await extensionWindowOptions(t.ctx, c.caseId, 5);
          return {
            reason: 'Waiting for the registry.',
            windowStart: o.firstDays[0]!,
            windowEnd: o.lastDays[0]!,
          };
        },
        bad: [
          { reason: 'ab', windowStart: 'tomorrow', windowEnd: '' },
          { reason: long(LIMITS.reason), windowStart: '2026-12-01', windowEnd: '2026-12-08' },
        ],
      },
      answer: {
        prepare: acknowledged,
        allowed: 'agent',
        refused: 'management',
        input: () => ({ outcome: 'upheld', text: 'We restored the service.' }),
        bad: [
          { text: '' },
          { outcome: 'maybe', text: long(LIMITS.answerText) },
          { outcome: 'upheld', text: 'ok', remedy: long(LIMITS.remedy) },
        ],
      },
      reply: {
        prepare: acknowledged,
        allowed: 'agent',
        refused: 'management',
        input: () => ({ kind: 'reply', text: 'Your refund left our bank on Monday.' }),
        bad: [{ text: '' }, { kind: 'maybe', text: 'ok' }, { kind: 'update', text: long(LIMITS.replyText) }],
      },
      escalate: { prepare: answered, allowed: 'agent', refused: 'management', input: () => ({}), bad: [] },
      close: {
        prepare: step1,
        allowed: 'agent',
        refused: 'management',
        input: () => ({ reason: 'Settled by phone.' }),
        bad: [{ reason: 'ab' }, { reason: '' }],
      },
      reclassify: {
        prepare: step1,
        allowed: 'agent',
        refused: 'auditor',
        input: () => ({ kind: 'other', reason: 'abuse_report', note: 'A phishing report, not a complaint.' }),
        bad: [
          { kind: 'other' },
          { kind: 'nonsense' },
          { kind: 'other', reason: 'abuse_report', note: long(LIMITS.reason) },
        ],
      },
      reopen: {
        prepare: async (t) => {
          const c = await step1(t);
          await actOnCase(t.ctx, c.caseId, { type: 'close', reason: 'Settled.' }, 'system');
          return c;
        },
        allowed: 'agent',
        refused: 'management',
        input: () => ({ reason: 'The complainant wrote again.' }),
        bad: [{ reason: '' }],
      },
      merge: {
        prepare: step1,
        allowed: 'agent',
        refused: 'management',
        // A duplicate is the same person's complaint sent twice: from the prepared case's sender.
        input: async (t, c) => {
          const { email } = await t.tdb.database.db
            .selectFrom('cases')
            .innerJoin('complainants', 'complainants.id', 'cases.complainant_id')
            .select('complainants.email')
            .where('cases.id', '=', c.caseId)
            .executeTakeFirstOrThrow();
          return { duplicateReference: (await openComplaint(t.ctx, { daysAgo: 0, email })).reference };
        },
        bad: [{ duplicateReference: 'not a reference' }, { duplicateReference: '' }],
      },
      forward: {
        prepare: suggestion,
        allowed: 'agent',
        refused: 'management',
        input: () => ({ department: 'Billing' }),
        bad: [{ department: '' }, { department: 'Billing', note: long(LIMITS.departmentNote) }],
      },
      // (An API token names no departments, so a department member acts on the page; the team may on both.)
      suggestion_acknowledge: {
        prepare: forwarded,
        allowed: 'lead',
        refused: 'management',
        input: () => ({}),
        bad: [],
      },
      suggestion_done: {
        prepare: forwarded,
        allowed: 'agent',
        refused: 'auditor',
        input: () => ({ note: 'Added to the next release.' }),
        bad: [{ note: long(LIMITS.departmentNote) }],
      },
    };

    const web = async (role: Role, name: CaseActionName, caseId: string, body: Body) => {
      const session = await sessionFor(t.ctx, users.get(role)!);
      const url = `/cases/${caseId}/${CASE_ACTIONS[name].web}`;
      // The answer's and the reply's forms carry files, so they are sent as multipart, as the page does.
      return name === 'answer' || name === 'reply'
        ? postMultipart(t.app, session, url, body)
        : postForm(t.app, session, url, body);
    };
    const api = (role: Role, name: CaseActionName, caseId: string, body: Body) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/${CASE_ACTIONS[name].api}`,
        headers: { authorization: `Bearer ${tokens.get(role)}`, accept: 'application/json' },
        payload: body,
      });
    const offered = async (role: Role, name: CaseActionName, caseId: string) => {
      const page = await getPage(t.app, await sessionFor(t.ctx, users.get(role)!), `/cases/${caseId}`);
      return (
        page.statusCode === 200 &&
        // A form with files carries the CSRF token in its address (`?_csrf=`).
        new RegExp(`action="/cases/${caseId}/${CASE_ACTIONS[name].web}[?"]`).test(page.body)
      );
    };
    const htmlText = (s: string) =>
      s
        .replaceAll('&quot;', '"')
        .replaceAll('&#39;', "'")
        .replaceAll('&lt;', '<')
        .replaceAll('&gt;', '>')
        .replaceAll('&amp;', '&');

    it('walks every action of the registry (none is left out)', () => {
      assert.deepEqual(Object.keys(WALKS).sort(), [...CASE_ACTION_NAMES].sort());
    });

    for (const name of CASE_ACTION_NAMES) {
      it(`${name}: offered and done on the page and through the API by a role allowed, refused to one not`, async () => {
        const w = WALKS[name];
        for (const door of ['web', 'api'] as const) {
          const c = await w.prepare(t);
          assert.equal(await offered(w.allowed, name, c.caseId), true, `${name} offered to ${w.allowed}`);
          assert.equal(
            await offered(w.refused, name, c.caseId),
            false,
            `${name} not offered to ${w.refused}`,
          );
          const input = await w.input(t, c);
          const no =
            door === 'web'
              ? await web(w.refused, name, c.caseId, input)
              : await api(w.refused, name, c.caseId, input);
          assert.equal(no.statusCode, 403, `${door} ${name} as ${w.refused}: ${no.body.slice(0, 300)}`);
          const before = (
            await t.ctx.database.db
              .selectFrom('events')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n;
          const yes =
            door === 'web'
              ? await web(w.allowed, name, c.caseId, input)
              : await api(w.allowed, name, c.caseId, input);
          assert.equal(
            yes.statusCode,
            door === 'web' ? 303 : 200,
            `${door} ${name} as ${w.allowed}: ${yes.body.slice(0, 500)}`,
          );
          const afterwards = (
            await t.ctx.database.db
              .selectFrom('events')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n;
          assert.ok(Number(afterwards) > Number(before), `${door} ${name} recorded an event`);
        }
      });

      it(`${name}: the same bad input gets the same field messages on both doors`, async () => {
        const w = WALKS[name];
        const c = await w.prepare(t);
        for (const bad of w.bad) {
          const fromApi = await api(w.allowed, name, c.caseId, bad);
          assert.equal(
            fromApi.statusCode,
            422,
            `${name} ${JSON.stringify(bad).slice(0, 80)}: ${fromApi.body.slice(0, 300)}`,
          );
          const apiFields = new Map<string, string>(
            (fromApi.json().error.fields as Array<{ field: string; message: string }>).map((f) => [
              f.field,
              f.message,
            ]),
          );
          const fromWeb = await web(w.allowed, name, c.caseId, bad);
          assert.equal(fromWeb.statusCode, 422, `${name} ${JSON.stringify(bad).slice(0, 80)}`);
          const webFields = new Map<string, string>();
          for (const m of fromWeb.body.matchAll(new RegExp(`id="${name}-([\\w.]+)-error">([^<]*)<`, 'g')))
            webFields.set(m[1]!, htmlText(m[2]!));
          assert.deepEqual(
            [...webFields.keys()].sort(),
            [...apiFields.keys()].sort(),
            `${name}: the same fields`,
          );
          for (const [field, message] of apiFields) {
            // An outcome not chosen is said as a choice on the page (a group of buttons), as "fill this in" in JSON.
            if (name === 'answer' && field === 'outcome' && !bad.outcome) continue;
            assert.equal(webFields.get(field), message, `${name}.${field}`);
          }
        }
      });
    }

    it('a step-2 case: management acts on both doors, the complaints team is refused on both', async () => {
      for (const door of ['web', 'api'] as const) {
        const c = await openComplaint(t.ctx, { step: 2 });
        assert.equal(await offered('management', 'note', c.caseId), true);
        assert.equal(await offered('agent', 'note', c.caseId), false);
        const call = door === 'web' ? web : api;
        assert.equal((await call('agent', 'note', c.caseId, { text: 'x' })).statusCode, 403);
        assert.equal(
          (await call('management', 'note', c.caseId, { text: 'Seen.' })).statusCode,
          door === 'web' ? 303 : 200,
        );
      }
    });

    it('a suggestion: its department records progress on the page, another role is refused', async () => {
      const c = await forwarded(t);
      assert.equal(await offered('department_member', 'suggestion_acknowledge', c.caseId), true);
      assert.equal(await offered('department_member', 'note', c.caseId), false);
      assert.equal((await web('department_member', 'note', c.caseId, { text: 'x' })).statusCode, 403);
      assert.equal((await web('department_member', 'suggestion_acknowledge', c.caseId, {})).statusCode, 303);
      assert.equal(
        (await web('department_member', 'suggestion_done', c.caseId, { note: 'Done.' })).statusCode,
        303,
      );
    });

    it('grants each action’s two routes exactly to the roles its access rule allows on some case', () => {
      for (const name of CASE_ACTION_NAMES) {
        const roles = rolesMayAct(CASE_ACTIONS[name].act);
        assert.deepEqual(accessOf(webRouteKey(name)), roles, webRouteKey(name));
        assert.deepEqual(accessOf(apiRouteKey(name)), roles, apiRouteKey(name));
      }
    });

    it('lists every action in the OpenAPI document with its input schema', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
      for (const name of CASE_ACTION_NAMES) {
        const op = doc.paths[`/api/v1/cases/{id}/${CASE_ACTIONS[name].api}`]?.post;
        assert.ok(op, `${name} in the OpenAPI document`);
        const schema = op.requestBody?.content?.['application/json']?.schema ?? {};
        const expected = Object.keys(CASE_ACTION_INPUTS[name].shape).concat(
          name === 'answer' || name === 'reply' ? ['attachments'] : [],
        );
        assert.deepEqual(Object.keys(schema.properties ?? {}).sort(), expected.sort(), name);
      }
      const note = doc.paths['/api/v1/cases/{id}/notes'].post.requestBody.content['application/json'].schema;
      assert.equal(note.properties.text.maxLength, LIMITS.note);
    });

    it('lets the page type no more than the schema accepts (maxlength = the OpenAPI maxLength, field by field)', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
      let compared = 0;
      for (const name of CASE_ACTION_NAMES) {
        const w = WALKS[name];
        const c = await w.prepare(t);
        const page = await getPage(
          t.app,
          await sessionFor(t.ctx, users.get(w.allowed)!),
          `/cases/${c.caseId}`,
        );
        const start = page.body.search(
          new RegExp(`action="/cases/${c.caseId}/${CASE_ACTIONS[name].web}[?"]`),
        );
        assert.ok(start > 0, name);
        const formHtml = page.body.slice(start, page.body.indexOf('</form>', start));
        const properties =
          doc.paths[`/api/v1/cases/{id}/${CASE_ACTIONS[name].api}`].post.requestBody.content[
            'application/json'
          ].schema.properties ?? {};
        for (const tag of formHtml.matchAll(/<(?:textarea|input)\b[^>]*>/g)) {
          const field = /\bname="(\w+)"/.exec(tag[0])?.[1];
          const max = /\bmaxlength="(\d+)"/.exec(tag[0])?.[1];
          if (!field || !max || field === '_csrf') continue;
          const maxLength =
            properties[field]?.maxLength ??
            properties[field]?.anyOf?.find((x: { maxLength?: number }) => x.maxLength)?.maxLength;
          assert.equal(Number(max), maxLength, `${name}.${field}`);
          compared += 1;
        }
      }
      assert.ok(compared >= 8, `compared ${compared} fields`);
    });

    it('has every action’s title and button in French, English and German', () => {
      for (const lng of ['fr', 'en', 'de'] as const) {
        const tr = translatorFor(lng);
        for (const name of CASE_ACTION_NAMES)
          for (const key of [CASE_ACTIONS[name].label, `${CASE_ACTIONS[name].label}Submit`])
            assert.notEqual(
              tr(`staff.actions.${key}`),
              `staff.actions.${key}`,
              `${lng} staff.actions.${key}`,
            );
      }
    });
  });
}
