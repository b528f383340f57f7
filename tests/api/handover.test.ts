// A request handed over to the co-controller stays followed by the office that handed it over
// (domain.md, "Handover"; GDPR art. 26(3)): it stays in that office's lists and counts as
// « Transmise », with the other party's answer date once known.
import { afterEach, describe, expect, it } from 'vitest';
import type { NewRequest } from '../../core/api/contract';
import { openOffice, passed, type Office } from '../helpers/offices';
import { useTempDir } from '../helpers/tmp';

const tmp = useTempDir();
const opened: Office[] = [];
afterEach(() => {
  for (const o of opened.splice(0)) o.close();
});

// A commune employee's request, forwarded to the académie by the commune: rows 2 and 4 give it to the commune, decided.
const employee = (agreementId: string, over: Partial<NewRequest> = {}): NewRequest => ({
  agreementId,
  receivedOn: '2026-04-14',
  channel: 'commune',
  medium: 'email',
  requesterName: 'Paul Roux',
  requesterCategory: 'commune-staff',
  rights: ['access', 'rectification'],
  ...over,
});

async function twoOffices() {
  const academie = openOffice(tmp(), '2026-04-20');
  const commune = openOffice(tmp(), '2026-04-20');
  opened.push(academie, commune);
  await academie.ok('office.set', { party: 'academie' });
  const { agreement } = await academie.ok('agreements.createFromPreset', { preset: 'versailles-fontenay' });
  await commune.ok('office.set', { party: 'commune', communeName: 'Fontenay-aux-Roses' });
  const invitation = await academie.ok('exchange.invitation', { agreementId: agreement.id });
  const joined = await commune.ok('exchange.join', { ...passed(invitation), fingerprint: academie.fingerprint, confirmedBy: 'Mme Roy' });
  await academie.ok('exchange.import', { agreementId: agreement.id, ...passed(joined.file), fingerprint: commune.fingerprint, confirmedBy: 'M. Durand' });
  const send = async (from: Office, to: Office) =>
    to.ok('exchange.import', { agreementId: agreement.id, ...passed((await from.ok('exchange.export', { agreementId: agreement.id })).file) });
  return { academie, commune, agreementId: agreement.id, send };
}

describe('a handed-over request, in the office that handed it over', () => {
  it("stays in that office's list of its requests and in its open figures, « Transmise », answer awaited", async () => {
    const { academie, agreementId } = await twoOffices();
    const own = await academie.ok('requests.create', { ...employee(agreementId), channel: 'academie', requesterCategory: 'parent', requesterName: 'Claire Martin' });
    const handed = await academie.ok('requests.create', employee(agreementId));
    expect(handed.allocation).toMatchObject({ party: 'commune', status: 'decided' });
    await academie.ok('requests.handOver', { id: handed.id, on: '2026-04-15', reason: "Demande d'un agent communal" });

    const list = await academie.ok('requests.list', { party: 'academie', openOnly: true });
    expect(list.rows.map((r) => [r.reference, r.status, r.handover])).toEqual(
      expect.arrayContaining([
        [own.reference, 'received', null],
        [handed.reference, 'handed-over', { answeredOn: null }],
      ]),
    );
    expect(list.total).toBe(2);
    expect(list.facets.party).toEqual(expect.arrayContaining([{ value: 'academie', count: 2 }]));
    const detail = await academie.ok('requests.get', { id: handed.id });
    expect(detail.handover).toEqual({ answeredOn: null });
    // Open, not finished: its deadline still runs in the figures.
    const stats = await academie.ok('requests.stats', {});
    expect(stats.open).toEqual(expect.arrayContaining([{ party: 'commune', status: 'handed-over', count: 1 }]));
    // Closed once the co-controller's answer is received: finished, out of the open list.
    await academie.ok('requests.changeStatus', { id: handed.id, to: 'closed', reason: 'Réponse de la commune reçue', on: '2026-04-19' });
    expect((await academie.ok('requests.list', { party: 'academie', openOnly: true })).rows.map((r) => r.reference)).toEqual([own.reference]);
    expect((await academie.ok('requests.get', { id: handed.id })).handover).toBeNull();
  });

  it("shows the co-controller's answer date once its answers reach the handing office", async () => {
    const { academie, commune, agreementId, send } = await twoOffices();
    const handed = await academie.ok('requests.create', employee(agreementId));
    await academie.ok('requests.handOver', { id: handed.id, on: '2026-04-15', reason: "Demande d'un agent communal" });
    await send(academie, commune);
    const there = await commune.ok('requests.get', { id: handed.id });
    await commune.ok('requests.answerRight', { id: handed.id, right: 'access', outcome: 'done', answeredOn: '2026-04-17' });
    // Half answered: not yet an answer in the figures.
    expect(await commune.ok('requests.stats', {})).toMatchObject({ answeredCount: 0, medianAnswerDays: null });
    await commune.ok('requests.answerRight', { id: handed.id, right: 'rectification', outcome: 'done', answeredOn: '2026-04-18' });
    // Answered on 18/04 (recorded on 20/04): 4 days after receipt on 14/04, from the answer dates.
    expect(await commune.ok('requests.stats', {})).toMatchObject({ answeredCount: 1, medianAnswerDays: 4 });
    await send(commune, academie);
    expect(there.status).toBe('handed-over');
    const answered = await commune.ok('requests.get', { id: handed.id });
    expect([answered.status, answered.handover]).toEqual(['handed-over', { answeredOn: '2026-04-18' }]);
    // The académie did not answer for the commune: it may not record the commune's answers.
    const refused = await academie.fail('requests.answerRight', { id: handed.id, right: 'access', outcome: 'done', answeredOn: '2026-04-17' });
    expect(refused.message).toBe('La demande a été transmise au co-responsable, qui y répond ; reprenez-la si elle vous est renvoyée.');
    await send(commune, academie);
    const back = await academie.ok('requests.get', { id: handed.id });
    expect([back.status, back.handover]).toEqual(['handed-over', { answeredOn: '2026-04-18' }]);
    expect(back.rightsDetail.map((r) => [r.right, r.outcome, r.answeredOn])).toEqual([
      ['access', 'done', '2026-04-17'],
      ['rectification', 'done', '2026-04-18'],
    ]);
    const listed = await academie.ok('requests.list', { party: 'academie', openOnly: true });
    expect(listed.rows.map((r) => [r.reference, r.handover])).toEqual([[handed.reference, { answeredOn: '2026-04-18' }]]);
    // Taken note of, it is closed: finished at last.
    await academie.ok('requests.changeStatus', { id: handed.id, to: 'closed', reason: 'Réponse de la commune reçue', on: '2026-04-19' });
    expect((await academie.ok('requests.list', { party: 'academie', openOnly: true })).rows).toEqual([]);
    // Closed on 19/04: the answer time is still the answer's, 4 days.
    expect(await academie.ok('requests.stats', {})).toMatchObject({ answeredCount: 1, medianAnswerDays: 4 });
  });
});
