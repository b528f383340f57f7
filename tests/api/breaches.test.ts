// The breach register through the real host (SQLite in a temp folder, Chromium for the PDFs):
// a breach from its discovery on a Friday at 17:40 to its closure, with a late notification
// flagged, the notifying party proposed from the origin, a documented non-notification, the
// declaration form read back from its PDF, its 24-hour updates as versions, and the register.
import { afterAll, describe, expect, it } from 'vitest';
import type { ApiResult, CallInput, CallName, CallOutput, DeclareBreach } from '../../core/api/contract';
import type { Clock } from '../../core/api/service';
import { createBrowserPdfRenderer } from '../../electron/documents/pdf';
import { openHost } from '../../electron/host';
import { docxText, pdfText } from '../helpers/documents';
import { useTempDir } from '../helpers/tmp';

const tmp = useTempDir();
const pdf = createBrowserPdfRenderer();
afterAll(() => pdf.close());

/** A host whose clock the test moves forward, hour by hour. */
function breachHost(now: string) {
  let instant = now;
  const clock: Clock = {
    today: () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(instant)),
    now: () => instant,
  };
  const host = openHost(tmp(), { clock, pdf: { renderPdf: (html) => pdf.renderPdf(html) } });
  return {
    ...host,
    setNow: (next: string) => {
      instant = next;
    },
    async ok<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
      const r = await host.call(name, input);
      if (!r.ok) throw new Error(`${name} refusé : ${r.error.code} ${r.error.message}`);
      return r.value as CallOutput<N>;
    },
    async fail(name: CallName, input: unknown) {
      const r = (await host.call(name, input)) as ApiResult;
      if (r.ok) throw new Error(`${name} aurait dû être refusé`);
      return r.error;
    },
  };
}

const declaration = (agreementId: string, over: Partial<DeclareBreach> = {}): DeclareBreach => ({
  agreementId,
  knownAt: '2026-11-13T17:40',
  knownHow: "Courriel d'un enseignant signalant des bulletins visibles par d'autres familles",
  discoveredBy: 'academie',
  discovererName: 'M. Leroy, directeur de l’école Jean Macé',
  origin: 'academie-person',
  service: 'ENT des écoles (Beneylu) – cahier de liaison',
  hosting: 'France (hébergeur de l’éditeur)',
  startedAt: '2026-11-13T08:00',
  nature: 'Perte de confidentialité : bulletins de 3 classes partagés par erreur avec toutes les familles de l’école.',
  dataCategories: 'Identité, appréciations scolaires',
  personCategories: 'Élèves (mineurs), parents',
  personsCount: 75,
  recordsCount: 75,
  consequences: 'Divulgation d’appréciations scolaires à d’autres familles.',
  measures: 'Partage retiré à 18:10 ; journal d’accès demandé à l’éditeur.',
  ...over,
});

const kind = (d: { deadlines: { kind: string }[] }, k: string) => (d.deadlines as { kind: string; state: string; dueAt: string | null; lateByMs: number | null; note: string }[]).find((x) => x.kind === k)!;

describe('a breach learnt on a Friday at 17:40, from discovery to closure', () => {
  it('shows what is due by when, flags the late notification, proposes the académie to notify, and keeps every step in its journal', async () => {
    const host = breachHost('2026-11-13T16:45:00.000Z');
    await host.ok('office.set', { party: 'academie' });
    const { agreement } = await host.ok('agreements.createFromPreset', { preset: 'versailles-fontenay' });

    const b = await host.ok('breaches.declare', declaration(agreement.id));
    expect(b.reference).toBe('FAR-V-A-2026-0001');
    expect(b.knownAt).toBe('2026-11-13T16:40:00Z');
    expect(kind(b, 'dpd-notification')).toMatchObject({ state: 'running', dueAt: '2026-11-14T16:40:00Z' });
    expect(kind(b, 'cnil-agreement')).toMatchObject({ state: 'running', dueAt: '2026-11-15T16:40:00Z' });
    expect(kind(b, 'cnil-gdpr').dueAt).toBe('2026-11-16T16:40:00Z');
    expect(b.urgent?.kind).toBe('dpd-notification');
    expect(b.alertChain.map((c) => c.email)).toContain('dpd@ac-versailles.fr');
    expect(b.proposedNotifyingParty.party).toBe('academie');
    expect(b.cnilCopy.map((s) => s.section)).toEqual([
      '1. Organisme et contact',
      '2. Chronologie',
      '3. Nature de la violation',
      '4. Données et personnes concernées',
      '5. Conséquences probables',
      '6. Mesures prises ou envisagées',
      '7. Information des personnes',
    ]);

    // The DPDs are told on Saturday at 20:10: 2 h 30 late.
    host.setNow('2026-11-14T19:30:00.000Z');
    expect((await host.fail('breaches.notify', { id: b.id, at: '2026-11-14T21:00', recipients: ['dpd@ac-versailles.fr'] })).code).toBe('DATE_FUTURE');
    const notified = await host.ok('breaches.notify', { id: b.id, at: '2026-11-14T20:10', recipients: ['dpd@ac-versailles.fr', 'DPD de Fontenay-aux-Roses'] });
    expect(kind(notified, 'dpd-notification')).toMatchObject({ state: 'done-late', lateByMs: 2.5 * 3_600_000 });
    expect(kind(notified, 'dpd-notification').note).toContain('en retard de 2 h 30 min');
    expect(kind(notified, 'crisis-cell').dueAt).toBe('2026-11-15T19:10:00Z');
    expect((await host.fail('breaches.notify', { id: b.id, at: '2026-11-14T20:15', recipients: ['x'] })).code).toBe('DEJA_NOTIFIEE');

    // Sunday: the 24-hour update changes the count; the crisis cell decides to notify.
    host.setNow('2026-11-15T15:00:00.000Z');
    const updated = await host.ok('breaches.update', { id: b.id, at: '2026-11-15T15:30', summary: 'Deux classes de plus touchées.', personsCount: 125 });
    expect(updated.personsCount).toBe(125);
    expect(updated.formVersions).toBe(2);
    expect(kind(updated, 'update').dueAt).toBe('2026-11-16T14:30:00Z');
    const refused = await host.fail('breaches.decideCnil', { id: b.id, at: '2026-11-15T15:45', decision: 'notify', reasons: 'Qualifiée.', participants: '' });
    expect(refused.fields?.participants).toContain('annexe 1 art. 4.2');
    const decided = await host.ok('breaches.decideCnil', {
      id: b.id,
      at: '2026-11-15T15:45',
      decision: 'notify',
      reasons: 'Violation de confidentialité qualifiée ; données de mineurs.',
      participants: 'DPD académie, DPD commune, RSSI académique',
    });
    expect(kind(decided, 'crisis-cell').state).toBe('done');
    expect(decided.notifyingParty).toMatchObject({ party: 'academie', proposed: 'academie', missing: ['commune', 'academie'] });
    expect(decided.notifyingParty!.clause).toContain('4.2.2');

    // The commune's confirmation, recorded here, needs its evidence.
    expect((await host.fail('breaches.confirmNotifyingParty', { id: b.id, party: 'commune', by: 'DPD commune' })).code).toBe('PREUVE');
    await host.ok('breaches.confirmNotifyingParty', { id: b.id, party: 'academie', by: 'Anne Dupuis' });
    const both = await host.ok('breaches.confirmNotifyingParty', { id: b.id, party: 'commune', by: 'DPD commune', evidence: 'Courriel du 15/11/2026 16:50' });
    expect(both.notifyingParty!.missing).toEqual([]);

    // CNIL notified within the agreement's 48 hours.
    const cnil = await host.ok('breaches.notifyCnil', { id: b.id, at: '2026-11-15T16:00', reference: 'CNIL-2026-123456' });
    expect(kind(cnil, 'cnil-agreement').state).toBe('done');
    expect(kind(cnil, 'cnil-gdpr').state).toBe('done');

    host.setNow('2026-11-17T10:00:00.000Z');
    expect((await host.fail('breaches.close', { id: b.id, at: '2026-11-17T12:00', note: 'x' })).code).toBe('DATE_FUTURE');
    const closed = await host.ok('breaches.close', { id: b.id, at: '2026-11-17T10:30', note: 'Partage corrigé, familles prévenues par les directeurs.' });
    expect(closed.status).toBe('closed');
    expect(closed.urgent).toBeNull();
    expect(kind(closed, 'update').state).toBe('not-required');
    expect((await host.fail('breaches.update', { id: b.id, at: '2026-11-17T10:45', summary: 'x' })).code).toBe('VIOLATION_CLOSE');

    expect(closed.events.map((e) => e.type)).toEqual([
      'breach.declared',
      'breach.notified',
      'breach.updated',
      'breach.cnil-decided',
      'breach.notifying-party-confirmed',
      'breach.notifying-party-confirmed',
      'breach.cnil-notified',
      'breach.closed',
    ]);
    expect(closed.journal.ok).toBe(true);
    host.close();
  });

  it('documents a decision not to notify, which ends the CNIL deadlines and stays in the register', async () => {
    const host = breachHost('2026-11-13T16:45:00.000Z');
    await host.ok('office.set', { party: 'commune', communeName: 'Fontenay-aux-Roses' });
    const { agreement } = await host.ok('agreements.createFromPreset', { preset: 'versailles-fontenay' });
    const b = await host.ok('breaches.declare', declaration(agreement.id, { origin: 'commune-tool', discoveredBy: 'commune', personsCount: null }));
    expect(b.reference).toBe('FAR-V-C-2026-0001');
    expect(b.proposedNotifyingParty.party).toBe('commune');
    expect((await host.fail('breaches.close', { id: b.id, at: '2026-11-13T17:45', note: 'x' })).code).toBe('PAS_DE_DECISION');
    await host.ok('breaches.notify', { id: b.id, at: '2026-11-13T17:42', recipients: ['dpd@ac-versailles.fr'] });
    const d = await host.ok('breaches.decideCnil', {
      id: b.id,
      at: '2026-11-13T17:44',
      decision: 'not-notify',
      reasons: 'Absence de violation : les bulletins n’ont été ouverts par aucune autre famille (journal d’accès de l’éditeur).',
      participants: 'DPD des deux parties',
    });
    expect(kind(d, 'cnil-agreement').state).toBe('not-required');
    expect(kind(d, 'cnil-gdpr').note).toContain('Décision de ne pas notifier');
    expect(d.notifyingParty).toBeNull();
    expect((await host.fail('breaches.notifyCnil', { id: b.id, at: '2026-11-13T17:45', reference: 'x' })).code).toBe('PAS_DE_DECISION');

    const minutes = await host.ok('breaches.document', { id: b.id, kind: 'minutes', format: 'pdf' });
    const text = (await pdfText(minutes.base64)).replace(/\s+/g, ' ');
    expect(text).toContain('Compte rendu de la cellule de crise');
    expect(text).toContain('Pas de notification à la CNIL');
    expect(text).toContain('journal d’accès de l’éditeur');
    expect(text).toContain('4.2.1');

    const register = await host.ok('breaches.register', {});
    expect(register.filename).toMatch(/^Registre-des-violations-2026-11-13\.xlsx$/);
    host.close();
  }, 90_000);
});

describe('documents', () => {
  it('the declaration form read back from its PDF, each 24-hour update a new version, also as DOCX', async () => {
    const host = breachHost('2026-11-13T16:45:00.000Z');
    await host.ok('office.set', { party: 'academie' });
    const { agreement } = await host.ok('agreements.createFromPreset', { preset: 'versailles-fontenay' });
    const b = await host.ok('breaches.declare', declaration(agreement.id));
    await host.ok('breaches.notify', { id: b.id, at: '2026-11-13T17:43', recipients: ['dpd@ac-versailles.fr'] });
    host.setNow('2026-11-14T16:00:00.000Z');
    await host.ok('breaches.update', { id: b.id, at: '2026-11-14T16:30', summary: 'Deux classes de plus touchées.', personsCount: 125, highRisk: true });

    const v1 = (await pdfText((await host.ok('breaches.document', { id: b.id, kind: 'form', format: 'pdf', version: 1 })).base64)).replace(/\s+/g, ' ');
    expect(v1).toContain('Formulaire de déclaration d’une violation de données à caractère personnel');
    expect(v1).toContain('FAR-V-A-2026-0001');
    expect(v1).toContain('Déclaration initiale du 13/11/2026 à 17:43');
    expect(v1).toContain('Service concerné ENT des écoles (Beneylu) – cahier de liaison');
    expect(v1).toContain('Début de la violation 13/11/2026 à 08:00');
    expect(v1).toContain('Connaissance de la violation 13/11/2026 à 17:40');
    expect(v1).toContain('environ 75');
    expect(v1).toContain('Partage retiré à 18:10 ; journal d’accès demandé à l’éditeur.');
    expect(v1).not.toContain('Échéances à venir');

    const v2 = (await pdfText((await host.ok('breaches.document', { id: b.id, kind: 'form', format: 'pdf' })).base64)).replace(/\s+/g, ' ');
    expect(v2).toContain('Mise à jour n° 1 du 14/11/2026 à 16:30 · version 2');
    expect(v2).toContain('Deux classes de plus touchées.');
    expect(v2).toContain('environ 125');
    expect(v2).toContain('Nombre approximatif de personnes environ 125');
    expect(v2).toContain('Échéances à venir');

    const docx = docxText((await host.ok('breaches.document', { id: b.id, kind: 'persons', format: 'docx' })).base64);
    expect(docx).toContain('Information des personnes concernées');
    expect(docx).toContain('dpd@ac-versailles.fr');
    expect(docx).toContain('Divulgation d’appréciations scolaires');

    expect((await host.fail('breaches.document', { id: b.id, kind: 'form', format: 'pdf', version: 3 })).code).toBe('VERSION_INCONNUE');
    const detail = await host.ok('breaches.get', { id: b.id });
    expect(detail.events.filter((e) => e.type === 'breach.document')).toHaveLength(3);
    expect(detail.journal.ok).toBe(true);
    host.close();
  }, 90_000);

  it('refuses a time that does not exist in Paris, and a breach known in the future, in French next to the field', async () => {
    const host = breachHost('2027-03-28T12:00:00.000Z');
    await host.ok('office.set', { party: 'academie' });
    const { agreement } = await host.ok('agreements.createFromPreset', { preset: 'versailles-fontenay' });
    const skipped = await host.fail('breaches.declare', declaration(agreement.id, { knownAt: '2027-03-28T02:30', startedAt: null }));
    expect(skipped.fields?.knownAt).toContain("n'existe pas à Paris");
    const future = await host.fail('breaches.declare', declaration(agreement.id, { knownAt: '2027-03-28T15:00', startedAt: null }));
    expect(future.fields?.knownAt).toContain('pas après maintenant');
    const missing = await host.fail('breaches.declare', { ...declaration(agreement.id), nature: ' ' });
    expect(missing.fields?.nature).toBe('Nature de la violation : à renseigner.');
    expect((await host.ok('breaches.list', {})).rows).toEqual([]);
    host.close();
  });
});
