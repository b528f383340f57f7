// Schools of an agreement: corrected, removed only when no request uses them, and the preset's
// malformed line offered with its valid code.
import { describe, expect, it } from 'vitest';
import { parentRequest, versailles } from '../helpers/documents';
import { testHost } from '../helpers/host';
import { useTempDir } from '../helpers/tmp';

const tmp = useTempDir();

describe('schools', () => {
  it("offers the seed's malformed line with its computed correction until it is added", async () => {
    const host = testHost(tmp());
    const agreement = await versailles(host);
    const toReview = await host.ok('schools.toReview', { agreementId: agreement.id });
    expect(toReview).toEqual([
      {
        line: 2,
        name: 'École maternelle Scarron',
        address: 'Allée des lilas',
        uai: '0920546Ux',
        reason: "« 0920546Ux » n'est pas un code UAI : il faut 7 chiffres suivis d'une lettre (ex. 0920484B).",
        correction: '0920546U',
      },
    ]);
    const [line] = toReview;
    await host.ok('schools.add', { agreementId: agreement.id, name: line!.name, address: line!.address, uai: line!.correction! });
    expect(await host.ok('schools.toReview', { agreementId: agreement.id })).toEqual([]);
    expect((await host.ok('agreements.get', { id: agreement.id })).schoolCount).toBe(11);
    host.close();
  });

  it('corrects a school: name, address and UAI checked, a code of another school refused, nothing written on a refusal', async () => {
    const host = testHost(tmp());
    const agreement = await versailles(host);
    const schools = await host.ok('schools.list', { agreementId: agreement.id });
    const parc = schools.find((s) => s.uai === '0921688K')!;
    const updated = await host.ok('schools.update', { id: parc.id, name: 'École élémentaire du Parc', address: '4 av. du Parc', uai: ' 0921688k ' });
    expect(updated).toEqual({ id: parc.id, agreementId: agreement.id, name: 'École élémentaire du Parc', address: '4 av. du Parc', uai: '0921688K' });

    const wrong = await host.fail('schools.update', { id: parc.id, name: 'Autre nom', address: '', uai: '0921688A' });
    expect(wrong.fields?.uai).toBe('Le code UAI « 0921688A » est incorrect : pour 0921688, la lettre de contrôle est K.');
    const taken = await host.fail('schools.update', { id: parc.id, name: 'Autre nom', address: '', uai: '0920484B' });
    expect(taken.fields?.uai).toBe("Le code 0920484B est déjà celui d'une école de cette convention (École maternelle Jean Macé).");
    const blank = await host.fail('schools.update', { id: parc.id, name: ' ', address: '', uai: '0921688K' });
    expect(blank.fields?.name).toBeDefined();

    const after = (await host.ok('schools.list', { agreementId: agreement.id })).find((s) => s.id === parc.id);
    expect(after).toMatchObject({ name: 'École élémentaire du Parc', uai: '0921688K' });
    expect((await host.fail('schools.update', { id: '00000000-0000-4000-8000-000000000000', name: 'X', address: '', uai: '0921688K' })).code).toBe('INTROUVABLE');
    host.close();
  });

  it('removes a school no request uses, and refuses one used by requests saying how many', async () => {
    const host = testHost(tmp());
    const agreement = await versailles(host);
    const schools = await host.ok('schools.list', { agreementId: agreement.id });
    const mace = schools.find((s) => s.uai === '0920484B')!;
    const roue = schools.find((s) => s.uai === '0920497R')!;
    await host.ok('requests.create', parentRequest(agreement.id, { schoolId: mace.id }));
    const second = await host.ok('requests.create', parentRequest(agreement.id, { schoolId: mace.id, requesterName: 'Paul Durand' }));
    await host.ok('requests.create', parentRequest(agreement.id, { schoolId: roue.id }));

    const used = await host.fail('schools.remove', { id: mace.id });
    expect(used.code).toBe('ECOLE_UTILISEE');
    expect(used.message).toBe(
      "École maternelle Jean Macé (0920484B) est l'école de 2 demandes : elle ne peut pas être supprimée tant qu'une demande l'indique. Corrigez d'abord l'école de ces demandes, ou modifiez la fiche de l'école.",
    );
    // A cancelled request keeps its school in its history: it still counts.
    await host.ok('requests.cancel', { id: second.id, reason: 'Doublon de la première demande' });
    expect((await host.fail('schools.remove', { id: mace.id })).message).toContain("l'école de 2 demandes");
    expect((await host.fail('schools.remove', { id: roue.id })).message).toContain("l'école d'une demande : elle ne peut pas être supprimée");

    const parc = schools.find((s) => s.uai === '0921688K')!;
    expect(await host.ok('schools.remove', { id: parc.id })).toEqual({ id: parc.id });
    const left = await host.ok('schools.list', { agreementId: agreement.id });
    expect(left.map((s) => s.id)).not.toContain(parc.id);
    expect(left).toHaveLength(schools.length - 1);
    expect((await host.fail('schools.remove', { id: parc.id })).code).toBe('INTROUVABLE');
    host.close();
  });
});
