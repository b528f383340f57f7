// Property tests of the deadline engine over 2000–2100, and of its day arithmetic against
// date-fns (core/holidays.ts does date arithmetic on day numbers for speed; date-fns is the
// oracle here).
import { addDays, addMonths, differenceInCalendarDays, format, getDay, parseISO } from 'date-fns';
import { fr } from 'date-fns/locale/fr';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  calendarDaysDeadline,
  computeDeadlines,
  daysRemaining,
  deadlineDates,
  easterSunday,
  explainDeadline,
  formatDateFr,
  formatDateLongFr,
  frenchPublicHolidays,
  hoursDeadline,
  isWorkingDay,
  responseDeadline,
  rollForward,
} from '../../core/deadlines';
import { addMonthsClamped, civilDate, dayNumber, isoOfDay, weekdayOf } from '../../core/holidays';
import type { HolidayCalendar } from '../../core/domain';

const RUNS = { numRuns: 500 };

/** A calendar date 2000-01-01 … 2100-12-31, built with date-fns (not with the code under test). */
const isoDateArb = fc
  .integer({ min: 0, max: differenceInCalendarDays(new Date(2100, 11, 31), new Date(2000, 0, 1)) })
  .map((n) => format(addDays(new Date(2000, 0, 1, 12), n), 'yyyy-MM-dd'));
const calendarArb = fc.constantFrom<HolidayCalendar>('metropole', 'alsace-moselle');
const suspensionArb = fc.record({ startAfter: fc.integer({ min: 0, max: 60 }), length: fc.integer({ min: 0, max: 40 }) });

const days = (from: string, to: string): number => differenceInCalendarDays(parseISO(to), parseISO(from));
const plusDays = (iso: string, n: number): string => format(addDays(parseISO(iso), n), 'yyyy-MM-dd');

/** Working day, decided with date-fns weekdays and the published holiday list. */
function worksOn(iso: string, calendar: HolidayCalendar): boolean {
  const weekday = getDay(parseISO(iso));
  if (weekday === 0 || weekday === 6) return false;
  return !frenchPublicHolidays(Number(iso.slice(0, 4)), calendar).some((h) => h.date === iso);
}

interface ModelSuspension {
  from: string;
  to?: string | null;
  kind?: 'identity' | 'clarification';
}

/**
 * deadlines.md, algorithms 1-5, written naively with date-fns: the model the engine must match.
 * Suspended days are marked one by one (a day is suspended once, however many requests are
 * pending; only identity requests suspend); runs of consecutive suspended days are the merged
 * suspensions, taken in order; each counts only if it starts on or before the deadline as moved
 * so far, rolled forward. An open run that counts leaves no date (null).
 */
function modelDeadline(
  receivedOn: string,
  months: number,
  suspensions: readonly ModelSuspension[],
  calendar: HolidayCalendar,
): string | null {
  const roll = (d: string): string => {
    let x = d;
    while (!worksOn(x, calendar)) x = plusDays(x, 1);
    return x;
  };
  const horizon = 800;
  const suspended: boolean[] = [];
  for (const sp of suspensions) {
    if ((sp.kind ?? 'identity') !== 'identity') continue;
    const end = sp.to === undefined || sp.to === null ? horizon : days(receivedOn, sp.to);
    for (let x = days(receivedOn, sp.from); x < end; x += 1) suspended[x] = true;
  }
  let base = format(addMonths(parseISO(receivedOn), months), 'yyyy-MM-dd');
  let x = 0;
  while (x < horizon) {
    if (suspended[x] !== true) {
      x += 1;
      continue;
    }
    let end = x;
    while (end < horizon && suspended[end] === true) end += 1;
    if (plusDays(receivedOn, x) > roll(base)) break;
    if (end >= horizon) return null;
    base = plusDays(base, end - x);
    x = end;
  }
  return roll(base);
}

/**
 * A suspension starting 0-120 days after receipt (often around the one-month and three-month
 * deadlines, where the rules bite), closed (0-40 days) or open, of any kind.
 */
const anySuspensionArb = fc.record({
  startAfter: fc.oneof(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 27, max: 36 }), fc.integer({ min: 88, max: 97 })),
  length: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null, freq: 4 }),
  kind: fc.constantFrom<'identity' | 'clarification' | undefined>(undefined, 'identity', 'identity', 'clarification'),
});
type AnySuspension = { startAfter: number; length: number | null; kind: 'identity' | 'clarification' | undefined };
const toModel = (received: string, s: AnySuspension): ModelSuspension => ({
  from: plusDays(received, s.startAfter),
  to: s.length === null ? null : plusDays(received, s.startAfter + s.length),
  ...(s.kind === undefined ? {} : { kind: s.kind }),
});

describe('response deadline properties (2000–2100)', () => {
  it('matches the algorithm of deadlines.md written with date-fns', () => {
    fc.assert(
      fc.property(isoDateArb, fc.boolean(), fc.option(suspensionArb, { nil: undefined }), calendarArb, (received, extended, s, calendar) => {
        const suspensions = s === undefined ? [] : [{ from: plusDays(received, s.startAfter), to: plusDays(received, s.startAfter + s.length) }];
        const expected = modelDeadline(received, extended ? 3 : 1, suspensions, calendar);
        expect(responseDeadline({ receivedOn: received, extended, suspensions, calendar })).toBe(expected);
      }),
      RUNS,
    );
  });

  it('matches the model with several suspensions (open, overlapping, late, clarification) and late extensions', () => {
    fc.assert(
      fc.property(
        isoDateArb,
        fc.array(anySuspensionArb, { maxLength: 4 }),
        fc.boolean(),
        fc.option(fc.integer({ min: 0, max: 70 }), { nil: undefined }),
        fc.integer({ min: 0, max: 200 }),
        calendarArb,
        (received, ss, extended, notifiedAfter, todayAfter, calendar) => {
          const suspensions = ss.map((s) => toModel(received, s));
          const response = modelDeadline(received, 1, suspensions, calendar);
          const ext = modelDeadline(received, 3, suspensions, calendar);
          const extensionNotifiedOn = notifiedAfter === undefined ? undefined : plusDays(received, notifiedAfter);
          const late = extended && extensionNotifiedOn !== undefined && response !== null && extensionNotifiedOn > response;
          const current = extended && !late ? ext : response;
          const today = plusDays(received, todayAfter);
          const d = computeDeadlines({ receivedOn: received, extended, extensionNotifiedOn, suspensions, calendar, today });
          expect(d.responseDeadline).toBe(response);
          expect(d.extensionNoticeDue).toBe(response);
          expect(d.extendedDeadline).toBe(ext);
          expect(d.extensionLate).toBe(late);
          expect(d.current).toBe(current);
          expect(d.urgency === 'suspended').toBe(current === null);
          expect(d.openSuspensionSince === undefined).toBe(current !== null);
          if (current !== null) expect(d.daysLeft?.calendar).toBe(days(today, current));
          expect(d.explanation.result).toBe(current);
          expect(responseDeadline({ receivedOn: received, extended, extensionNotifiedOn, suspensions, calendar })).toBe(current);
          // The dates stored on each change (without explanations) are the same three.
          expect(deadlineDates({ receivedOn: received, extended, extensionNotifiedOn, suspensions, calendar })).toEqual({ responseDeadline: response, extendedDeadline: ext, current });
          // Clarification requests change nothing.
          const identityOnly = suspensions.filter((s) => s.kind !== 'clarification');
          expect(responseDeadline({ receivedOn: received, extended, extensionNotifiedOn, suspensions: identityOnly, calendar })).toBe(current);
        },
      ),
      RUNS,
    );
  });

  it('is never before receipt + 28 days, nor more than 4 days after the month is up', () => {
    fc.assert(
      fc.property(isoDateArb, calendarArb, (received, calendar) => {
        const due = responseDeadline({ receivedOn: received, calendar });
        expect(due).not.toBeNull();
        const d = days(received, due ?? received);
        expect(d).toBeGreaterThanOrEqual(28);
        // One month is 28-31 days; rolling skips at most Good Friday → Easter Monday (4 days).
        expect(d).toBeLessThanOrEqual(31 + 4);
      }),
      RUNS,
    );
  });

  it('always falls on a working day', () => {
    fc.assert(
      fc.property(isoDateArb, fc.boolean(), calendarArb, (received, extended, calendar) => {
        const due = responseDeadline({ receivedOn: received, extended, calendar }) ?? '';
        expect(worksOn(due, calendar)).toBe(true);
        expect(isWorkingDay(due, calendar)).toBe(true);
      }),
      RUNS,
    );
  });

  it('the extended deadline is never before the plain one', () => {
    fc.assert(
      fc.property(isoDateArb, fc.array(suspensionArb, { maxLength: 3 }), calendarArb, (received, ss, calendar) => {
        const suspensions = ss.map((s) => ({ from: plusDays(received, s.startAfter), to: plusDays(received, s.startAfter + s.length) }));
        const plain = responseDeadline({ receivedOn: received, suspensions, calendar }) ?? '';
        const ext = responseDeadline({ receivedOn: received, suspensions, calendar, extended: true }) ?? '';
        // Never before; in fact two months later less what rolling can take: the unrolled
        // dates are at least 59 days apart (29/01 → 29/03), and rolling moves the first one
        // by at most 4 days (Alsace-Moselle: Good Friday → Tuesday, 25/12 on a Thursday → Monday).
        expect(days(plain, ext)).toBeGreaterThanOrEqual(59 - 4);
      }),
      RUNS,
    );
  });

  it('adding a suspension never moves a deadline earlier', () => {
    fc.assert(
      fc.property(
        isoDateArb,
        fc.array(suspensionArb, { maxLength: 2 }),
        suspensionArb,
        fc.boolean(),
        calendarArb,
        (received, before, added, extended, calendar) => {
          const toSusp = (s: { startAfter: number; length: number }) => ({
            from: plusDays(received, s.startAfter),
            to: plusDays(received, s.startAfter + s.length),
          });
          const without = responseDeadline({ receivedOn: received, extended, calendar, suspensions: before.map(toSusp) }) ?? '';
          const withIt =
            responseDeadline({ receivedOn: received, extended, calendar, suspensions: [...before, added].map(toSusp) }) ?? '';
          expect(days(without, withIt)).toBeGreaterThanOrEqual(0);
          // An open suspension added: no date at all if it started while the period was
          // running; one opened after the deadline leaves it (unless it continues a counted one).
          const open = { from: plusDays(received, added.startAfter) };
          const withOpen = responseDeadline({ receivedOn: received, extended, calendar, suspensions: [...before.map(toSusp), open] });
          if (open.from <= without) expect(withOpen).toBeNull();
          else expect([null, without]).toContain(withOpen);
        },
      ),
      RUNS,
    );
  });

  it('rolling is idempotent, never goes back, and keeps working days', () => {
    fc.assert(
      fc.property(isoDateArb, calendarArb, (d, calendar) => {
        const once = rollForward(d, calendar);
        expect(rollForward(once, calendar)).toBe(once);
        expect(days(d, once)).toBeGreaterThanOrEqual(0);
        if (worksOn(d, calendar)) expect(once).toBe(d);
        // Every day skipped is a non-working day.
        for (let x = d; x < once; x = plusDays(x, 1)) expect(worksOn(x, calendar)).toBe(false);
      }),
      RUNS,
    );
  });

  it('the explanation ends on the date computed', () => {
    fc.assert(
      fc.property(isoDateArb, fc.boolean(), (received, extended) => {
        const e = explainDeadline({ receivedOn: received, extended });
        expect(e.result).toBe(responseDeadline({ receivedOn: received, extended }));
        expect(e.steps.at(-1)).toEqual({ kind: 'result', date: e.result });
      }),
      RUNS,
    );
  });
});

describe('working days, calendar days and hours (2000–2100)', () => {
  it('N working days: the result is the N-th working day after the start', () => {
    fc.assert(
      fc.property(isoDateArb, fc.integer({ min: 1, max: 30 }), calendarArb, (from, n, calendar) => {
        const result = addWorkingDays(from, n, calendar);
        expect(worksOn(result, calendar)).toBe(true);
        let counted = 0;
        for (let x = plusDays(from, 1); x <= result; x = plusDays(x, 1)) if (worksOn(x, calendar)) counted += 1;
        expect(counted).toBe(n);
      }),
      RUNS,
    );
  });

  it('N calendar days: the first working day from start + N', () => {
    fc.assert(
      fc.property(isoDateArb, fc.integer({ min: 0, max: 60 }), calendarArb, (from, n, calendar) => {
        const result = calendarDaysDeadline(from, n, calendar);
        let expected = plusDays(from, n);
        while (!worksOn(expected, calendar)) expected = plusDays(expected, 1);
        expect(result).toBe(expected);
      }),
      RUNS,
    );
  });

  it('days left count the working days between today and the deadline, years apart in either direction', () => {
    fc.assert(
      fc.property(isoDateArb, fc.integer({ min: -1500, max: 1500 }), calendarArb, (today, offset, calendar) => {
        const deadline = plusDays(today, offset);
        const [lo, hi] = offset >= 0 ? [today, deadline] : [deadline, today];
        let working = 0;
        for (let x = plusDays(lo, 1); x <= hi; x = plusDays(x, 1)) if (worksOn(x, calendar)) working += 1;
        expect(daysRemaining(deadline, today, calendar)).toEqual({ calendar: offset, working: offset >= 0 ? working : -working });
      }),
      { numRuns: 200 },
    );
  });

  it('N hours are N real hours', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 200 }),
        (instant, hours) => {
          const known = `${instant.toISOString().slice(0, 19)}Z`;
          const due = hoursDeadline(known, hours);
          expect(Date.parse(due) - Date.parse(known)).toBe(hours * 3_600_000);
        },
      ),
      RUNS,
    );
  });
});

describe('day arithmetic against date-fns', () => {
  const epoch = new Date(1970, 0, 1, 12);
  const dayArb = fc.integer({ min: dayNumber(1583, 1, 1), max: dayNumber(9997, 12, 31) });

  it('day numbers convert to the same calendar dates and weekdays as date-fns', () => {
    fc.assert(
      fc.property(dayArb, (n) => {
        const d = addDays(epoch, n);
        expect(isoOfDay(n)).toBe(format(d, 'yyyy-MM-dd'));
        expect(weekdayOf(n)).toBe(getDay(d));
        const [y, m, day] = civilDate(n);
        expect(dayNumber(y, m, day)).toBe(n);
      }),
      { numRuns: 2000 },
    );
  });

  it('adding months clamps like date-fns addMonths', () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: 0, max: 24 }), (n, months) => {
        const expected = addMonths(addDays(epoch, n), months);
        expect(isoOfDay(addMonthsClamped(n, months).day)).toBe(format(expected, 'yyyy-MM-dd'));
      }),
      { numRuns: 2000 },
    );
  });

  it('French date formats agree with date-fns (fr locale)', () => {
    fc.assert(
      fc.property(dayArb, (n) => {
        const d = addDays(epoch, n);
        expect(formatDateFr(isoOfDay(n))).toBe(format(d, 'dd/MM/yyyy'));
        expect(formatDateLongFr(isoOfDay(n))).toBe(format(d, 'EEEE dd/MM/yyyy', { locale: fr }));
      }),
      { numRuns: 500 },
    );
  });

  it('Easter agrees with Gauss’s algorithm for every year 1583–9999', () => {
    // Gauss's Easter algorithm (Gregorian, with its two exceptions): an independent oracle.
    const gauss = (y: number): string => {
      const a = y % 19;
      const b = y % 4;
      const c = y % 7;
      const k = Math.floor(y / 100);
      const p = Math.floor((13 + 8 * k) / 25);
      const q = Math.floor(k / 4);
      const M = (15 - p + k - q) % 30;
      const N = (4 + k - q) % 7;
      const d = (19 * a + M) % 30;
      const e = (2 * b + 4 * c + 6 * d + N) % 7;
      let month = 3;
      let day = 22 + d + e;
      if (day > 31) {
        month = 4;
        day = d + e - 9;
        if (d === 29 && e === 6) day = 19;
        else if (d === 28 && e === 6 && (11 * M + 11) % 30 < 19) day = 18;
      }
      return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    };
    const mismatches: string[] = [];
    for (let y = 1583; y <= 9999; y += 1) {
      if (easterSunday(y) !== gauss(y)) mismatches.push(`${y}: ${easterSunday(y)} ≠ ${gauss(y)}`);
    }
    expect(mismatches).toEqual([]);
  });
});
