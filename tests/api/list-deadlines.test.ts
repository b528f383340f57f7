// The list's deadline figures are kept by what they are computed from (receipt, extension,
// suspensions, open or closed, the agreement's calendar, today: core/features/requests/read.ts).
// Whatever was kept, every row must say what a fresh computation by core/deadlines says, after
// the day changes and after each change to a request.
import { describe, expect, it } from 'vitest';
import type { CallOutput, NewRequest } from '../../core/api/contract';
import { computeDeadlines } from '../../core/deadlines';
import { CLOSED_STATUSES, type HolidayCalendar } from '../../core/domain';
import { openHost } from '../../electron/host';
import { useTempDir } from '../helpers/tmp';

const tmp = useTempDir();

/** The list and each request's detail against core's computation for `today`. */
async function expectFresh(host: ReturnType<typeof openHost>, today: string, calendar: HolidayCalendar) {
  const r = await host.call('requests.list', { limit: 500 });
  if (!r.ok) throw new Error(r.error.message);
  const list = r.value as CallOutput<'requests.list'>;
  expect(list.rows.length).toBeGreaterThan(0);
  for (const row of list.rows) {
    const got = await host.call('requests.get', { id: row.id });
    if (!got.ok) throw new Error(got.error.message);
    const detail = got.value as CallOutput<'requests.get'>;
    const d = computeDeadlines({
      receivedOn: detail.receivedOn,
      extended: detail.extension !== null,
      extensionNotifiedOn: detail.extension?.notifiedOn ?? null,
      suspensions: detail.suspensions.map((s) => (s.receivedOn ? { from: s.sentOn, to: s.receivedOn, kind: s.kind } : { from: s.sentOn, kind: s.kind })),
      calendar,
      today,
    });
    const closed = CLOSED_STATUSES.includes(row.status);
    const expected = {
      dueOn: d.current,
      responseDeadline: d.responseDeadline,
      extendedDeadline: d.extendedDeadline,
      extensionNoticeDue: d.extensionNoticeDue,
      urgency: closed ? 'closed' : d.urgency,
      daysLeft: closed ? null : d.daysLeft,
      suspendedDays: d.suspendedDays + (d.openSuspensionDays ?? 0),
      explanation: d.sentence,
    };
    expect(row.deadline, row.reference).toEqual(expected);
    expect(detail.deadline, row.reference).toEqual(expected);
  }
  return list;
}

describe('the deadline figures of the list, kept between calls', () => {
  it('follow the day and every change to a request (suspension, receipt of documents, extension, closure)', async () => {
    let today = '2026-02-25';
    const host = openHost(tmp(), { clock: { today: () => today, now: () => `${today}T12:00:00.000Z` } });
    const call = async <T>(name: string, input: unknown): Promise<T> => {
      const r = await host.call(name, input);
      if (!r.ok) throw new Error(`${name} : ${r.error.message}`);
      return r.value as T;
    };
    await call('office.set', { party: 'academie' });
    const { agreement } = await call<{ agreement: { id: string; holidayCalendar: HolidayCalendar } }>('agreements.createFromPreset', { preset: 'versailles-fontenay' });
    const calendar = agreement.holidayCalendar;
    const request = (over: Partial<NewRequest>): NewRequest => ({
      agreementId: agreement.id,
      receivedOn: '2026-02-10',
      channel: 'academie',
      medium: 'email',
      requesterName: 'Karim Haddad',
      requesterCategory: 'parent',
      rights: ['access'],
      confirmedDate: true,
      ...over,
    });
    // Three received the same day (the same figures), one the next day.
    const ids: string[] = [];
    for (const over of [{}, { requesterName: 'Inès Martin' }, { requesterName: 'Léo Dubois' }, { receivedOn: '2026-02-11' }]) {
      ids.push((await call<{ id: string }>('requests.create', request(over))).id);
    }
    const [a, b, c] = ids as [string, string, string, string];
    await expectFresh(host, today, calendar);

    await call('requests.askInformation', { id: a, kind: 'identity', whatAsked: "Copie d'une pièce d'identité", sentOn: '2026-02-12' });
    let list = await expectFresh(host, today, calendar);
    expect(list.rows.find((r) => r.id === a)!.deadline.urgency).toBe('suspended');
    expect(list.rows.find((r) => r.id === b)!.deadline.urgency).not.toBe('suspended');

    // Another day: days left and the days an open suspension has lasted move on.
    today = '2026-03-05';
    list = await expectFresh(host, today, calendar);
    expect(list.rows.find((r) => r.id === a)!.deadline.suspendedDays).toBe(21);

    await call('requests.informationReceived', { id: a, receivedOn: '2026-02-20', documentsReceived: [] });
    await call('requests.extend', { id: b, reasons: 'Demande complexe : données dans trois traitements.' });
    await call('requests.askInformation', { id: c, kind: 'clarification', whatAsked: 'Quelles années ?', sentOn: '2026-03-02' });
    list = await expectFresh(host, today, calendar);
    expect(list.rows.find((r) => r.id === b)!.deadline.dueOn).toBe('2026-05-11');

    await call('requests.changeStatus', { id: c, to: 'withdrawn', reason: 'Demande retirée par courriel.' });
    list = await expectFresh(host, today, calendar);
    expect(list.rows.find((r) => r.id === c)!.deadline.urgency).toBe('closed');

    today = '2026-04-20';
    list = await expectFresh(host, today, calendar);
    expect(list.rows.filter((r) => r.deadline.urgency === 'overdue').length).toBeGreaterThan(0);
    host.close();
  });
});
