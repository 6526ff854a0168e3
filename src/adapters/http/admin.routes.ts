// Administration: organisation details, mailboxes, the business calendar (with a preview of the
// next deadlines under the proposed calendar before saving, then the open cases whose deadlines would move and a
// button that records the moves), categories, departments and their routing keywords. Every change goes through
// the settings use case (checked by the configuration schema, stored, audited, live on every instance).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { CalendarChangedError, calendarHistory } from '../../app/calendar-versions.ts';
import type { AppContext } from '../../app/context.ts';
import { applyDeadlineRecompute, previewDeadlineRecompute } from '../../app/recompute-deadlines.ts';
import { SettingsError, type SettingsProblem, updateSettings } from '../../app/settings.ts';
import { outboxHealth } from '../../app/watch-outbox.ts';
import { type Config, LANGUAGES, MAILBOX_ROLES, type Mailbox } from '../../config.ts';
import {
  type BusinessCalendar,
  computeDeadlines,
  isIsoDate,
  WEEKDAYS,
} from '../../core/calendar/business-calendar.ts';
import {
  CATEGORY_LIMITS,
  type Category,
  catalogueProblems,
  categoryLabel,
  parseKeywords,
} from '../../core/case/categories.ts';
import { type CategorySuggestion, suggestCategory } from '../../core/case/category-suggestion.ts';
import { routeSuggestion } from '../../core/correspondence/suggestion-routing.ts';
import { calendarFromConfig } from '../calendar/calendar.ts';
import { checkHolidayRegion } from '../calendar/date-holidays.ts';
import {
  holidayCountries,
  holidayRegions,
  holidayStates,
  publicHolidaysBetween,
  regionParts,
} from '../calendar/regions.ts';
import { validationState } from './forms.ts';
import type { Translate } from './i18n/index.ts';
import {
  adminIndexPage,
  CALENDAR_EDITOR_ID,
  type CalendarPreview,
  calendarEditor,
  calendarPage,
  departmentsPage,
  mailboxesPage,
  organisationPage,
  recomputePage,
} from './pages/admin.page.ts';
import { categoriesPage, categoryFormValues } from './pages/admin-categories.page.ts';
import { type FormState, whenText } from './pages/components.ts';
import { redirectAfterPost, sendFragment, sendPage, wantsFragment } from './render.ts';
import { actingOf } from './request-context.ts';
import { catalogueProblemText, settingsProblemText } from './settings-problems.ts';
import { canRead, viewerOf } from './staff-access.ts';

/** A form whose fields are named by the page (rows are `name-0`, `address-0`, …): strings or repeated strings. */
const anyForm = z.record(z.string(), z.union([z.string().max(20_000), z.array(z.string().max(200)).max(20)]));
type AnyForm = z.infer<typeof anyForm>;

const MAX_ROWS = 50;
const SHOWN_MOVES = 200;

const str = (body: AnyForm, key: string): string => {
  const v = body[key];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
};
const lines = (s: string): string[] =>
  s
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

function timeZones(current: string): string[] {
  const all = new Set(Intl.supportedValuesOf('timeZone'));
  all.add('UTC');
  all.add(current);
  return [...all].sort();
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** A department that cannot be removed yet (members, open suggestions): said above the form, not at a field. */
function aboveTheForm(p: SettingsProblem): boolean {
  return p.rule?.code === 'department_in_use' || p.rule?.code === 'department_has_suggestions';
}

/**
 * Errors of the settings check as field errors in the reader's language (settings-problems.ts): `mailboxes.1.address`
 * → `address-1`, `organisation.name` → `name`. Beside a field, what to write there (the page labels the field); for
 * the form as a whole (`_`), the sentence names the field too.
 */
function settingsErrors(
  t: Translate,
  e: SettingsError,
  fieldOf: (key: string) => string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of e.problems) {
    // A department still in use (members, open suggestions) is said above the form, not at a field.
    if (aboveTheForm(p)) continue;
    const field = fieldOf(p.key);
    out[field] ??= settingsProblemText(t, p, { withField: field === '_' });
  }
  return out;
}

export const adminRoutes: FastifyPluginAsyncZod<{ ctx: AppContext; base: Config }> = async (
  app,
  { ctx, base },
) => {
  const tz = () => ctx.config.timezone;

  /** Saves a patch; on a refusal of the settings check, the form is shown again with the problems at the fields. */
  const save = async (
    request: FastifyRequest,
    reply: FastifyReply,
    patch: Record<string, unknown>,
    o: {
      to: string;
      fieldOf: (key: string) => string;
      again: (state: FormState) => Promise<unknown>;
      /** The calendar version the page showed, and what to show when another was saved since. */
      calendarBasedOn?: number;
      changedMeanwhile?: (e: CalendarChangedError) => Promise<unknown>;
    },
  ) => {
    try {
      const { changed } = await updateSettings(ctx, base, patch, actingOf(request), {
        ...(o.calendarBasedOn !== undefined ? { calendarBasedOn: o.calendarBasedOn } : {}),
      });
      return redirectAfterPost(ctx, request, reply, o.to, {
        key: changed.length ? 'settingsSaved' : 'settingsUnchanged',
        tone: changed.length ? 'success' : 'info',
      });
    } catch (e) {
      if (e instanceof CalendarChangedError && o.changedMeanwhile) return o.changedMeanwhile(e);
      if (!(e instanceof SettingsError)) throw e;
      // A department still in use names what stands in the way, in the reader's language, above the form.
      const inUse = e.problems.filter(aboveTheForm);
      return o.again({
        values: stringValues(request.body as AnyForm),
        errors: settingsErrors(request.t, e, o.fieldOf),
        message: inUse.length
          ? inUse.map((p) => settingsProblemText(request.t, p)).join(' ')
          : request.t('admin.notSaved'),
      });
    }
  };

  // -- overview ------------------------------------------------------------------------------------------------

  app.get('/admin', async (request, reply) => {
    const { t } = request;
    const c = ctx.config;
    // Mail stuck in the outbox (the SMTP server down or refusing) is said here; with sending off it waits by design.
    const outbox = c.outbound.enabled ? await outboxHealth(ctx) : null;
    const last = await ctx.database.db
      .selectFrom('settings')
      .select(['updated_at', 'updated_by'])
      .orderBy('updated_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return sendPage(request, reply, {
      title: t('admin.title'),
      section: 'admin',
      content: adminIndexPage(request, {
        timezone: tz(),
        lastChange: last ? { at: last.updated_at, by: last.updated_by } : null,
        outbox,
        summary: {
          organisation: c.organisation.name,
          mailboxes: c.mailboxes.map((m) => m.address).join(', '),
          calendar: calendarSummary(request, c),
          categories: t('admin.countCategories', { count: c.categories.length }),
          departments: t('admin.countDepartments', { count: c.departments.length }),
        },
      }),
    });
  });

  // -- organisation --------------------------------------------------------------------------------------------

  const organisationState = (): FormState => {
    const c = ctx.config;
    return {
      values: {
        name: c.organisation.name,
        complaintsPostalAddress: c.organisation.complaintsPostalAddress.join('\n'),
        managementPostalAddress: c.organisation.managementPostalAddress.join('\n'),
        defaultLanguage: c.defaultLanguage,
        disputeFr: c.disputeResolution.fr,
        disputeEn: c.disputeResolution.en,
        disputeDe: c.disputeResolution.de,
      },
      errors: {},
    };
  };
  const showOrganisation = (request: FastifyRequest, reply: FastifyReply, state: FormState, status = 200) =>
    sendPage(
      request,
      reply,
      {
        title: request.t('admin.sections.organisation'),
        section: 'admin',
        content: organisationPage(request, state),
      },
      status,
    );

  app.get('/admin/organisation', async (request, reply) =>
    showOrganisation(request, reply, organisationState()),
  );

  const organisationBody = z.object({
    name: z.string().trim().min(1).max(200),
    complaintsPostalAddress: z.string().trim().min(1).max(1000),
    managementPostalAddress: z.string().trim().min(1).max(1000),
    defaultLanguage: z.enum(LANGUAGES),
    disputeFr: z.string().trim().min(1).max(2000),
    disputeEn: z.string().trim().min(1).max(2000),
    disputeDe: z.string().trim().min(1).max(2000),
  });

  app.post(
    '/admin/organisation',
    { attachValidation: true, schema: { body: organisationBody } },
    async (request, reply) => {
      const invalid = validationState(request);
      if (invalid) return showOrganisation(request, reply, invalid, 422);
      const b = request.body;
      return save(
        request,
        reply,
        {
          organisation: {
            name: b.name,
            complaintsPostalAddress: lines(b.complaintsPostalAddress),
            managementPostalAddress: lines(b.managementPostalAddress),
          },
          defaultLanguage: b.defaultLanguage,
          disputeResolution: { fr: b.disputeFr, en: b.disputeEn, de: b.disputeDe },
        },
        {
          to: '/admin/organisation',
          fieldOf: (k) =>
            k.startsWith('organisation.complaints')
              ? 'complaintsPostalAddress'
              : k.startsWith('organisation.management')
                ? 'managementPostalAddress'
                : k.startsWith('organisation')
                  ? 'name'
                  : k.startsWith('disputeResolution.')
                    ? `dispute${k.slice(18, 19).toUpperCase()}${k.slice(19, 20)}`
                    : 'defaultLanguage',
          again: (state) => showOrganisation(request, reply, state, 422),
        },
      );
    },
  );

  // -- mailboxes -----------------------------------------------------------------------------------------------

  const mailboxState = (mailboxes: readonly Mailbox[]): FormState => {
    const values: Record<string, string> = {};
    mailboxes.forEach((m, i) => {
      values[`name-${i}`] = m.name;
      values[`address-${i}`] = m.address;
      values[`role-${i}`] = m.role;
      values[`language-${i}`] = m.language;
    });
    for (let i = mailboxes.length; i < mailboxes.length + 2; i++) {
      values[`role-${i}`] = 'complaints';
      values[`language-${i}`] = ctx.config.defaultLanguage;
    }
    return { values, errors: {} };
  };
  const showMailboxes = (
    request: FastifyRequest,
    reply: FastifyReply,
    state: FormState,
    rows: number,
    status = 200,
  ) =>
    sendPage(
      request,
      reply,
      {
        title: request.t('admin.sections.mailboxes'),
        section: 'admin',
        content: mailboxesPage(request, { state, rows }),
      },
      status,
    );

  app.get('/admin/mailboxes', async (request, reply) =>
    showMailboxes(request, reply, mailboxState(ctx.config.mailboxes), ctx.config.mailboxes.length + 2),
  );

  app.post('/admin/mailboxes', { schema: { body: anyForm } }, async (request, reply) => {
    const { t } = request;
    const body = request.body;
    const errors: Record<string, string> = {};
    const mailboxes: Mailbox[] = [];
    const rowCount = rowsIn(body);
    for (let i = 0; i < rowCount; i++) {
      const name = str(body, `name-${i}`).toLowerCase();
      const address = str(body, `address-${i}`).toLowerCase();
      if (!name && !address) continue;
      const role = str(body, `role-${i}`);
      const language = str(body, `language-${i}`);
      if (!name) errors[`name-${i}`] = t('validation.required');
      else if (!/^[a-z0-9][a-z0-9_-]{0,39}$/.test(name)) errors[`name-${i}`] = t('admin.errors.mailboxName');
      else if (mailboxes.some((m) => m.name === name)) errors[`name-${i}`] = t('admin.errors.duplicate');
      if (!address) errors[`address-${i}`] = t('validation.required');
      else if (!z.email().safeParse(address).success) errors[`address-${i}`] = t('validation.email');
      else if (mailboxes.some((m) => m.address === address))
        errors[`address-${i}`] = t('admin.errors.duplicate');
      if (!(MAILBOX_ROLES as readonly string[]).includes(role)) errors[`role-${i}`] = t('validation.oneOf');
      if (!(LANGUAGES as readonly string[]).includes(language))
        errors[`language-${i}`] = t('validation.oneOf');
      mailboxes.push({ name, address, role, language } as Mailbox);
    }
    if (!mailboxes.some((m) => m.role === 'complaints')) errors._ = t('admin.errors.needComplaintsMailbox');
    const again = (state: FormState) => showMailboxes(request, reply, state, Math.max(rowCount, 1), 422);
    if (Object.keys(errors).length) return again({ values: stringValues(body), errors });
    return save(
      request,
      reply,
      { mailboxes },
      {
        to: '/admin/mailboxes',
        fieldOf: (k) => {
          const m = /^mailboxes\.(\d+)\.(\w+)/.exec(k);
          return m ? `${m[2]}-${m[1]}` : '_';
        },
        again,
      },
    );
  });

  // -- calendar ------------------------------------------------------------------------------------------------

  interface Proposal {
    holidays: string;
    timezone: string;
    workingWeek: string[];
    closureDays: string[];
  }

  const inForce = (): Proposal => ({
    holidays: ctx.config.holidays,
    timezone: ctx.config.timezone,
    workingWeek: [...ctx.config.workingWeek],
    closureDays: [...ctx.config.closureDays],
  });

  const calendarState = (p: Proposal): FormState => {
    const parts = regionParts(p.holidays);
    return {
      values: {
        // The version this page shows: a save made on it is refused when another was recorded since.
        basedOn: String(ctx.calendars.latest.version),
        country: parts.country,
        state: parts.state,
        region: parts.region,
        timezone: p.timezone,
        closureDays: p.closureDays.join('\n'),
      },
      errors: {},
    };
  };

  /** The proposal read from the form, with what is wrong in it (country first: states follow the country). */
  const readProposal = (request: FastifyRequest, body: AnyForm): { proposal: Proposal; state: FormState } => {
    const { t } = request;
    const errors: Record<string, string> = {};
    const country = str(body, 'country').toUpperCase();
    let state = str(body, 'state').toUpperCase();
    let region = str(body, 'region').toUpperCase();
    if (!holidayCountries('en').some((c) => c.code === country)) errors.country = t('validation.oneOf');
    // A state of another country (the country just changed) or a region of another state is dropped.
    if (state && !holidayStates(country, 'en').some((s) => s.code === state)) state = '';
    if (region && !(state && holidayRegions(country, state, 'en').some((r) => r.code === region)))
      region = '';
    const holidays = [country, state, region].filter(Boolean).join('-');
    if (!errors.country && !checkHolidayRegion(holidays).ok) errors.state = t('validation.oneOf');
    const timezone = str(body, 'timezone');
    if (!isTimeZone(timezone)) errors.timezone = t('admin.errors.timezone');
    const raw = body.workingWeek;
    const week = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter((d) =>
      (WEEKDAYS as readonly string[]).includes(d),
    );
    const workingWeek = WEEKDAYS.filter((d) => week.includes(d));
    if (workingWeek.length === 0) errors.workingWeek = t('admin.errors.workingWeek');
    const closure = lines(str(body, 'closureDays'));
    const badDays = closure.filter((d) => !isIsoDate(d));
    if (badDays.length)
      errors.closureDays = t('admin.errors.closureDays', { days: badDays.slice(0, 5).join(', ') });
    const closureDays = [...new Set(closure.filter(isIsoDate))].sort();
    const proposal = { holidays, timezone, workingWeek, closureDays };
    const formState = calendarState(proposal);
    formState.values.closureDays = str(body, 'closureDays');
    // A preview keeps the version the page was first shown with (the one the administrator started from).
    if (/^[1-9][0-9]{0,8}$/.test(str(body, 'basedOn'))) formState.values.basedOn = str(body, 'basedOn');
    else delete formState.values.basedOn;
    formState.errors = errors;
    return { proposal, state: formState };
  };

  const buildPreview = (request: FastifyRequest, p: Proposal): CalendarPreview | null => {
    let proposed: BusinessCalendar;
    try {
      proposed = calendarFromConfig({
        timezone: p.timezone,
        holidays: p.holidays,
        workingWeek: p.workingWeek as Config['workingWeek'],
        closureDays: p.closureDays,
      });
    } catch {
      return null;
    }
    const { t, lang } = request;
    const current = ctx.calendar;
    const now = ctx.clock.now();
    const today = proposed.localDate(now);
    const at10 = (d: Temporal.PlainDate) =>
      d
        .toZonedDateTime({ timeZone: p.timezone, plainTime: Temporal.PlainTime.from('10:00') })
        .toInstant()
        .toString();
    // The Friday after tomorrow at the earliest (so that it is not the same day as "tomorrow").
    const friday = (5 - today.dayOfWeek + 7) % 7;
    const daysToFriday = friday < 2 ? friday + 7 : friday;
    const receipts = [
      { label: t('admin.calendar.receivedNow'), at: new Date(now).toISOString() },
      { label: t('admin.calendar.receivedTomorrow'), at: at10(today.add({ days: 1 })) },
      { label: t('admin.calendar.receivedFriday'), at: at10(today.add({ days: daysToFriday })) },
    ];
    const rows = receipts.map((r) => {
      const a = computeDeadlines(current, r.at, ctx.policy);
      const b = computeDeadlines(proposed, r.at, ctx.policy);
      return {
        label: r.label,
        receivedAt: new Date(r.at).toISOString(),
        current: { acknowledgeBy: a.acknowledgeBy, answerBy: a.answerBy },
        proposed: { acknowledgeBy: b.acknowledgeBy, answerBy: b.answerBy },
      };
    });
    const from = today.toString();
    const to = today.add({ days: 90 }).toString();
    const closedIn = (cal: BusinessCalendar, region: string, closures: readonly string[]) => {
      const names = new Map(publicHolidaysBetween(region, from, to, lang).map((h) => [h.date, h.name]));
      const out = new Map<string, string>();
      for (let d = today; d.toString() <= to; d = d.add({ days: 1 })) {
        const why = cal.nonWorkingReason(d);
        const iso = d.toString();
        if (why === 'holiday') out.set(iso, names.get(iso) ?? t('admin.calendar.holiday'));
        else if (why === 'closure' || (why === 'weekend' && closures.includes(iso)))
          out.set(iso, t('admin.calendar.closureDay'));
      }
      return out;
    };
    const before = closedIn(current, ctx.config.holidays, ctx.config.closureDays);
    const after = closedIn(proposed, p.holidays, p.closureDays);
    const closed = [
      ...[...after].map(([date, name]) => ({
        date,
        name,
        change: before.has(date) ? null : ('added' as const),
      })),
      ...[...before]
        .filter(([date]) => !after.has(date))
        .map(([date, name]) => ({ date, name, change: 'removed' as const })),
    ].sort((a, b) => a.date.localeCompare(b.date));
    return {
      regionName: regionName(request, p.holidays),
      rows,
      closed,
      answerBusinessDays: ctx.config.answerBusinessDays,
      timeZone: p.timezone,
      from,
      to,
    };
  };

  const editorOptions = (request: FastifyRequest, p: Proposal, state: FormState, withPreview: boolean) => {
    const parts = regionParts(p.holidays);
    const lang = request.lang;
    const country = state.values.country ?? parts.country;
    return {
      state,
      workingWeek: p.workingWeek,
      choices: {
        countries: holidayCountries(lang),
        states: holidayStates(country, lang),
        regions: parts.state ? holidayRegions(parts.country, parts.state, lang) : [],
        timeZones: timeZones(p.timezone),
      },
      preview: withPreview && Object.keys(state.errors).length === 0 ? buildPreview(request, p) : null,
    };
  };

  const showCalendar = async (
    request: FastifyRequest,
    reply: FastifyReply,
    p: Proposal,
    state: FormState,
    status = 200,
  ) => {
    const options = editorOptions(request, p, state, true);
    if (wantsFragment(request, CALENDAR_EDITOR_ID))
      return sendFragment(reply, calendarEditor(request, options), status);
    // The versions, newest first: what was in force when, and who changed it (read only: they are evidence).
    const history = (await calendarHistory(ctx)).reverse().map((v) => ({
      version: v.version,
      effectiveAt: v.effectiveAt,
      summary: calendarSummary(request, v),
      closureDays: v.closureDays,
      recordedAt: v.recordedAt,
      recordedBy: v.recordedBy,
    }));
    return sendPage(
      request,
      reply,
      {
        title: request.t('admin.sections.calendar'),
        section: 'admin',
        content: calendarPage(request, {
          ...options,
          inForce: calendarSummary(request, ctx.config),
          history,
          timeZone: tz(),
        }),
      },
      status,
    );
  };

  app.get('/admin/calendar', async (request, reply) =>
    showCalendar(request, reply, inForce(), calendarState(inForce())),
  );

  app.post('/admin/calendar', { schema: { body: anyForm } }, async (request, reply) => {
    const { proposal, state } = readProposal(request, request.body);
    const intent = str(request.body, 'intent');
    const invalid = Object.keys(state.errors).length > 0;
    // A preview (the button, or htmx as fields change) never saves; a refused save shows the form again.
    if (intent !== 'save' || invalid)
      return showCalendar(request, reply, proposal, state, invalid && intent === 'save' ? 422 : 200);
    return save(
      request,
      reply,
      {
        holidays: proposal.holidays,
        timezone: proposal.timezone,
        workingWeek: proposal.workingWeek,
        closureDays: proposal.closureDays,
      },
      {
        to: '/admin/calendar/recompute',
        ...(state.values.basedOn ? { calendarBasedOn: Number(state.values.basedOn) } : {}),
        // Another administrator saved the calendar since this page was shown: the calendar in force now, and who.
        changedMeanwhile: (e) =>
          showCalendar(
            request,
            reply,
            inForce(),
            {
              ...calendarState(inForce()),
              message: request.t('admin.calendar.changedMeanwhile', {
                by: e.latest?.recordedBy ?? '',
                at: e.latest ? whenText(request.lang, tz(), e.latest.recordedAt) : '',
                version: e.latest?.version ?? 1,
              }),
            },
            409,
          ),
        fieldOf: (k) =>
          k.startsWith('holidays')
            ? 'state'
            : k.startsWith('workingWeek')
              ? 'workingWeek'
              : k.startsWith('closure')
                ? 'closureDays'
                : 'timezone',
        again: (s) =>
          showCalendar(
            request,
            reply,
            proposal,
            { ...state, errors: s.errors, message: s.message ?? null },
            422,
          ),
      },
    );
  });

  const showRecompute = async (
    request: FastifyRequest,
    reply: FastifyReply,
    state: FormState,
    status = 200,
  ) => {
    const moves = await previewDeadlineRecompute(ctx);
    // An administrator configures and reads no case (canRead): each case is named by its reference, linked only
    // for a role that may open it, so no link leads to a refusal. Only open complaints have deadlines to move.
    const opensCases = canRead(viewerOf(request), { kind: 'complaint', department: null });
    return sendPage(
      request,
      reply,
      {
        title: request.t('admin.recompute.title'),
        section: 'admin',
        content: recomputePage(request, {
          moves: moves.slice(0, SHOWN_MOVES).map((m) => ({
            href: opensCases ? `/cases/${m.caseId}` : null,
            reference: m.reference,
            fromAnswerBy: m.from.answerBy,
            toAnswerBy: m.to.answerBy,
            fromAcknowledgeBy: m.from.acknowledgeBy,
            toAcknowledgeBy: m.to.acknowledgeBy,
          })),
          total: moves.length,
          state,
          timezone: tz(),
          calendar: calendarSummary(request, ctx.config),
        }),
      },
      status,
    );
  };

  app.get('/admin/calendar/recompute', async (request, reply) =>
    showRecompute(request, reply, {
      values: {
        reason: request.t('admin.recompute.defaultReason', {
          calendar: calendarSummary(request, ctx.config),
        }),
      },
      errors: {},
    }),
  );

  app.post(
    '/admin/calendar/recompute',
    { attachValidation: true, schema: { body: z.object({ reason: z.string().trim().min(3).max(500) }) } },
    async (request, reply) => {
      const invalid = validationState(request);
      if (invalid) return showRecompute(request, reply, invalid, 422);
      const moved = await applyDeadlineRecompute(ctx, {
        reason: request.body.reason,
        actor: actingOf(request).actor,
      });
      return redirectAfterPost(ctx, request, reply, '/admin/calendar/recompute', {
        key: 'deadlinesMoved',
        params: { count: moved.length },
      });
    },
  );

  // -- categories ----------------------------------------------------------------------------------------------

  const catalogue = () => ctx.config.categoryCatalogue ?? [];
  const showCategories = (
    request: FastifyRequest,
    reply: FastifyReply,
    state: FormState,
    rows: number,
    trial: { text: string; suggestion: CategorySuggestion | null; label: string | null } | null,
    status = 200,
  ) =>
    sendPage(
      request,
      reply,
      {
        title: request.t('admin.sections.categories'),
        section: 'admin',
        content: categoriesPage(request, { state, saved: catalogue().length, rows, trial }),
      },
      status,
    );

  app.get(
    '/admin/categories',
    { schema: { querystring: z.object({ try: z.string().max(2000).optional().catch(undefined) }) } },
    async (request, reply) => {
      const text = request.query.try?.trim();
      const suggestion = text ? suggestCategory(catalogue(), text) : null;
      const trial = text
        ? {
            text,
            suggestion,
            label: suggestion ? categoryLabel(catalogue(), suggestion.category, request.lang) : null,
          }
        : null;
      const state = { values: categoryFormValues(catalogue()), errors: {} };
      return showCategories(request, reply, state, catalogue().length + 1, trial);
    },
  );

  app.post('/admin/categories', { schema: { body: anyForm } }, async (request, reply) => {
    const { t } = request;
    const body = request.body;
    const current = catalogue();
    // Every posted row up to the catalogue's budget (plus the one for a new category): the keys are the
    // posted ones, and the rule below refuses a saved key that is missing, whatever the form sent.
    let rowCount = 0;
    for (const name of Object.keys(body)) {
      const m = /^key-(\d{1,3})$/.exec(name);
      if (m) rowCount = Math.max(rowCount, Number(m[1]) + 1);
    }
    rowCount = Math.min(rowCount, CATEGORY_LIMITS.categories + 1);
    const next: Category[] = [];
    const rowOf = new Map<string, number>();
    /** The form row of each category read (rows left empty are skipped). */
    const rowOfNext: number[] = [];
    for (let i = 0; i < rowCount; i++) {
      const key = str(body, `key-${i}`).toLowerCase();
      const labels = {
        fr: str(body, `label_fr-${i}`),
        en: str(body, `label_en-${i}`),
        de: str(body, `label_de-${i}`),
      };
      const keywords = {
        fr: parseKeywords(str(body, `keywords_fr-${i}`)),
        en: parseKeywords(str(body, `keywords_en-${i}`)),
        de: parseKeywords(str(body, `keywords_de-${i}`)),
      };
      // The empty group for a new category, left empty: nothing to add.
      if (!key && !labels.fr && !labels.en && !labels.de && !Object.values(keywords).some((k) => k.length))
        continue;
      if (!rowOf.has(key)) rowOf.set(key, i);
      next.push({ key, labels, keywords, retired: str(body, `state-${i}`) === 'retired' });
      rowOfNext.push(i);
    }
    const errors: Record<string, string> = {};
    const put = (field: string, message: string) => {
      errors[field] ??= message;
    };
    for (const p of catalogueProblems(current, next)) {
      const i = 'key' in p ? (rowOf.get(p.key) ?? -1) : -1;
      const text = catalogueProblemText(t, p);
      if (p.code === 'bad_key') put(`key-${i}`, text);
      else if (p.code === 'duplicate_key') {
        // The second row with the key is the one to change.
        const later = next.findLastIndex((c) => c.key === p.key);
        put(`key-${rowOfNext[later] ?? i}`, text);
      } else if (p.code === 'label_missing' || p.code === 'label_too_long') put(`label_${p.lang}-${i}`, text);
      else if (p.code === 'too_many_keywords' || p.code === 'bad_keyword')
        put(`keywords_${p.lang}-${i}`, text);
      else put('_', text);
    }
    const again = (state: FormState) =>
      showCategories(request, reply, state, Math.max(rowCount, current.length + 1), null, 422);
    if (Object.keys(errors).length)
      return again({ values: stringValues(body), errors, message: t('admin.notSaved') });
    return save(
      request,
      reply,
      { categoryCatalogue: next },
      {
        to: '/admin/categories',
        fieldOf: (k) => {
          const m = /^categoryCatalogue\.(\d+)\.(\w+)(?:\.(\w+))?/.exec(k);
          if (!m) return '_';
          const i = rowOfNext[Number(m[1])] ?? -1;
          if (m[2] === 'labels' && m[3]) return `label_${m[3]}-${i}`;
          if (m[2] === 'keywords' && m[3]) return `keywords_${m[3]}-${i}`;
          return `key-${i}`;
        },
        again,
      },
    );
  });

  // -- departments ---------------------------------------------------------------------------------------------

  const departmentState = (): FormState => {
    const values: Record<string, string> = {};
    ctx.config.departments.forEach((d, i) => {
      values[`name-${i}`] = d.name;
      values[`email-${i}`] = d.email;
      values[`keywords-${i}`] = d.keywords.join(', ');
    });
    return { values, errors: {} };
  };
  const showDepartments = (
    request: FastifyRequest,
    reply: FastifyReply,
    state: FormState,
    rows: number,
    trial: { text: string; department: string | null } | null,
    status = 200,
  ) =>
    sendPage(
      request,
      reply,
      {
        title: request.t('admin.sections.departments'),
        section: 'admin',
        content: departmentsPage(request, { state, rows, trial }),
      },
      status,
    );

  app.get(
    '/admin/departments',
    { schema: { querystring: z.object({ try: z.string().max(2000).optional().catch(undefined) }) } },
    async (request, reply) => {
      const text = request.query.try?.trim();
      const trial = text ? { text, department: routeSuggestion(ctx.config.departments, text) } : null;
      return showDepartments(request, reply, departmentState(), ctx.config.departments.length + 2, trial);
    },
  );

  app.post('/admin/departments', { schema: { body: anyForm } }, async (request, reply) => {
    const { t } = request;
    const body = request.body;
    const errors: Record<string, string> = {};
    const departments: Config['departments'] = [];
    const rowCount = rowsIn(body);
    for (let i = 0; i < rowCount; i++) {
      const name = str(body, `name-${i}`);
      const email = str(body, `email-${i}`).toLowerCase();
      const keywordsText = str(body, `keywords-${i}`);
      if (!name && !email && !keywordsText) continue;
      const keywords = [
        ...new Set(
          keywordsText
            .split(/[,;\n]/)
            .map((k) => k.trim())
            .filter(Boolean),
        ),
      ];
      if (!name) errors[`name-${i}`] = t('validation.required');
      else if (name.length > 80) errors[`name-${i}`] = t('validation.tooLong', { max: 80 });
      else if (departments.some((d) => d.name.toLowerCase() === name.toLowerCase()))
        errors[`name-${i}`] = t('admin.errors.duplicate');
      if (!email) errors[`email-${i}`] = t('validation.required');
      else if (!z.email().safeParse(email).success) errors[`email-${i}`] = t('validation.email');
      const short = keywords.filter((k) => k.length < 2);
      if (short.length) errors[`keywords-${i}`] = t('admin.errors.keyword');
      departments.push({ name, email, keywords });
    }
    const again = (state: FormState) =>
      showDepartments(request, reply, state, Math.max(rowCount, 1), null, 422);
    if (Object.keys(errors).length) return again({ values: stringValues(body), errors });
    return save(
      request,
      reply,
      { departments },
      {
        to: '/admin/departments',
        fieldOf: (k) => {
          const m = /^departments\.(\d+)\.(\w+)/.exec(k);
          return m ? `${m[2]}-${m[1]}` : '_';
        },
        again,
      },
    );
  });
};

/** How many rows a posted table has (the highest index named, plus one; at most MAX_ROWS). */
function rowsIn(body: AnyForm): number {
  let max = -1;
  for (const key of Object.keys(body)) {
    const m = /-(\d{1,3})$/.exec(key);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return Math.min(max + 1, MAX_ROWS);
}

function stringValues(body: AnyForm | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body ?? {})) {
    if (k === '_csrf') continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** "Germany — Baden-Württemberg (DE-BW)" in the reader's language. */
export function regionName(request: FastifyRequest, holidays: string): string {
  const p = regionParts(holidays);
  const lang = request.lang;
  const names = [
    holidayCountries(lang).find((c) => c.code === p.country)?.name ?? p.country,
    p.state ? (holidayStates(p.country, lang).find((s) => s.code === p.state)?.name ?? p.state) : null,
    p.region && p.state
      ? (holidayRegions(p.country, p.state, lang).find((r) => r.code === p.region)?.name ?? p.region)
      : null,
  ].filter(Boolean);
  return `${names.join(' — ')} (${holidays})`;
}

function calendarSummary(
  request: FastifyRequest,
  c: Pick<Config, 'holidays' | 'workingWeek' | 'timezone' | 'closureDays'>,
): string {
  const { t } = request;
  const days = c.workingWeek.map((d) => t(`admin.calendar.daysShort.${d}`)).join(', ');
  return t('admin.calendar.summary', {
    region: regionName(request, c.holidays),
    days,
    timezone: c.timezone,
    closures: c.closureDays.length,
  });
}
