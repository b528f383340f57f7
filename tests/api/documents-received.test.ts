// Recording a request for identity documents and their receipt (GDPR art. 12(6), decree
// 2019-536): what is asked is « Manquante » until received; a receipt moves what came to
// « Reçue » and leaves the rest missing; the letter for documents takes what was recorded.
import { afterEach, describe, expect, it } from 'vitest';
import { testHost, type TestHost } from '../helpers/host';
import { useTempDir } from '../helpers/tmp';

const tmp = useTempDir();
const hosts: TestHost[] = [];
afterEach(() => {
  for (const h of hosts.splice(0)) h.close();
});

async function request() {
  const host = testHost(tmp(), '2026-03-20');
  hosts.push(host);
  await host.ok('office.set', { party: 'academie' });
  const { agreement } = await host.ok('agreements.createFromPreset', { preset: 'versailles-fontenay' });
  const r = await host.ok('requests.create', {
    agreementId: agreement.id,
    receivedOn: '2026-03-16',
    channel: 'academie',
    medium: 'letter',
    requesterName: 'Claire Martin',
    requesterCategory: 'parent',
    subjectName: 'Léo Martin',
    subjectIsMinor: true,
    rights: ['access'],
  });
  return { host, r };
}

const ID = "Copie d'une pièce d'identité du demandeur";
const AUTHORITY = "Justificatif de l'autorité parentale (livret de famille ou décision de justice)";

describe('a request for identity documents, then their receipt', () => {
  it('lists what was asked as missing, and the letter for documents takes it', async () => {
    const { host, r } = await request();
    const asked = await host.ok('requests.askInformation', {
      id: r.id,
      kind: 'identity',
      whatAsked: `- ${ID}\n${AUTHORITY}\n`,
      doubt: "La signature du courrier ne correspond pas à celle connue de l'école",
      sentOn: '2026-03-18',
    });
    expect(asked.identityDocumentsMissing).toEqual([ID, AUTHORITY]);
    const letter = await host.ok('letters.draft', { requestId: r.id, kind: 'information-request' });
    expect(letter.warnings.filter((w) => w.includes('demande de pièces'))).toEqual([]);
    expect(letter.body).toContain(ID);
    expect(letter.body).toContain('livret de famille ou décision de justice');
    expect(letter.body).toContain('18/03/2026');
  });

  it('moves what came to « Reçue », leaves the rest « Manquante », and refuses a document not asked without writing anything', async () => {
    const { host, r } = await request();
    await host.ok('requests.askInformation', { id: r.id, kind: 'identity', whatAsked: `${ID}\n${AUTHORITY}`, doubt: 'Signature différente', sentOn: '2026-03-18' });
    const before = await host.ok('requests.get', { id: r.id });

    const refused = await host.fail('requests.informationReceived', { id: r.id, kind: 'identity', receivedOn: '2026-03-19', documentsReceived: ['Facture EDF'] });
    expect(refused.message).toBe('« Facture EDF » ne fait pas partie des pièces manquantes de cette demande : cochez une pièce de la liste.');
    expect(await host.ok('requests.get', { id: r.id })).toEqual(before);

    const received = await host.ok('requests.informationReceived', { id: r.id, kind: 'identity', receivedOn: '2026-03-19', documentsReceived: [ID] });
    expect(received.identityDocumentsReceived).toEqual([ID]);
    expect(received.identityDocumentsMissing).toEqual([AUTHORITY]);
    expect(received.status).toBe('in-progress');
  });
});
