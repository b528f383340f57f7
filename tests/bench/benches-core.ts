// Benchmarks of core/: the deadline engine and allocation (issue 4, "Speed"), with baselines
// measured in the same run.
import { addDays, addMonths, format, getDay, parseISO } from 'date-fns';
import { allocate, parseRuleSet, PRESET_RULESETS, validateRuleSet, type AllocationInput } from '../../core/allocation';
import { computeDeadlines, frenchPublicHolidays, responseDeadline } from '../../core/deadlines';
import { CHANNELS, REQUESTER_CATEGORIES, type Party } from '../../core/domain';
import { GENESIS_HASH, appendEvent, verifyChain, type JournalEvent } from '../../core/journal';
import type { Bench } from './types';

/** 1,096 receipt dates, 2026-01-01 … 2028-12-31. */
const DATES: string[] = Array.from({ length: 1096 }, (_, i) => format(addDays(new Date(2026, 0, 1, 12), i), 'yyyy-MM-dd'));
const date = (i: number): string => DATES[i % DATES.length] ?? '2026-01-01';

/** deadlines.md written naively with date-fns, holidays recomputed at every call: what a first version would do. */
function naiveResponseDeadline(receivedOn: string, extended: boolean): string {
  let d = addMonths(parseISO(receivedOn), extended ? 3 : 1);
  for (;;) {
    const iso = format(d, 'yyyy-MM-dd');
    const weekday = getDay(d);
    const holiday = frenchPublicHolidays(d.getFullYear()).some((h) => h.date === iso);
    if (weekday !== 0 && weekday !== 6 && !holiday) return iso;
    d = addDays(d, 1);
  }
}

const ALLOCATION_INPUTS: AllocationInput[] = REQUESTER_CATEGORIES.flatMap((requesterCategory) =>
  CHANNELS.flatMap((channel) =>
    (['commune', 'academie', undefined] as (Party | undefined)[]).flatMap((owner) =>
      (['single', 'several', undefined] as const).map((schoolsScope) => ({
        requesterCategory,
        channel,
        module: owner === undefined ? undefined : { owner },
        schoolsScope,
      })),
    ),
  ),
);
const input = (i: number): AllocationInput => ALLOCATION_INPUTS[i % ALLOCATION_INPUTS.length] as AllocationInput;

const MILLION = 1_000_000;

export const benches: Bench[] = [
  // ---- deadlines ----
  {
    group: 'core: deadlines',
    name: 'baseline: date-fns parseISO + addMonths + format',
    iterations: MILLION,
    run: (i) => format(addMonths(parseISO(date(i)), (i & 1) === 1 ? 3 : 1), 'yyyy-MM-dd'),
  },
  {
    group: 'core: deadlines',
    name: 'baseline: naive responseDeadline (date-fns, no cache)',
    iterations: 50_000,
    run: (i) => naiveResponseDeadline(date(i), (i & 1) === 1),
  },
  {
    group: 'core: deadlines',
    name: 'responseDeadline',
    iterations: MILLION,
    run: (i) => responseDeadline({ receivedOn: date(i), extended: (i & 1) === 1 }),
    baseline: ['baseline: date-fns parseISO + addMonths + format', 'baseline: naive responseDeadline (date-fns, no cache)'],
    targetMs: 1000,
  },
  {
    group: 'core: deadlines',
    name: 'responseDeadline, one closed suspension, Alsace-Moselle',
    iterations: MILLION,
    setup: () => DATES.map((d) => [{ from: d, to: format(addDays(parseISO(d), 9), 'yyyy-MM-dd') }]),
    run: (i, ctx) =>
      responseDeadline({
        receivedOn: date(i),
        suspensions: (ctx as { from: string; to: string }[][])[i % DATES.length],
        calendar: 'alsace-moselle',
      }),
    targetMs: 1000,
  },
  {
    group: 'core: deadlines',
    name: 'computeDeadlines (both dates, countdown, explanations, sentence)',
    iterations: 100_000,
    run: (i) => computeDeadlines({ receivedOn: date(i), extended: (i & 1) === 1, today: '2026-06-15' }),
  },
  // ---- allocation ----
  {
    group: 'core: allocation',
    name: "allocate('versailles-fontenay', …)",
    iterations: MILLION,
    run: (i) => allocate('versailles-fontenay', input(i)),
    targetMs: 1000,
  },
  {
    group: 'core: allocation',
    name: "allocate('dsden13', …)",
    iterations: MILLION,
    run: (i) => allocate('dsden13', input(i)),
    targetMs: 1000,
  },
  {
    group: 'core: allocation',
    name: 'allocate(stored RuleSet, …) (parsed from JSON)',
    iterations: MILLION,
    setup: () => parseRuleSet(JSON.parse(JSON.stringify(PRESET_RULESETS['versailles-fontenay']))),
    run: (i, ctx) => allocate(ctx as ReturnType<typeof parseRuleSet>, input(i)),
    baseline: "allocate('versailles-fontenay', …)",
  },
  {
    group: 'core: allocation',
    name: 'validateRuleSet (agreement saved)',
    iterations: 10_000,
    run: () => validateRuleSet(PRESET_RULESETS['versailles-fontenay']),
  },
  // ---- journal ----
  {
    group: 'core: journal',
    name: 'appendEvent (SHA-256 of canonical JSON)',
    iterations: 100_000,
    run: (i) =>
      appendEvent(GENESIS_HASH, {
        id: `evt-${i}`,
        requestId: 'req-1',
        at: '2026-05-04T09:00:00Z',
        actor: 'Mme Martin',
        type: 'status.changed',
        data: { before: { status: 'received' }, after: { status: 'in-progress' }, reason: 'Pièces reçues' },
      }),
  },
  {
    group: 'core: journal',
    name: 'verifyChain of 1,000 events',
    iterations: 20,
    setup: () => {
      const events: JournalEvent[] = [];
      let prev = GENESIS_HASH;
      for (let i = 0; i < 1000; i += 1) {
        const e = appendEvent(prev, { id: `e${i}`, requestId: 'r', at: '2026-05-04T09:00:00Z', actor: 'A', type: 't', data: { i } });
        events.push(e);
        prev = e.hash;
      }
      return events;
    },
    run: (_i, ctx) => verifyChain(ctx as JournalEvent[]),
  },
];
