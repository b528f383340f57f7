// Issue 15 between the two offices (two databases, files passed as by email): the anonymisation of
// a request past its retention is an event that travels and is applied on the other side too, and
// a later package from an office that had not received it yet never brings the removed values back.
import { afterEach, describe, expect, it } from 'vitest';
import { EXAMPLE_LETTERHEAD } from '../helpers/letter-examples';
import { openOffice, passed, type Office } from '../helpers/offices';
import { useTempDir } from '../helpers/tmp';
import { fileText, oldRequest } from '../helpers/retention';

const tmp = useTempDir();
const opened: Office[] = [];
afterEach(() => {
  for (const o of opened.splice(0)) o.close();
});

const NAMES = ['Vanderbecq', 'vanderbecq', 'ophelie.vdb@example.fr', 'Timothée'];

async function pairedWithOldRequest() {
  const academie = openOffice(tmp(), '2020-03-10');
  const commune = openOffice(tmp(), '2020-03-10');
  opened.push(academie, commune);
  await academie.ok('office.set', { party: 'academie' });
  await academie.ok('letterhead.set', EXAMPLE_LETTERHEAD);
  await commune.ok('office.set', { party: 'commune', communeName: 'Fontenay-aux-Roses' });
  const { agreement } = await academie.ok('agreements.createFromPreset', { preset: 'versailles-fontenay' });
  const invitation = await academie.ok('exchange.invitation', { agreementId: agreement.id });
  const joined = await commune.ok('exchange.join', { ...passed(invitation), fingerprint: academie.fingerprint, confirmedBy: 'Mme Roy' });
  await academie.ok('exchange.import', { agreementId: agreement.id, ...passed(joined.file), fingerprint: commune.fingerprint, confirmedBy: 'M. Durand' });

  const old = await academie.ok('requests.create', oldRequest(agreement.id, { rights: ['access'] }));

  const draft = await academie.ok('letters.draft', { requestId: old.id, kind: 'acknowledgement' });
  await academie.ok('letters.save', { requestId: old.id, kind: 'acknowledgement', subject: draft.subject, body: draft.body, date: '2020-03-06', format: 'html' });
  await academie.ok('requests.answerRight', { id: old.id, right: 'access', outcome: 'done', answeredOn: '2020-03-09' });
  await academie.ok('requests.changeStatus', { id: old.id, to: 'closed', on: '2020-03-10' });
  const first = await academie.ok('exchange.export', { agreementId: agreement.id, all: false, letters: true });
  await commune.ok('exchange.import', { agreementId: agreement.id, ...passed(first.file) });
  expect((await commune.ok('requests.get', { id: old.id })).requesterName).toBe('Ophélie Vanderbecq');
  expect(await commune.ok('documents.list', { requestId: old.id })).toHaveLength(1);
  for (const o of [academie, commune]) o.setToday('2026-11-25');
  return { academie, commune, agreement, old };
}

describe('anonymisation between the two offices', () => {
  it('travels as an event: the other office anonymises the request too, its history verified, no name left in its file', async () => {
    const { academie, commune, agreement, old } = await pairedWithOldRequest();
    expect(fileText(commune.dir)).toContain('Vanderbecq');
    await academie.ok('retention.anonymise', { agreementId: agreement.id, requestIds: [old.id], confirmedBy: 'Anne Dupuis' });
    const pkg = await academie.ok('exchange.export', { agreementId: agreement.id, all: false, letters: true });
    const imported = await commune.ok('exchange.import', { agreementId: agreement.id, ...passed(pkg.file) });
    expect(imported.applied).toBe(1);

    const detail = await commune.ok('requests.get', { id: old.id });
    expect(detail).toMatchObject({ anonymisedOn: '2026-11-25', requesterName: '', requesterContact: '', subjectName: null, summary: '', status: 'closed', closedOn: '2020-03-10', journal: { ok: true } });
    expect(detail.events.at(-1)).toMatchObject({ type: 'request.anonymised' });
    expect(await commune.ok('documents.list', { requestId: old.id })).toEqual([]);
    expect((await commune.ok('retention.overview', { agreementId: agreement.id })).anonymised).toBe(1);
    for (const dir of [commune.dir, academie.dir]) {
      const text = fileText(dir);
      for (const word of NAMES) expect(text, `${word} in ${dir}`).not.toContain(word);
    }

    // Everything sent again, letters included: nothing comes back.
    const all = await academie.ok('exchange.export', { agreementId: agreement.id, all: true, letters: true });
    await commune.ok('exchange.import', { agreementId: agreement.id, ...passed(all.file) });
    expect(await commune.ok('documents.list', { requestId: old.id })).toEqual([]);
    for (const word of NAMES) expect(fileText(commune.dir), word).not.toContain(word);
  });

  it('a package written before the other office had heard of the anonymisation brings no name back; the anonymisation then reaches that office', async () => {
    const { academie, commune, agreement, old } = await pairedWithOldRequest();
    // The commune anonymises first; meanwhile the académie, not yet told, saves another letter to the person.
    await commune.ok('retention.anonymise', { agreementId: agreement.id, requestIds: [old.id], confirmedBy: 'Mme Roy' });
    const draft = await academie.ok('letters.draft', { requestId: old.id, kind: 'acknowledgement' });
    await academie.ok('letters.save', { requestId: old.id, kind: 'acknowledgement', subject: draft.subject, body: `${draft.body}\nMadame Vanderbecq, …`, date: '2026-11-25', format: 'html' });
    const late = await academie.ok('exchange.export', { agreementId: agreement.id, all: false, letters: true });
    await commune.ok('exchange.import', { agreementId: agreement.id, ...passed(late.file) });

    const here = await commune.ok('requests.get', { id: old.id });
    expect(here).toMatchObject({ requesterName: '', anonymisedOn: '2026-11-25', journal: { ok: true } });
    expect(here.events.at(-1)).toMatchObject({ type: 'letter.sent' });
    expect(await commune.ok('documents.list', { requestId: old.id })).toEqual([]);
    for (const word of NAMES) expect(fileText(commune.dir), word).not.toContain(word);

    // The commune's anonymisation reaches the académie: anonymised there too, its later letter removed.
    const back = await commune.ok('exchange.export', { agreementId: agreement.id, all: false });
    await academie.ok('exchange.import', { agreementId: agreement.id, ...passed(back.file) });
    const there = await academie.ok('requests.get', { id: old.id });
    expect(there).toMatchObject({ requesterName: '', anonymisedOn: '2026-11-25', journal: { ok: true } });
    expect(await academie.ok('documents.list', { requestId: old.id })).toEqual([]);
    for (const word of NAMES) expect(fileText(academie.dir), word).not.toContain(word);
    // Both offices keep the same statistics row.
    const row = (d: typeof here) => ({ status: d.status, closedOn: d.closedOn, receivedOn: d.receivedOn, channel: d.channel, rights: d.rightsDetail.map((r) => [r.right, r.outcome, r.answeredOn]) });
    expect(row(there)).toEqual(row(await commune.ok('requests.get', { id: old.id })));
  });
});
