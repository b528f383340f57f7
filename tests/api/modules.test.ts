// DSDEN 13 agreements keep the ENT's modules with their owner (seed 003 art. 8.1): intake picks
// one (its owner follows and decides the allocation), a module typed outside the list is kept and
// flagged, and the list is edited with the agreement.
import { describe, expect, it } from 'vitest';
import type { NewRequest } from '../../core/api/contract';
import { testHost, type TestHost } from '../helpers/host';
import { useTempDir } from '../helpers/tmp';

const tmp = useTempDir();

async function dsden13(): Promise<{ host: TestHost; agreementId: string }> {
  const host = testHost(tmp());
  await host.ok('office.set', { party: 'academie' });
  const { agreement } = await host.ok('agreements.createFromPreset', { preset: 'dsden13', communeName: 'Aubagne' });
  return { host, agreementId: agreement.id };
}

const request = (agreementId: string, over: Partial<NewRequest> = {}): NewRequest => ({
  agreementId,
  receivedOn: '2026-11-20',
  channel: 'academie',
  medium: 'email',
  requesterName: 'Claire Martin',
  requesterCategory: 'parent',
  rights: ['access'],
  schoolsScope: 'single',
  ...over,
});

describe('modules of a DSDEN 13 agreement', () => {
  it('ships the modules the seed names, with their owner; Versailles/Fontenay has none', async () => {
    const { host, agreementId } = await dsden13();
    expect((await host.ok('agreements.get', { id: agreementId })).modules).toEqual([
      { name: 'Modules pédagogiques du SDET', owner: 'academie' },
      { name: "Annuaire de l'ENT (données de l'annuaire fédérateur AAF)", owner: 'academie' },
      { name: 'Modules spécifiques de la collectivité', owner: 'commune' },
    ]);
    const { agreement } = await host.ok('agreements.createFromPreset', { preset: 'versailles-fontenay' });
    expect(agreement.modules).toEqual([]);
    host.close();
  });

  it('a listed module brings its owner and the allocation it decides; free text is kept and flagged « hors liste »', async () => {
    const { host, agreementId } = await dsden13();
    // Typed in another case, owner not given: the list's spelling and owner are recorded.
    const listed = await host.ok('requests.create', request(agreementId, { moduleName: ' modules spécifiques de la collectivité ', moduleOwner: null }));
    expect(listed).toMatchObject({ moduleName: 'Modules spécifiques de la collectivité', moduleOwner: 'commune', moduleOffList: false });
    expect(listed.allocation).toMatchObject({ party: 'commune', status: 'decided' });

    const free = await host.ok('requests.create', request(agreementId, { moduleName: 'Réservation de la cantine', moduleOwner: 'commune' }));
    expect(free).toMatchObject({ moduleName: 'Réservation de la cantine', moduleOwner: 'commune', moduleOffList: true });
    expect(free.allocation.party).toBe('commune');

    const none = await host.ok('requests.create', request(agreementId));
    expect(none).toMatchObject({ moduleName: null, moduleOffList: false });
    host.close();
  });

  it('refuses a listed module with another owner than the list, in French, writing nothing', async () => {
    const { host, agreementId } = await dsden13();
    const error = await host.fail('requests.create', request(agreementId, { moduleName: 'Modules pédagogiques du SDET', moduleOwner: 'commune' }));
    expect(error.code).toBe('MODULE_INCOHERENT');
    expect(error.fields?.moduleOwner).toBe(
      "Le module « Modules pédagogiques du SDET » est propre à l'académie selon la liste de la convention : choisissez ce propriétaire, ou corrigez la liste de la convention.",
    );
    expect((await host.ok('requests.list', { agreementId })).total).toBe(0);
    host.close();
  });

  it('edits the list with the agreement: a request on a removed module becomes « hors liste »; blank or doubled names are refused', async () => {
    const { host, agreementId } = await dsden13();
    const r = await host.ok('requests.create', request(agreementId, { moduleName: 'Modules pédagogiques du SDET' }));
    const modules = [
      { name: 'Cahier de textes', owner: 'academie' as const },
      { name: 'Portail famille de la commune', owner: 'commune' as const },
    ];
    const updated = await host.ok('agreements.update', { id: agreementId, patch: { modules } });
    expect(updated.modules).toEqual(modules);
    expect((await host.ok('requests.get', { id: r.id })).moduleOffList).toBe(true);

    const doubled = await host.fail('agreements.update', { id: agreementId, patch: { modules: [...modules, { name: ' cahier de textes ', owner: 'commune' }] } });
    expect(doubled.message).toBe('Le module « cahier de textes » figure deux fois dans la liste : gardez-en un seul.');
    expect(doubled.fields?.['patch.modules.2.name']).toBe(doubled.message);
    const blank = await host.fail('agreements.update', { id: agreementId, patch: { modules: [{ name: '  ', owner: 'commune' }] } });
    expect(blank.fields?.['patch.modules.0.name']).toMatch(/Nom du module/);
    expect((await host.ok('agreements.get', { id: agreementId })).modules).toEqual(modules);

    // Intake now picks from the new list.
    const portal = await host.ok('requests.create', request(agreementId, { moduleName: 'Portail famille de la commune' }));
    expect(portal).toMatchObject({ moduleOwner: 'commune', moduleOffList: false });
    host.close();
  });

  it('a correction choosing a listed module takes its owner and recomputes the allocation', async () => {
    const { host, agreementId } = await dsden13();
    const r = await host.ok('requests.create', request(agreementId, { moduleName: 'Réservation de la cantine', moduleOwner: 'commune' }));
    const { agreementId: _a, ...facts } = request(agreementId);
    const corrected = await host.ok('requests.correct', {
      ...facts,
      requesterContact: '',
      subjectName: null,
      subjectIsMinor: null,
      subjectRelation: null,
      schoolId: null,
      summary: '',
      processorReceivedOn: null,
      id: r.id,
      moduleName: 'Modules pédagogiques du SDET',
      moduleOwner: null,
      reason: 'Module mal saisi',
      confirmed: ['allocation'],
    });
    expect(corrected).toMatchObject({ moduleName: 'Modules pédagogiques du SDET', moduleOwner: 'academie', moduleOffList: false });
    expect(corrected.allocation.party).toBe('academie');
    host.close();
  });
});
