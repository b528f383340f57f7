// The annual report's figures (issue 15): what a DPD's yearly report to the authority and the
// agreement's joint review need, computed from the requests received in a calendar year.
// Pure: the rows come from the store (Store.reportRows), today is an argument.
//
// Definitions (shown in the report's note, docs/architecture.md):
// - Counted: the requests received in the year (for the current year, up to today), cancelled
//   ones left out. Each breakdown line (right, party, channel, month of receipt) counts requests;
//   a request asking two rights counts under both.
// - Answered: as the dashboard's median answer time (db/store.ts answerTimes): status answered,
//   closed or handed over, with an answer date recorded on its rights; a handed-over request once
//   the co-controller answered every right. Its answer date is the last of its rights'.
// - On time: answered on or before the deadline in force stored with the request (`dueOn`),
//   which core/deadlines computes on every change: one month, three once an extension notified
//   in time is in force (GDPR art. 12(3)), moved by identity suspensions (decree n° 2019-536),
//   rolled to a working day (Reg. 1182/71). A request answered while an identity suspension was
//   open (no deadline running) is on time.
// - Answer time: calendar days from receipt to answer; median and 90th percentile as a
//   spreadsheet's PERCENTILE.INC (core/statistics.ts).
import { format, parseISO } from 'date-fns';
import { fr } from 'date-fns/locale/fr';
import type { ReportRequestRow, ReportRightRow, ReportRows } from '../api/store';
import { daysBetween } from '../deadlines';
import { CHANNELS, CHANNEL_LABELS, HANDED_OVER_STATUS, OUTCOME_LABELS, PARTIES, PARTY_LABELS, RIGHTS, RIGHT_LABELS, type IsoDate, type Status } from '../domain';
import type { AnnualReport, ReportLine } from '../features/reports/calls';
import { median, percentile } from '../statistics';

/** Statuses in which a request may carry its answer (db/store.ts answerTimes reads the same). */
const ANSWERED_STATUSES: readonly Status[] = ['answered', 'closed', HANDED_OVER_STATUS];

/** The date a request was answered (the last of its rights' answer dates), or null if it was not. */
export function answerDate(status: Status, rights: readonly Pick<ReportRightRow, 'answeredOn'>[]): IsoDate | null {
  if (!ANSWERED_STATUSES.includes(status)) return null;
  const dates = rights.map((r) => r.answeredOn).filter((d): d is string => d !== null);
  if (dates.length === 0) return null;
  if (status === HANDED_OVER_STATUS && dates.length < rights.length) return null;
  return dates.reduce((a, b) => (b > a ? b : a));
}

/** Where a request stands for the report. */
type Standing = { kind: 'answered'; onTime: boolean } | { kind: 'pending' } | { kind: 'other' };

/** Ended without an answer to its rights: declared inadmissible (art. 12(5)) or withdrawn. */
const ENDED_UNANSWERED: readonly Status[] = ['inadmissible', 'withdrawn'];

function standing(r: ReportRequestRow, answeredOn: IsoDate | null): Standing {
  if (answeredOn !== null) return { kind: 'answered', onTime: r.dueOn === null || answeredOn <= r.dueOn };
  return ENDED_UNANSWERED.includes(r.status) ? { kind: 'other' } : { kind: 'pending' };
}

/** A line of counts, filled request by request. */
function counter(key: string, label: string): ReportLine {
  return { key, label, requests: 0, answered: 0, onTime: 0, late: 0, pending: 0, other: 0 };
}

function count(line: ReportLine, s: Standing): void {
  line.requests += 1;
  if (s.kind === 'answered') {
    line.answered += 1;
    if (s.onTime) line.onTime += 1;
    else line.late += 1;
  } else line[s.kind] += 1;
}

const monthLabel = (month: string) => format(parseISO(`${month}-01`), 'LLLL yyyy', { locale: fr });
/** The 17(3) point of a refused erasure, said after its ground. */
const exceptionText = (point: string | null) => (point ? ` (RGPD art. 17(3) ${point})` : '');

export interface AnnualReportInput {
  year: number;
  today: IsoDate;
  agreement: AnnualReport['agreement'];
  years: number[];
  rows: ReportRows;
}

/** The period a report of `year` covers at `today`: the whole year, or the current one up to today. */
export function reportPeriod(year: number, today: IsoDate): { from: IsoDate; to: IsoDate; complete: boolean } {
  const end = `${year}-12-31`;
  return { from: `${year}-01-01`, to: end < today ? end : today, complete: end < today };
}

export function annualReport({ year, today, agreement, years, rows }: AnnualReportInput): AnnualReport {
  const { from, to, complete } = reportPeriod(year, today);
  const rightsOf = new Map<string, ReportRightRow[]>();
  for (const r of rows.rights) {
    const list = rightsOf.get(r.requestId);
    if (list) list.push(r);
    else rightsOf.set(r.requestId, [r]);
  }
  const lastMonth = Number(to.slice(5, 7));
  const months = Array.from({ length: lastMonth }, (_, i) => {
    const month = `${year}-${String(i + 1).padStart(2, '0')}`;
    return counter(month, monthLabel(month));
  });
  const byRight = new Map(RIGHTS.map((r) => [r, counter(r, RIGHT_LABELS[r])]));
  const byParty = new Map<string, ReportLine>([...PARTIES.map((p) => [p, counter(p, PARTY_LABELS[p])] as const), ['none', counter('none', 'À répartir')]]);
  const byChannel = new Map(CHANNELS.map((c) => [c, counter(c, CHANNEL_LABELS[c])]));
  const totals = counter('total', 'Total');
  let pendingOverdue = 0;
  let inadmissible = 0;
  let withdrawn = 0;
  let extensions = 0;
  let extensionsNotInForce = 0;
  const days: number[] = [];
  const refusals: AnnualReport['refusals'] = [];
  const grounds = new Map<string, number>();

  for (const r of rows.requests) {
    const rights = rightsOf.get(r.id) ?? [];
    const answeredOn = answerDate(r.status, rights);
    const s = standing(r, answeredOn);
    count(totals, s);
    count(months[Number(r.receivedOn.slice(5, 7)) - 1]!, s);
    count(byParty.get(r.allocationParty ?? 'none')!, s);
    count(byChannel.get(r.channel)!, s);
    for (const x of rights) count(byRight.get(x.right)!, s);
    if (answeredOn !== null) days.push(daysBetween(r.receivedOn, answeredOn));
    else if (s.kind === 'pending' && r.dueOn !== null && r.dueOn < today) pendingOverdue += 1;
    if (r.status === 'inadmissible') inadmissible += 1;
    if (r.status === 'withdrawn') withdrawn += 1;
    if (r.extended) {
      extensions += 1;
      // A notice sent after the one-month deadline does not take effect (deadlines.md,
      // algorithm 6): the deadline core/deadlines put in force is then not the extended one.
      if (r.dueOn !== null && r.dueOn !== r.extendedDeadline) extensionsNotInForce += 1;
    }
    for (const x of rights) {
      if (x.outcome !== 'refused' && x.outcome !== 'partly') continue;
      const ground = `${x.refusalReason?.trim() || 'motif non enregistré'}${exceptionText(x.erasureException)}`;
      refusals.push({ reference: r.reference, right: RIGHT_LABELS[x.right], outcome: OUTCOME_LABELS[x.outcome], ground, answeredOn: x.answeredOn });
      grounds.set(ground, (grounds.get(ground) ?? 0) + 1);
    }
  }

  return {
    year,
    from,
    to,
    asOf: today,
    complete,
    agreement,
    years,
    totals: {
      requests: totals.requests,
      answered: totals.answered,
      onTime: totals.onTime,
      late: totals.late,
      pending: totals.pending,
      other: totals.other,
      pendingOverdue,
      inadmissible,
      withdrawn,
      extensions,
      extensionsNotInForce,
      refusals: refusals.length,
      medianDays: median(days),
      p90Days: percentile(days, 0.9),
    },
    byRight: [...byRight.values()],
    // « À répartir » only when a request is waiting for its allocation.
    byParty: [...byParty.values()].filter((l) => l.key !== 'none' || l.requests > 0),
    byChannel: [...byChannel.values()],
    months,
    refusals,
    refusalGrounds: [...grounds].map(([ground, n]) => ({ ground, count: n })).sort((a, b) => b.count - a.count || a.ground.localeCompare(b.ground, 'fr')),
  };
}
