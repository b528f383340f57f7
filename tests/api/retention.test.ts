// Issue 15, « Keep it only as long as needed »: each agreement's retention period (5 years after
// closure by default, with its reason), the closed requests past it listed for review, and their
// anonymisation: no name left in the database file (its bytes and its WAL searched), the journal's
// chain still verifies, the statistics row unchanged, a refused input written nowhere.
import { afterEach, describe, expect, it } from 'vitest';
import { fileText, oldRequest } from '../helpers/retention';
import { EXAMPLE_LETTERHEAD } from '../helpers/letter-examples';
import { openOffice, type Office } from '../helpers/offices';
import { useTempDir } from '../helpers/tmp';

const tmp = useTempDir();
const opened: Office[] = [];
afterEach(() => {
  for (const o of opened.splice(0)) o.close();
});

/** Words that only the old request holds: none may be left in the file once it is anonymised. */
const PERSONAL = ['Vanderbecq', 'vanderbecq', 'ophelie.vdb@example.fr', 'Timothée', 'timothee', 'cahier de textes de Tim', 'Doute sur la signature'];

const request = oldRequest;

/** An académie office in March 2020 with a request answered, written to, closed; then today is 25/11/2026. */
async function oldClosedRequest() {
  const dir = tmp();
  const office = openOffice(dir, '2020-03-10');
  opened.push(office);
  await office.ok('office.set', { party: 'academie' });
  await office.ok('letterhead.set', EXAMPLE_LETTERHEAD);
  const { agreement } = await office.ok('agreements.createFromPreset', { preset: 'versailles-fontenay' });
  const old = await office.ok('requests.create', request(agreement.id));
  await office.ok('requests.askInformation', { id: old.id, kind: 'identity', whatAsked: 'Pièce d’identité de Mme Vanderbecq', doubt: 'Doute sur la signature du courriel', sentOn: '2020-03-03' });
  await office.ok('requests.informationReceived', { id: old.id, receivedOn: '2020-03-05' });
  const draft = await office.ok('letters.draft', { requestId: old.id, kind: 'acknowledgement' });
  await office.ok('letters.save', { requestId: old.id, kind: 'acknowledgement', subject: draft.subject, body: draft.body, date: '2020-03-06', format: 'html' });
  await office.ok('requests.answerRight', { id: old.id, right: 'access', outcome: 'done', answeredOn: '2020-03-09' });
  await office.ok('requests.answerRight', {
    id: old.id,
    right: 'erasure',
    outcome: 'refused',
    refusalReason: 'Les photos de Timothée Vanderbecq sont conservées pour le dossier scolaire',
    erasureException: 'b',
    answeredOn: '2020-03-09',
  });
  await office.ok('requests.changeStatus', { id: old.id, to: 'closed', on: '2020-03-10' });
  // A request closed later (still kept) and one still open.
  office.setToday('2024-06-03');
  const recent = await office.ok('requests.create', request(agreement.id, { receivedOn: '2024-06-03', requesterName: 'Karim Benali', requesterContact: '', subjectName: null, summary: '', rights: ['access'] }));
  await office.ok('requests.answerRight', { id: recent.id, right: 'access', outcome: 'no-data', answeredOn: '2024-06-03' });
  await office.ok('requests.changeStatus', { id: recent.id, to: 'closed', on: '2024-06-03' });
  office.setToday('2026-11-25');
  const open = await office.ok('requests.create', request(agreement.id, { receivedOn: '2026-11-20', requesterName: 'Léa Dupré', requesterContact: '', subjectName: null, summary: '', rights: ['access'] }));
  return { dir, office, agreement, old, recent, open };
}

describe('retention of closed requests', () => {
  it('lists on a given day the closed requests past 5 years after closure, with the period and its reason', async () => {
    const { office, agreement, old } = await oldClosedRequest();
    const overview = await office.ok('retention.overview', { agreementId: agreement.id });
    expect(overview.years).toBe(5);
    expect(overview.reason).toContain('prouver leur réponse');
    expect(overview.today).toBe('2026-11-25');
    expect(overview.due).toEqual([{ id: old.id, reference: old.reference, receivedOn: '2020-03-02', closedOn: '2020-03-10', retentionEnd: '2025-03-10', status: 'closed' }]);
    expect(overview.anonymised).toBe(0);

    // Another day: on 09/03/2025 its retention is not over yet; on 10/03/2025 it is.
    office.setToday('2025-03-09');
    expect((await office.ok('retention.overview', { agreementId: agreement.id })).due).toEqual([]);
    office.setToday('2025-03-10');
    expect((await office.ok('retention.overview', { agreementId: agreement.id })).due.map((r) => r.reference)).toEqual([old.reference]);

    // A period of 2 years brings the request closed in June 2024 in once 2026 passes its anniversary.
    office.setToday('2026-11-25');
    const two = await office.ok('retention.setPeriod', { agreementId: agreement.id, years: 2 });
    expect(two.years).toBe(2);
    expect(two.due.map((r) => r.retentionEnd)).toEqual(['2022-03-10', '2026-06-03']);
  });

  it('refuses a period that is not one, and a request still kept, in French, writing nothing', async () => {
    const { dir, office, agreement, old, recent, open } = await oldClosedRequest();
    for (const years of [0, 2.5, 31]) {
      const refused = await office.fail('retention.setPeriod', { agreementId: agreement.id, years });
      expect(refused.code).toBe('ENTREE_INVALIDE');
      expect(refused.fields?.years).toMatch(/^Durée de conservation : /);
    }
    expect((await office.ok('retention.overview', { agreementId: agreement.id })).years).toBe(5);

    const before = fileText(dir);
    const kept = await office.fail('retention.anonymise', { agreementId: agreement.id, requestIds: [old.id, recent.id], confirmedBy: 'Anne Dupuis' });
    expect(kept.code).toBe('CONSERVATION_EN_COURS');
    expect(kept.message).toBe(`La demande ${recent.reference} ne peut pas être anonymisée : sa conservation court jusqu'au 03/06/2029. Rien n'a été anonymisé.`);
    const notClosed = await office.fail('retention.anonymise', { agreementId: agreement.id, requestIds: [open.id], confirmedBy: 'Anne Dupuis' });
    expect(notClosed.message).toContain("elle n'est pas clôturée");
    const nobody = await office.fail('retention.anonymise', { agreementId: agreement.id, requestIds: [old.id], confirmedBy: '  ' });
    expect(nobody.fields?.confirmedBy).toBe('Confirmé par : à renseigner.');
    // Nothing written: the old request as it was, its name still in the file.
    const detail = await office.ok('requests.get', { id: old.id });
    expect(detail).toMatchObject({ requesterName: 'Ophélie Vanderbecq', anonymisedOn: null });
    expect(detail.events.map((e) => e.type)).not.toContain('request.anonymised');
    expect(before).toContain('Vanderbecq');
  });

  it('anonymises on confirmation: no name left in the file, the journal verifies, the statistics unchanged', async () => {
    const { dir, office, agreement, old, recent } = await oldClosedRequest();
    const statsBefore = await office.ok('requests.stats', { agreementId: agreement.id });
    const reportBefore = await office.ok('reports.annual', { agreementId: agreement.id, year: 2020 });
    const detailBefore = await office.ok('requests.get', { id: old.id });
    const text = fileText(dir);
    for (const word of PERSONAL) expect(text, word).toContain(word);

    const done = await office.ok('retention.anonymise', { agreementId: agreement.id, requestIds: [old.id], confirmedBy: 'Anne Dupuis' });
    expect(done).toMatchObject({ anonymised: 1, references: [old.reference] });
    expect(done.overview).toMatchObject({ due: [], anonymised: 1 });

    const detail = await office.ok('requests.get', { id: old.id });
    expect(detail).toMatchObject({
      reference: old.reference,
      anonymisedOn: '2026-11-25',
      requesterName: '',
      requesterContact: '',
      subjectName: null,
      subjectRelation: null,
      summary: '',
      journal: { ok: true },
    });
    expect(detail.suspensions.map((s) => [s.whatAsked, s.doubt])).toEqual([['', '']]);
    // The statistics row: dates, rights and outcomes, party, channel, status as they were.
    for (const key of ['receivedOn', 'channel', 'medium', 'requesterCategory', 'status', 'closedOn', 'allocation', 'acknowledgedOn', 'subjectIsMinor', 'school'] as const) {
      expect(detail[key], key).toEqual(detailBefore[key]);
    }
    expect(detail.rightsDetail.map(({ right, outcome, erasureException, answeredOn }) => ({ right, outcome, erasureException, answeredOn }))).toEqual(
      detailBefore.rightsDetail.map(({ right, outcome, erasureException, answeredOn }) => ({ right, outcome, erasureException, answeredOn })),
    );
    expect(await office.ok('requests.stats', { agreementId: agreement.id })).toEqual(statsBefore);
    // The annual report of its year: the same figures; its refusal keeps its art. 17(3) point, its reason's text is gone.
    const report = await office.ok('reports.annual', { agreementId: agreement.id, year: 2020 });
    expect(report.refusals.map((r) => r.ground)).toEqual([expect.stringMatching(/^Motif retiré à l’anonymisation de la demande/)]);
    expect({ ...report, refusals: [], refusalGrounds: [] }).toEqual({ ...reportBefore, refusals: [], refusalGrounds: [] });
    expect(report.refusalGrounds.map((g) => g.count)).toEqual(reportBefore.refusalGrounds.map((g) => g.count));
    // The journal: every event kept, the anonymisation recorded last.
    expect(detail.events.map((e) => e.type)).toEqual([...detailBefore.events.map((e) => e.type), 'request.anonymised']);
    expect(await office.ok('documents.list', { requestId: old.id })).toEqual([]);
    // Not found by its names any more; the other requests untouched.
    expect((await office.ok('requests.list', { agreementId: agreement.id, q: 'Vanderbecq' })).total).toBe(0);
    expect((await office.ok('requests.get', { id: recent.id })).requesterName).toBe('Karim Benali');

    // The file: none of the old request's words, in the register nor in its WAL.
    const after = fileText(dir);
    for (const word of PERSONAL) expect(after, word).not.toContain(word);
    expect(after).toContain('Karim Benali');

    // Never changed again.
    const refused = await office.fail('requests.changeStatus', { id: old.id, to: 'in-progress' });
    expect(refused.message).toBe(`La demande ${old.reference} a été anonymisée le 25/11/2026 (durée de conservation écoulée) : elle ne peut plus être modifiée.`);
    const again = await office.fail('retention.anonymise', { agreementId: agreement.id, requestIds: [old.id], confirmedBy: 'Anne Dupuis' });
    expect(again.message).toContain('elle a déjà été anonymisée le 25/11/2026');
  });
});
