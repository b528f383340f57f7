// What seed 000 annex 1, 3.2.1 asks the DPD meeting to review, through the service: suspended
// deadlines (and one already overdue before its suspension), a late extension, a request handed
// over to the co-controller, acknowledgements not sent, the personal-data file not received, and,
// under the DSDEN 13 agreement only (its processor clause, seed 003 annex 2 X.4), the processor's
// forwarding and deletion deadlines and certificate; that agreement's meetings are never called
// "point mensuel" (its art. 4 provides for a steering committee, no monthly meeting).
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import type { CallOutput, NewRequest } from '../../core/api/contract';
import { testHost, type TestHost } from '../helpers/host';
import { useTempDir } from '../helpers/tmp';

const tmp = useTempDir();
const TODAY = '2026-11-25';
type Meeting = CallOutput<'meetings.get'>;

const section = (m: Meeting, key: string) => m.agenda.sections.find((s) => s.key === key);
const refs = (m: Meeting, key: string) => section(m, key)!.items.map((i) => i.reference);
const note = (m: Meeting, key: string, reference: string) => section(m, key)!.items.find((i) => i.reference === reference)?.note;
/** Each request at most once per section. */
function oncePerSection(m: Meeting) {
  for (const s of m.agenda.sections) expect(new Set(s.items.map((i) => i.requestId)).size, s.key).toBe(s.items.length);
}

const request = (agreementId: string, over: Partial<NewRequest>): NewRequest => ({
  agreementId,
  receivedOn: '2026-11-10',
  channel: 'academie',
  medium: 'email',
  requesterName: 'Claire Martin',
  requesterContact: 'claire.martin@example.fr',
  requesterCategory: 'parent',
  subjectName: 'Léo Martin',
  subjectIsMinor: true,
  rights: ['access'],
  confirmedDate: true,
  ...over,
});

async function acknowledge(host: TestHost, requestId: string) {
  const draft = await host.ok('letters.draft', { requestId, kind: 'acknowledgement' });
  await host.ok('letters.save', { requestId, kind: 'acknowledgement', subject: draft.subject, body: draft.body, date: '2026-11-12', format: 'html' });
}

describe('agenda sections asked by art. 3.2.1 (Versailles / Fontenay)', () => {
  it('lists suspended deadlines, a late extension as overdue, handed-over requests, acknowledgements not sent and data files not received', async () => {
    const host = testHost(tmp(), TODAY);
    await host.ok('office.set', { party: 'academie' });
    await host.ok('letterhead.set', {
      officeName: 'Académie de Versailles : délégué à la protection des données',
      address: '3 boulevard de Lesseps',
      city: '78000 Versailles',
      dpdName: 'Anne Dupuis',
      dpdEmail: 'dpd@ac-versailles.fr',
      dpdPhone: '01 30 83 44 44',
      signatoryName: 'Le recteur',
      signatoryTitle: "Recteur de l'académie de Versailles",
    });
    const { agreement } = await host.ok('agreements.createFromPreset', { preset: 'versailles-fontenay' });
    const mk = (over: Partial<NewRequest>) => host.ok('requests.create', request(agreement.id, over));

    // Suspended while the period ran: identity documents asked 12/11/2026, still awaited.
    const suspended = await mk({ requesterName: 'Karim Haddad' });
    await host.ok('requests.askInformation', { id: suspended.id, kind: 'identity', whatAsked: "Copie d'une pièce d'identité", doubt: 'Adresse différente de celle du dossier', sentOn: '2026-11-12' });
    // Due 01/10/2026, documents asked 02/11/2026: already overdue, the suspension changes nothing.
    const lateSuspension = await mk({ receivedOn: '2026-09-01', requesterName: 'Hugo Bernard' });
    const waiting = await host.ok('requests.askInformation', { id: lateSuspension.id, kind: 'identity', whatAsked: "Copie d'une pièce d'identité", doubt: 'Nom différent', sentOn: '2026-11-02' });
    expect(waiting.deadline).toMatchObject({ urgency: 'overdue', dueOn: '2026-10-01' });
    // Due 15/10/2026, extension notified 20/10/2026: recorded, late, no effect.
    const lateExtension = await mk({ receivedOn: '2026-09-15', requesterName: 'Julie Moreau' });
    const extended = await host.ok('requests.extend', { id: lateExtension.id, reasons: 'Volume important', notifiedOn: '2026-10-20' });
    expect(extended.extension).toMatchObject({ late: true });
    expect(extended.deadline.dueOn).toBe('2026-10-15');
    // Commune staff writing to the commune: row 2 gives it to the commune; the académie hands it over.
    const handed = await mk({ channel: 'commune', requesterCategory: 'commune-staff', subjectName: null, subjectIsMinor: null, requesterName: 'Paul Roux' });
    expect(handed.allocation).toMatchObject({ party: 'commune', status: 'decided' });
    await host.ok('requests.handOver', { id: handed.id, on: '2026-11-12', reason: 'Demande d’un agent communal : ligne 2 du tableau' });
    // The data file asked of the ENT vendor on 05/11/2026 and not received; another one received.
    const fileAwaited = await mk({ receivedOn: '2026-11-03', requesterName: 'Nadia Benali' });
    await host.ok('requests.dataFile', { id: fileAwaited.id, requestedOn: '2026-11-05', receivedOn: null, from: 'Beneylu' });
    const fileReceived = await mk({ receivedOn: '2026-11-03', requesterName: 'Lucas Petit' });
    await host.ok('requests.dataFile', { id: fileReceived.id, requestedOn: '2026-11-05', receivedOn: '2026-11-09', from: 'Beneylu' });
    // Acknowledged: every other open request is not.
    await acknowledge(host, fileReceived.id);
    await acknowledge(host, fileAwaited.id);

    const meeting = await host.ok('meetings.create', { agreementId: agreement.id, date: TODAY, participants: [], otherItems: [] });
    expect(meeting.agenda.title).toBe('Point mensuel des DPD');
    expect(meeting.agenda.sections.map((s) => `${s.number} ${s.key}`)).toEqual([
      '1.1 overdue',
      '1.2 due-soon',
      '1.3 extensions',
      '1.4 suspended',
      '2.1 open',
      '2.2 handed-over',
      '2.3 unacknowledged',
      '2.4 data-files',
      '3.1 to-settle',
      '3.2 pending',
      '4 closed',
      '5 other',
    ]);
    oncePerSection(meeting);

    // Each request once, in the section that matters most; what the others would say follows « Aussi ».
    const ids = meeting.agenda.sections.flatMap((s) => s.items.flatMap((i) => (i.requestId ? [i.requestId] : [])));
    expect(new Set(ids).size).toBe(ids.length);
    expect(refs(meeting, 'overdue')).toEqual([lateSuspension.reference, lateExtension.reference]);
    expect(note(meeting, 'overdue', lateExtension.reference)).toBe(
      'Échéance dépassée depuis le 15/10/2026 (41 j) : prolongation notifiée hors délai (le 20/10/2026), sans effet (RGPD art. 12(3)). Aussi : aucun accusé de réception enregistré.',
    );
    expect(note(meeting, 'overdue', lateSuspension.reference)).toBe(
      'Échéance dépassée depuis le 01/10/2026 (55 j) : pièces demandées le 02/11/2026, après l’échéance : la suspension ne la reporte pas. Aussi : aucun accusé de réception enregistré.',
    );
    expect(refs(meeting, 'extensions')).not.toContain(lateExtension.reference);
    expect(section(meeting, 'overdue')!.items.find((i) => i.reference === lateExtension.reference)!.decisions).toEqual(['comment']);

    expect(refs(meeting, 'suspended')).toEqual([suspended.reference]);
    expect(note(meeting, 'suspended', suspended.reference)).toBe(
      "Délai suspendu depuis le 12/11/2026 (13 j écoulés) dans l’attente des pièces d’identité : Copie d'une pièce d'identité. Aussi : aucun accusé de réception enregistré.",
    );

    // Handed over and due before the next meeting: under its deadline, the handover said once.
    expect(refs(meeting, 'due-soon')).toEqual([fileAwaited.reference, fileReceived.reference, handed.reference]);
    expect(note(meeting, 'due-soon', handed.reference)).toBe(
      'À répondre au plus tard le 10/12/2026. Transmise à la commune le 12/11/2026 : réponse attendue du co-responsable. Aussi : aucun accusé de réception enregistré.',
    );
    expect(refs(meeting, 'handed-over')).toEqual([]);
    expect(refs(meeting, 'closed')).toEqual([]);
    expect(refs(meeting, 'extensions')).not.toContain(handed.reference);
    expect(refs(meeting, 'unacknowledged')).toEqual([]);
    expect(refs(meeting, 'open')).toEqual([]);
    expect(meeting.agenda.openCounts.reduce((n, c) => n + c.count, 0)).toBe(6);

    expect(note(meeting, 'due-soon', fileAwaited.reference)).toBe(
      'À répondre ou à prolonger au plus tard le 03/12/2026. Aussi : fichier des données (format structuré, lisible par machine) demandé le 05/11/2026 (auprès de : Beneylu), non reçu (20 j).',
    );
    expect(note(meeting, 'due-soon', fileReceived.reference)).toBe('À répondre ou à prolonger au plus tard le 03/12/2026.');
    // No processor clause in seed 000: no processor section.
    expect(section(meeting, 'processor')).toBeUndefined();

    // The printable agenda carries the new sections with their notes.
    const html = Buffer.from((await host.ok('meetings.exportAgenda', { id: meeting.id, format: 'html' })).base64, 'base64').toString('utf8');
    for (const t of ['1.4. Délais suspendus', '2.2. Transmises au co-responsable', 'prolongation notifiée hors délai', '2.3. Accusés de réception non envoyés', 'demandé le 05/11/2026 (auprès de : Beneylu)']) {
      expect(html).toContain(t);
    }
    expect(html).not.toContain('Sous-traitant');
    host.close();
  });
});

describe('DSDEN 13: processor clause, and no monthly meeting (seed 003 art. 4 and annex 2 X.4)', () => {
  it('lists the processor deadlines and the missing certificate, and calls the meeting « Réunion des DPD » everywhere', async () => {
    const host = testHost(tmp(), TODAY);
    await host.ok('office.set', { party: 'academie' });
    const { agreement } = await host.ok('agreements.createFromPreset', { preset: 'dsden13', communeName: 'Aubagne' });
    const mk = (over: Partial<NewRequest>) =>
      host.ok('requests.create', request(agreement.id, { moduleName: 'Messagerie', moduleOwner: 'academie', schoolsScope: 'single', ...over }));

    // Reached the ENT vendor on Mon 16/11/2026: to forward by Thu 19/11/2026 (3 working days), not done.
    const forwardLate = await mk({ receivedOn: '2026-11-20', processorReceivedOn: '2026-11-16', requesterName: 'Inès Haddad' });
    // Reached it on Tue 24/11/2026: to forward by Fri 27/11/2026.
    const forwardDue = await mk({ receivedOn: '2026-11-24', processorReceivedOn: '2026-11-24', requesterName: 'Marc Blanc' });
    // Deletion instructed 01/11/2026: 15 calendar days maximum, by 16/11/2026, not done.
    const deletionLate = await mk({ receivedOn: '2026-10-30', requesterName: 'Sophie Girard', rights: ['erasure'] });
    await host.ok('requests.processorDeletion', { id: deletionLate.id, instructedOn: '2026-11-01' });
    // Deletion done in time, certificate not received.
    const noCertificate = await mk({ receivedOn: '2026-11-02', requesterName: 'Léa Dubois', rights: ['erasure'] });
    await host.ok('requests.processorDeletion', { id: noCertificate.id, instructedOn: '2026-11-03' });
    await host.ok('requests.processorDone', { id: noCertificate.id, deletedOn: '2026-11-10' });
    // Deletion done in time with its certificate: nothing to review.
    const done = await mk({ receivedOn: '2026-11-02', requesterName: 'Tom Leroy', rights: ['erasure'] });
    await host.ok('requests.processorDeletion', { id: done.id, instructedOn: '2026-11-03' });
    await host.ok('requests.processorDone', { id: done.id, deletedOn: '2026-11-10', deletionCertificate: 'CS-2026-041' });

    const meeting = await host.ok('meetings.create', { agreementId: agreement.id, date: TODAY, participants: ['DPD académie', 'DPD collectivité'], otherItems: [] });
    expect(section(meeting, 'processor')!.number).toBe('1.5');
    expect(section(meeting, 'processor')!.title).toBe('Sous-traitant : transmissions, effacements et certificats de suppression');
    oncePerSection(meeting);
    // The processor's time limits come before the answer's: listed there, the answer's deadline after « Aussi ».
    const also = (due: string) => ` Aussi : à répondre ou à prolonger au plus tard le ${due} ; aucun accusé de réception enregistré.`;
    expect(refs(meeting, 'processor')).toEqual([deletionLate.reference, noCertificate.reference, forwardLate.reference, forwardDue.reference]);
    expect(note(meeting, 'processor', forwardLate.reference)).toBe(
      'Transmission par le sous-traitant en retard : reçue par lui le 16/11/2026, à transmettre dans les 3 jours ouvrés, au plus tard le 19/11/2026.' + also('21/12/2026'),
    );
    expect(note(meeting, 'processor', forwardDue.reference)).toBe('Transmission par le sous-traitant attendue au plus tard le 27/11/2026 (reçue par lui le 24/11/2026, 3 jours ouvrés).' + also('24/12/2026'));
    expect(note(meeting, 'processor', deletionLate.reference)).toBe(
      'Effacement par le sous-traitant en retard : demandé le 01/11/2026, à faire dans les 15 jours calendaires maximum, au plus tard le 16/11/2026.' + also('30/11/2026'),
    );
    expect(note(meeting, 'processor', noCertificate.reference)).toBe('Effacement fait le 10/11/2026 : certificat de suppression à obtenir du sous-traitant.' + also('02/12/2026'));

    // Nothing generated for this agreement says "point mensuel".
    expect(meeting.agenda.title).toBe('Réunion des DPD');
    expect((await host.ok('meetings.list', { agreementId: agreement.id })).map((m) => m.title)).toEqual(['Réunion des DPD']);
    const html = Buffer.from((await host.ok('meetings.exportAgenda', { id: meeting.id, format: 'html' })).base64, 'base64').toString('utf8');
    expect(html).toContain('Réunion des DPD : ordre du jour');
    expect(html).not.toMatch(/point mensuel/i);
    const book = XLSX.read(Buffer.from((await host.ok('meetings.exportWorkbook', { id: meeting.id })).base64, 'base64'), { type: 'buffer' });
    const cells = book.SheetNames.flatMap((n) => XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[n]!, { header: 1 }).flat().map(String));
    expect(cells).toContain('Réunion des DPD du 25/11/2026');
    expect(cells.join('\n')).not.toMatch(/point mensuel/i);
    expect(book.Props?.Title).toBe('Réunion des DPD du 25/11/2026 : ' + agreement.name);

    const recorded = await host.ok('meetings.saveMinutes', {
      id: meeting.id,
      decisions: [{ itemKey: `processor:${forwardLate.id}`, requestId: forwardLate.id, kind: 'comment', text: 'Relancer l’éditeur.' }],
    });
    expect(recorded.minutes?.decisions).toHaveLength(1);
    const event = (await host.ok('requests.get', { id: forwardLate.id })).events.at(-1)!;
    expect(event.data).toMatchObject({ signedOffBy: 'Réunion des DPD du 25/11/2026', summary: 'Commentaire à la réunion des DPD du 25/11/2026 : Relancer l’éditeur.' });
    expect(JSON.stringify(event.data)).not.toMatch(/point mensuel/i);
    const minutesHtml = Buffer.from((await host.ok('meetings.exportAgenda', { id: meeting.id, format: 'html' })).base64, 'base64').toString('utf8');
    expect(minutesHtml).toContain('Réunion des DPD : relevé de décisions');
    expect(minutesHtml).not.toMatch(/point mensuel/i);
    host.close();
  });
});
