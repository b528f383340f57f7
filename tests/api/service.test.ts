import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CALL_NAMES, contract, type NewRequest } from '../../core/api/contract';
import { DB_FILE_NAME } from '../../electron/host';
import { testHost, type TestHost } from '../helpers/host';
import { useTempDir } from '../helpers/tmp';

async function versaillesOffice(dir: string, today?: string): Promise<{ host: TestHost; agreementId: string }> {
  const host = testHost(dir, today);
  await host.ok('office.set', { party: 'academie' });
  const { agreement } = await host.ok('agreements.createFromPreset', { preset: 'versailles-fontenay' });
  return { host, agreementId: agreement.id };
}

const parentViaCommune = (agreementId: string, over: Partial<NewRequest> = {}): NewRequest => ({
  agreementId,
  receivedOn: '2026-04-14',
  channel: 'commune',
  medium: 'letter',
  requesterName: 'Claire Martin',
  requesterContact: 'claire.martin@example.org',
  requesterCategory: 'parent',
  subjectName: 'Léo Martin',
  subjectIsMinor: true,
  subjectRelation: 'mère',
  rights: ['access', 'erasure'],
  // Seeded dates lie months back: the user has confirmed them (core/corrections.ts).
  confirmedDate: true,
  ...over,
});

describe('the contract', () => {
  it('has one handler per call and refuses an unknown call in French', async () => {
    expect(CALL_NAMES.length).toBe(Object.keys(contract).length);
    const host = testHost(useTempDirOnce());
    for (const name of CALL_NAMES) {
      // Every name reaches a handler: input validation answers, never "unknown call".
      const r = await host.call(name, { definitely: 'not valid' });
      if (!r.ok) expect(r.error.code).not.toBe('APPEL_INCONNU');
    }
    expect(await host.fail('nope.nothing' as never, {})).toEqual({ code: 'APPEL_INCONNU', message: 'Appel inconnu : « nope.nothing ».' });
    host.close();
  });
});

const dirs = useTempDir();
function useTempDirOnce() {
  return dirs();
}

describe('office identity', () => {
  it('is unset on a fresh install, then set at first run', async () => {
    const host = testHost(dirs());
    expect(await host.ok('office.get', {})).toBeNull();
    expect(await host.ok('office.set', { party: 'commune', communeName: 'Fontenay-aux-Roses' })).toEqual({
      party: 'commune',
      communeName: 'Fontenay-aux-Roses',
      label: 'La commune de Fontenay-aux-Roses',
    });
    expect((await host.ok('office.get', {}))?.label).toBe('La commune de Fontenay-aux-Roses');
    host.close();
  });

  it('asks for the commune name of a commune office, next to the field', async () => {
    const host = testHost(dirs());
    const error = await host.fail('office.set', { party: 'commune', communeName: '  ' });
    expect(error.code).toBe('ENTREE_INVALIDE');
    expect(error.fields?.communeName).toBe('Nom de la commune : à renseigner pour un office de commune.');
    expect(await host.ok('office.get', {})).toBeNull();
    host.close();
  });
});

describe('agreements and schools', () => {
  it('creates the Versailles agreement from its preset, importing the schools of annex 2 and flagging the malformed UAI', async () => {
    const host = testHost(dirs());
    const { agreement, rejectedSchools } = await host.ok('agreements.createFromPreset', { preset: 'versailles-fontenay' });
    expect(agreement).toMatchObject({
      code: 'FAR',
      communeName: 'Fontenay-aux-Roses',
      preset: 'versailles-fontenay',
      presetLabel: 'Versailles / Fontenay-aux-Roses',
      holidayCalendar: 'metropole',
      schoolCount: 10,
    });
    expect(agreement.dpdContacts.academie.email).toBe('dpd@ac-versailles.fr');
    expect(rejectedSchools).toEqual([
      {
        line: 2,
        name: 'École maternelle Scarron',
        address: 'Allée des lilas',
        uai: '0920546Ux',
        reason: "« 0920546Ux » n'est pas un code UAI : il faut 7 chiffres suivis d'une lettre (ex. 0920484B).",
        correction: '0920546U',
      },
    ]);
    const schools = await host.ok('schools.list', { agreementId: agreement.id });
    expect(schools.map((s) => s.uai)).toContain('0920484B');
    expect(schools.map((s) => s.uai)).not.toContain('0920546UX');
    host.close();
  });

  it('gives a second agreement from the same preset its own code, and DSDEN 13 needs a commune name', async () => {
    const host = testHost(dirs());
    await host.ok('agreements.createFromPreset', { preset: 'versailles-fontenay' });
    const second = await host.ok('agreements.createFromPreset', { preset: 'versailles-fontenay', communeName: 'Sceaux' });
    expect(second.agreement.code).toBe('FAR2');
    const error = await host.fail('agreements.createFromPreset', { preset: 'dsden13' });
    expect(error.fields?.communeName).toBe('Indiquez le nom de la commune signataire.');
    const taken = await host.fail('agreements.createFromPreset', { preset: 'dsden13', communeName: 'Aubagne', code: 'FAR' });
    expect(taken.message).toContain('Le code FAR est déjà celui');
    expect((await host.ok('agreements.list', {})).length).toBe(2);
    host.close();
  });

  it('checks the UAI check letter and says which letter is expected', async () => {
    const host = testHost(dirs());
    const { agreement } = await host.ok('agreements.createFromPreset', { preset: 'dsden13', communeName: 'Aubagne' });
    const wrong = await host.fail('schools.add', { agreementId: agreement.id, name: 'École Jean Jaurès', uai: '0920484C' });
    expect(wrong.code).toBe('UAI_INVALIDE');
    expect(wrong.message).toBe('Le code UAI « 0920484C » est incorrect : pour 0920484, la lettre de contrôle est B.');
    const added = await host.ok('schools.add', { agreementId: agreement.id, name: 'École Jean Jaurès', address: '1 rue X', uai: ' 0920484b ' });
    expect(added.uai).toBe('0920484B');
    const twice = await host.fail('schools.add', { agreementId: agreement.id, name: 'Doublon', uai: '0920484B' });
    expect(twice.message).toContain('figure déjà');
    expect(await host.ok('schools.list', { agreementId: agreement.id })).toHaveLength(1);
    host.close();
  });

  it('updates the settings of an agreement and refuses a malformed contact address', async () => {
    const host = testHost(dirs());
    const { agreement } = await host.ok('agreements.createFromPreset', { preset: 'versailles-fontenay' });
    const updated = await host.ok('agreements.update', {
      id: agreement.id,
      patch: { holidayCalendar: 'alsace-moselle', identityDocuments: ["Copie d'une pièce d'identité"] },
    });
    expect(updated.holidayCalendar).toBe('alsace-moselle');
    expect(updated.identityDocuments).toEqual(["Copie d'une pièce d'identité"]);
    const bad = await host.fail('agreements.update', {
      id: agreement.id,
      patch: { dpdContacts: { ...agreement.dpdContacts, commune: { ...agreement.dpdContacts.commune, email: 'pas une adresse' } } },
    });
    expect(bad.fields?.['patch.dpdContacts.commune.email']).toBe('Adresse électronique du contact invalide.');
    expect((await host.ok('agreements.get', { id: agreement.id })).dpdContacts.commune.email).toBe('');
    host.close();
  });
});

describe('requests', () => {
  it("lists each request with its own agreement's holiday calendar (Good Friday in Alsace-Moselle)", async () => {
    const { host, agreementId: metropole } = await versaillesOffice(dirs(), '2026-03-10');
    const { agreement: other } = await host.ok('agreements.createFromPreset', { preset: 'dsden13', communeName: 'Aubagne' });
    await host.ok('agreements.update', { id: other.id, patch: { holidayCalendar: 'alsace-moselle' } });
    // Received 03/03/2026: one month ends Friday 03/04/2026, Good Friday, a holiday only in
    // Alsace-Moselle, where the deadline moves past Easter Monday to Tuesday 07/04/2026.
    const a = await host.ok('requests.create', parentViaCommune(metropole, { receivedOn: '2026-03-03' }));
    const b = await host.ok('requests.create', parentViaCommune(other.id, { receivedOn: '2026-03-03', schoolId: null }));
    const listed = await host.ok('requests.list', { openOnly: true });
    const due = (id: string) => listed.rows.find((r) => r.id === id)!.deadline;
    expect(due(a.id).dueOn).toBe('2026-04-03');
    expect(due(b.id).dueOn).toBe('2026-04-07');
    expect(due(b.id)).toEqual((await host.ok('requests.get', { id: b.id })).deadline);
    host.close();
  });

  it('creates a request with its reference, allocation and deadline (worked example: Ascension)', async () => {
    const { host, agreementId } = await versaillesOffice(dirs());
    const r = await host.ok('requests.create', parentViaCommune(agreementId));
    expect(r.reference).toBe('FAR-A-2026-0001');
    expect(r.status).toBe('received');
    // A parent (row 1: académie) writing to the commune (row 4: commune): to settle at the monthly meeting.
    expect(r.allocation.status).toBe('to-settle');
    expect(r.allocation.party).toBe('academie');
    // 14/04/2026 + 1 month = 14/05/2026, Ascension → Friday 15/05/2026 (deadlines.md).
    expect(r.deadline.dueOn).toBe('2026-05-15');
    expect(r.deadline.explanation).toContain('Ascension');
    expect(r.deadline.extendedDeadline).toBe('2026-07-15');
    expect(r.rightsDetail.map((x) => x.right)).toEqual(['access', 'erasure']);
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({ type: 'request.created', actor: "L'académie" });
    expect(r.journal.ok).toBe(true);
    const second = await host.ok('requests.create', parentViaCommune(agreementId, { requesterCategory: 'commune-staff' }));
    expect(second.reference).toBe('FAR-A-2026-0002');
    host.close();
  });

  it('refuses bad input with a French message per field, and writes nothing', async () => {
    const { host, agreementId } = await versaillesOffice(dirs());
    const noRights = await host.fail('requests.create', parentViaCommune(agreementId, { rights: [], requesterName: ' ' }));
    expect(noRights.code).toBe('ENTREE_INVALIDE');
    expect(noRights.fields?.rights).toBe('Droits exercés : cochez au moins un droit.');
    expect(noRights.fields?.requesterName).toBe('Nom du demandeur : à renseigner.');
    const badDate = await host.fail('requests.create', parentViaCommune(agreementId, { receivedOn: '2026-02-30' }));
    expect(badDate.fields?.receivedOn).toBe('Date de réception : date invalide, attendu une date réelle au format AAAA-MM-JJ.');
    // A future received date is questioned, not refused (issue 13): nothing is written until confirmed.
    const future = await host.fail('requests.create', parentViaCommune(agreementId, { receivedOn: '2026-11-26', confirmedDate: false }));
    expect(future.code).toBe('DATE_A_CONFIRMER');
    expect(future.fields?.receivedOn).toBe("La date de réception (26/11/2026) est dans le futur : aujourd'hui est le 25/11/2026 : confirmez la date de réception.");
    // Even a message zod writes itself (wrong type) is French.
    const wrongType = await host.fail('requests.create', { ...parentViaCommune(agreementId), rights: 'access' });
    expect(wrongType.fields?.rights).toBe('Champ « rights » : doit être une liste.');
    const extra = await host.fail('requests.create', { ...parentViaCommune(agreementId), sql: 'drop table requests' });
    expect(extra.message).toContain('Champ(s) inconnu(s) : « sql »');
    const foreignSchool = await host.fail('requests.create', parentViaCommune(agreementId, { schoolId: 'elsewhere' }));
    expect(foreignSchool.fields?.schoolId).toBe('Choisissez une école de la liste de la convention.');
    expect((await host.ok('requests.list', {})).total).toBe(0);
    host.close();
  });

  it('lists with filters, search, sort and paging, and keeps everything after a restart', async () => {
    const dir = dirs();
    const { host, agreementId } = await versaillesOffice(dir, '2026-05-10');
    await host.ok('requests.create', parentViaCommune(agreementId, { receivedOn: '2026-03-05', requesterName: 'Ahmed Benali' })); // due 07/04: overdue
    await host.ok('requests.create', parentViaCommune(agreementId, { receivedOn: '2026-04-14' })); // due 15/05: within 7 days
    await host.ok('requests.create', parentViaCommune(agreementId, { receivedOn: '2026-05-04', requesterCategory: 'commune-staff', requesterName: 'Paul 50%' })); // due 04/06
    host.close();

    const again = testHost(dir, '2026-05-10');
    const all = await again.ok('requests.list', {});
    expect(all.total).toBe(3);
    expect(all.rows.map((r) => r.deadline.dueOn)).toEqual(['2026-04-07', '2026-05-15', '2026-06-04']);
    expect(all.rows.map((r) => r.deadline.urgency)).toEqual(['overdue', 'due-soon', 'ok']);
    expect((await again.ok('requests.list', { urgency: 'overdue' })).rows.map((r) => r.requesterName)).toEqual(['Ahmed Benali']);
    expect((await again.ok('requests.list', { urgency: 'due-soon' })).total).toBe(1);
    expect((await again.ok('requests.list', { party: 'commune' })).rows.map((r) => r.requesterName)).toEqual(['Paul 50%']);
    expect((await again.ok('requests.list', { q: 'benali' })).total).toBe(1);
    // Accents and case do not matter: "LEO" finds the pupil Léo Martin (all three requests).
    expect((await again.ok('requests.list', { q: 'LEO' })).total).toBe(3);
    expect((await again.ok('requests.list', { q: 'léo  martin' })).total).toBe(3);
    expect((await again.ok('requests.list', { q: '50%' })).total).toBe(1);
    expect((await again.ok('requests.list', { q: '%' })).total).toBe(1);
    expect((await again.ok('requests.list', { q: 'FAR-A-2026-0002' })).rows[0]?.receivedOn).toBe('2026-04-14');
    expect((await again.ok('requests.list', { right: 'rectification' })).total).toBe(0);
    expect((await again.ok('requests.list', { receivedFrom: '2026-04-01', receivedTo: '2026-04-30' })).total).toBe(1);
    expect((await again.ok('requests.list', { allocationStatus: 'to-settle' })).total).toBe(2);
    const byName = await again.ok('requests.list', { sort: 'requesterName', direction: 'desc', limit: 2, offset: 0 });
    expect(byName.rows.map((r) => r.requesterName)).toEqual(['Paul 50%', 'Claire Martin']);
    expect(byName.total).toBe(3);
    const page2 = await again.ok('requests.list', { sort: 'requesterName', direction: 'desc', limit: 2, offset: 2 });
    expect(page2.rows.map((r) => r.requesterName)).toEqual(['Ahmed Benali']);
    // Facets: what each value would give, the other filters kept.
    const communeOnly = await again.ok('requests.list', { party: 'commune', urgency: 'overdue' });
    expect(communeOnly.total).toBe(0);
    expect(communeOnly.facets.party).toEqual(expect.arrayContaining([{ value: 'academie', count: 1 }, { value: 'commune', count: 0 }]));
    expect(communeOnly.facets.urgency).toEqual({ overdue: 0, dueSoon: 0, suspended: 0 });
    const academie = await again.ok('requests.list', { party: 'academie' });
    expect(academie.facets.urgency).toEqual({ overdue: 1, dueSoon: 1, suspended: 0 });
    expect(academie.facets.status).toEqual([{ value: 'received', count: 2 }]);
    const stats = await again.ok('requests.stats', {});
    expect(stats).toMatchObject({ overdue: 1, dueSoon: 1, suspended: 0, toSettle: 2 });
    expect(stats.open).toContainEqual({ party: 'commune', status: 'received', count: 1 });
    expect(stats.open).toContainEqual({ party: 'academie', status: 'received', count: 2 });
    again.close();
  });

  it('shows a tampered history loudly', async () => {
    const dir = dirs();
    const { host, agreementId } = await versaillesOffice(dir);
    const r = await host.ok('requests.create', parentViaCommune(agreementId));
    host.close();
    const raw = new Database(join(dir, DB_FILE_NAME));
    raw.prepare("update events set data = json_set(data, '$.receivedOn', '2026-04-20')").run();
    raw.close();
    const again = testHost(dir);
    const detail = await again.ok('requests.get', { id: r.id });
    expect(detail.journal.ok).toBe(false);
    expect(detail.journal.message).toMatch(/^Historique altéré/);
    again.close();
  });
});
