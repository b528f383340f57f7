// Documents through the real host (SQLite in a temp folder, Chromium found on the machine for
// PDFs): letters, letterhead and templates. Meetings and the workbook: documents-meetings.test.ts.
import { describe, expect, it } from 'vitest';
import type { CallInput } from '../../core/api/contract';
import { createBrowserPdfRenderer } from '../../electron/documents/pdf';
import { docxText, parentRequest, pdfPages, pdfText, usePdfHosts, versailles } from '../helpers/documents';
import { testHost } from '../helpers/host';
import { useTempDir } from '../helpers/tmp';

const tmp = useTempDir();
const pdfHost = usePdfHosts();

const squash = (s: string) => s.replace(/\s+/g, ' ');

/** The save input of a draft as shown (the user may have edited subject and body). */
const saveOf = (draft: { kind: CallInput<'letters.save'>['kind']; subject: string; body: string }, requestId: string, format: 'pdf' | 'docx' | 'html', date: string) => ({
  requestId,
  kind: draft.kind,
  subject: draft.subject,
  body: draft.body,
  date,
  format,
});

const LETTERHEAD = {
  officeName: 'Académie de Versailles – Délégation à la protection des données',
  address: '3 boulevard de Lesseps\n78000 Versailles',
  city: 'Versailles',
  dpdName: 'Anne Dupuis',
  dpdEmail: 'dpd@ac-versailles.fr',
  dpdPhone: '01 30 83 44 44',
};
const SIGNATORY = { signatoryName: 'Marie Durand', signatoryTitle: 'Pour le recteur et par délégation, la secrétaire générale' };
const JOINT_ARRANGEMENT = 'https://ent.example.fr/accord-responsables-conjoints';

describe('acknowledgement letter', () => {
  it('is filled from the request: receipt, reference, rights, due date, who answers, documents still needed, DPD contact', async () => {
    const host = pdfHost(tmp(), '2026-11-25');
    const agreement = await versailles(host);
    expect((await host.ok('letterhead.get', {})).configured).toBe(false);
    // A letterhead without a signatory (sent as before it existed) is stored with a blank one.
    expect(await host.ok('letterhead.set', LETTERHEAD)).toEqual({ ...LETTERHEAD, signatoryName: '', signatoryTitle: '', configured: true });
    await host.ok('agreements.update', { id: agreement.id, patch: { jointArrangement: JOINT_ARRANGEMENT } });
    const request = await host.ok('requests.create', parentRequest(agreement.id, { schoolId: (await host.ok('schools.list', { agreementId: agreement.id }))[0]!.id }));
    // 20/11/2026 + 1 month = 20/12/2026, a Sunday → Monday 21/12/2026 (Reg. 1182/71 art. 3(4)).
    expect(request.deadline.dueOn).toBe('2026-12-21');

    const draft = await host.ok('letters.draft', { requestId: request.id, kind: 'acknowledgement' });
    expect(draft).toMatchObject({ label: 'Accusé de réception', date: '2026-11-25', templateVersion: 1, missing: [], warnings: [] });
    expect(draft.subject).toBe(`Accusé de réception de votre demande d'exercice de droits (réf. ${request.reference})`);
    const body = draft.body;
    expect(body).toContain('Nous avons bien reçu le 20/11/2026 votre demande');
    expect(body).toContain(`enregistrée sous la référence ${request.reference}`);
    // The relation recorded is « mère »: civility and agreement follow it.
    expect(body.startsWith('Madame,\n')).toBe(true);
    expect(body).toContain('Votre demande concerne Léo Martin, élève mineur dont vous êtes la représentante légale.');
    expect(body).toContain("- Le droit d'accès (article 15 du RGPD)\n- Le droit à l'effacement (article 17 du RGPD)");
    expect(body).toContain("article 12, paragraphe 3, du règlement général sur la protection des données (RGPD), une réponse vous sera apportée au plus tard le 21/12/2026");
    expect(body).toContain('responsables conjoints du traitement (article 26 du RGPD). Votre demande sera traitée par l\'académie de Versailles.');
    expect(body).toContain(`vous pouvez exercer vos droits à l'égard de chacun des responsables conjoints. L'essentiel de l'accord qui les lie est mis à votre disposition (article 26, paragraphe 2) : ${JOINT_ARRANGEMENT}.`);
    expect(body).toContain("- Justificatif de l'autorité parentale (livret de famille)");
    expect(body).toContain('Anne Dupuis – dpd@ac-versailles.fr – 01 30 83 44 44');
    expect(body).not.toMatch(/\{\{|\}\}/);
    expect(body).not.toContain('\n\n\n');
    expect(draft.recipient).toEqual({ name: 'Claire Martin', lines: ['12 rue des Lilas', '92260 Fontenay-aux-Roses'] });
    expect(draft.concerning).toBe('Léo Martin (élève mineur)');

    // Edited before saving: the edit is what is printed.
    const edited = body.replace('Madame,\n', 'Madame,\n\nNous vous remercions de votre courrier.\n');
    const saved = await host.ok('letters.save', { requestId: request.id, kind: 'acknowledgement', subject: draft.subject, body: edited, date: '2026-11-25', format: 'pdf' });
    expect(saved.file.filename).toBe(`${request.reference}-Accuse-de-reception-2026-11-25.pdf`);
    expect(saved.file.mimeType).toBe('application/pdf');
    expect(saved.acknowledgedOn).toBe('2026-11-25');
    expect(await pdfPages(saved.file.base64)).toBeLessThanOrEqual(2);
    const printed = await pdfText(saved.file.base64);
    // The salutation is printed with the signature, never a signature alone on its page.
    expect(squash(printed.split('\f').at(-1)!)).toContain("salutations distinguées. Anne Dupuis Délégué à la protection des données");
    const text = squash(printed);
    for (const expected of [
      'Académie de Versailles – Délégation à la protection des données',
      'Claire Martin',
      '12 rue des Lilas',
      'Versailles, le 25/11/2026',
      `Référence : ${request.reference}`,
      'Personne concernée : Léo Martin (élève mineur)',
      'Madame, Nous vous remercions de votre courrier. Nous avons bien reçu le 20/11/2026',
      'au plus tard le 21/12/2026',
      "Justificatif de l'autorité parentale (livret de famille)",
      'dpd@ac-versailles.fr',
      // Not a decision: signed by the DPD.
      'Anne Dupuis Délégué à la protection des données Académie de Versailles – Délégation à la protection des données',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('Marie Durand');

    const docx = await host.ok('letters.save', { requestId: request.id, kind: 'acknowledgement', subject: draft.subject, body: edited, date: '2026-11-25', format: 'docx' });
    expect(docx.file.filename).toMatch(/\.docx$/);
    const words = squash(docxText(docx.file.base64));
    expect(words).toContain('au plus tard le 21/12/2026');
    expect(words).toContain("Justificatif de l'autorité parentale (livret de famille)");
    expect(words).toContain('Personne concernée : Léo Martin (élève mineur)');
    expect(words).toContain('Versailles, le 25/11/2026');

    // Stored with its request, listed, and in the journal; the acknowledgement date is set once.
    const docs = await host.ok('documents.list', { requestId: request.id });
    expect(docs.map((d) => [d.kind, d.label, d.format, d.templateVersion])).toEqual([
      ['acknowledgement', 'Accusé de réception', 'docx', 1],
      ['acknowledgement', 'Accusé de réception', 'pdf', 1],
    ]);
    const detail = await host.ok('requests.get', { id: request.id });
    expect(detail.acknowledgedOn).toBe('2026-11-25');
    // The same letter saved as PDF then DOCX is one sending: one event, which names both formats.
    const sent = detail.events.filter((e) => e.type === 'letter.sent');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.data).toMatchObject({ kind: 'acknowledgement', on: '2026-11-25', formats: ['pdf', 'docx'], summary: 'Accusé de réception envoyé le 25/11/2026 (PDF, DOCX)' });
    expect((sent[0]!.data as { changes: Record<string, unknown> }).changes.acknowledgedOn).toEqual({ before: null, after: '2026-11-25' });
    expect(detail.journal.ok).toBe(true);
    // Saved once more as PDF: the file again, nothing new kept or recorded.
    await host.ok('letters.save', { requestId: request.id, kind: 'acknowledgement', subject: draft.subject, body: edited, date: '2026-11-25', format: 'pdf' });
    expect(await host.ok('documents.list', { requestId: request.id })).toHaveLength(2);
    expect((await host.ok('requests.get', { id: request.id })).events.filter((e) => e.type === 'letter.sent')).toHaveLength(1);
    // Another text is another letter: a second sending.
    await host.ok('letters.save', { requestId: request.id, kind: 'acknowledgement', subject: draft.subject, body: `${edited}\nPost-scriptum.`, date: '2026-11-25', format: 'docx' });
    const resent = (await host.ok('requests.get', { id: request.id })).events.filter((e) => e.type === 'letter.sent');
    expect(resent.map((e) => (e.data as { summary: string }).summary)).toEqual([
      'Accusé de réception envoyé le 25/11/2026 (PDF, DOCX)',
      'Accusé de réception envoyé le 25/11/2026 (DOCX)',
    ]);

    // Made again from what was stored: the same letter.
    const again = await host.ok('documents.download', { id: docs[1]!.id });
    expect(docs[1]!.format).toBe('pdf');
    expect(squash(await pdfText(again.base64))).toBe(text);
    host.close();
  }, 60_000); // Chromium prints three PDFs: slow on a loaded machine

  it('prints request data as text: a requester named like an HTML tag is escaped, not run', async () => {
    const host = pdfHost(tmp(), '2026-11-25');
    const agreement = await versailles(host);
    const evil = '<img src=x onerror=alert(1)>';
    const request = await host.ok('requests.create', parentRequest(agreement.id, { requesterName: evil, subjectName: '<b>Léo</b> & "Zoé"', requesterContact: '<script>alert(2)</script>' }));
    const draft = await host.ok('letters.draft', { requestId: request.id, kind: 'acknowledgement' });
    const html = await host.ok('letters.save', saveOf(draft, request.id, 'html', '2026-11-25'));
    const page = Buffer.from(html.file.base64, 'base64').toString('utf8');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('&lt;b&gt;Léo&lt;/b&gt; &amp; &quot;Zoé&quot;');
    expect(page).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(page).not.toMatch(/<img|<script|<b>/);
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    const text = await pdfText((await host.ok('letters.save', saveOf(draft, request.id, 'pdf', '2026-11-25'))).file.base64);
    expect(text).toContain(evil);
    expect(text).toContain('<b>Léo</b> & "Zoé"');
    host.close();
  });

  it('refuses a letter dated in the future, still holding "[à compléter]" passages, or deciding without its signatory, and records nothing', async () => {
    const host = pdfHost(tmp(), '2026-11-25');
    const agreement = await versailles(host);
    await host.ok('letterhead.set', LETTERHEAD);
    const request = await host.ok('requests.create', parentRequest(agreement.id));
    const draft = await host.ok('letters.draft', { requestId: request.id, kind: 'extension-notice' });
    // A decision: the signatory of the letterhead signs it, and none is set yet.
    const unsigned = [
      '[à compléter : qualité du signataire des décisions (ex. « Pour le recteur et par délégation, la secrétaire générale »)]',
      "[à compléter : nom de l'autorité ou de son délégataire, qui signe les décisions (prolongation, réponse, refus)]",
    ];
    expect(draft.missing).toEqual(['[à compléter : motifs de la prolongation]', ...unsigned]);
    expect(draft.signature).toEqual([...unsigned, LETTERHEAD.officeName]);
    expect(draft.warnings.join(' ')).toContain("La prolongation n'est pas enregistrée");
    expect(draft.warnings.join(' ')).toContain("Le signataire des décisions (nom et qualité de l'autorité ou de son délégataire) n'est pas renseigné");
    expect(draft.body).toContain('au plus tard le 22/02/2027, au lieu du 21/12/2026'); // 20/02/2027 is a Saturday
    const incomplete = await host.fail('letters.save', saveOf(draft, request.id, 'pdf', '2026-11-25'));
    expect(incomplete.code).toBe('COURRIER_INCOMPLET');
    expect(incomplete.fields?.body).toContain('[à compléter : motifs de la prolongation]');
    const future = await host.fail('letters.save', { ...saveOf(draft, request.id, 'pdf', '2026-11-26'), body: 'Madame, Monsieur,' });
    expect(future.code).toBe('DATE_FUTURE');

    // Once the extension is recorded, the reasons and the new date come from the request…
    await host.ok('requests.extend', { id: request.id, reasons: 'Données réparties entre trois traitements.' });
    const filled = await host.ok('letters.draft', { requestId: request.id, kind: 'extension-notice' });
    expect(filled.missing).toEqual(unsigned);
    expect(filled.body).toContain('pour les motifs suivants : Données réparties entre trois traitements.');
    expect(filled.body).toContain("Comme le permet l'article 12, paragraphe 3, du RGPD");
    // …but a complete text signed by nobody is still refused, and says where the signatory is set.
    const noSignatory = await host.fail('letters.save', saveOf(filled, request.id, 'pdf', '2026-11-25'));
    expect(noSignatory.code).toBe('COURRIER_INCOMPLET');
    expect(noSignatory.message).toContain("il est signé par l'autorité ou son délégataire");
    expect(noSignatory.message).toContain('Paramètres, « En-tête des courriers »');
    expect(noSignatory.fields?.body).toBeUndefined();
    expect(await host.ok('documents.list', { requestId: request.id })).toEqual([]);
    expect((await host.ok('requests.get', { id: request.id })).events.map((e) => e.type)).toEqual(['request.created', 'deadline.extended']);

    // With the signatory set, the decision is signed by them, not by the DPD.
    await host.ok('letterhead.set', { ...LETTERHEAD, ...SIGNATORY });
    const signed = await host.ok('letters.draft', { requestId: request.id, kind: 'extension-notice' });
    expect(signed.missing).toEqual([]);
    expect(signed.signature).toEqual([SIGNATORY.signatoryTitle, SIGNATORY.signatoryName, LETTERHEAD.officeName]);
    const saved = await host.ok('letters.save', saveOf(signed, request.id, 'docx', '2026-11-25'));
    const words = squash(docxText(saved.file.base64));
    expect(words).toContain(`${SIGNATORY.signatoryTitle} ${SIGNATORY.signatoryName} ${LETTERHEAD.officeName}`);
    host.close();
  });

  it('cites what each letter must cite: refusal (CNIL, judicial remedy), information request (12(6), decree 2019-536), handover (art. 26)', async () => {
    const host = pdfHost(tmp(), '2026-11-25');
    const agreement = await versailles(host);
    await host.ok('agreements.update', { id: agreement.id, patch: { dpdContacts: { ...agreement.dpdContacts, commune: { name: 'Paul Roux', email: 'dpd@fontenay-aux-roses.fr', phone: '', address: '' } } } });
    const request = await host.ok('requests.create', parentRequest(agreement.id, { subjectName: null, subjectIsMinor: null, subjectRelation: null, requesterCategory: 'other', channel: 'commune' }));
    await host.ok('letterhead.set', { ...LETTERHEAD, ...SIGNATORY });
    // A refused erasure names the art. 17(3) point it rests on: without it, the answer is refused.
    const answer = { id: request.id, right: 'erasure' as const, outcome: 'refused' as const, refusalReason: 'les données sont nécessaires à la mission de service public.', answeredOn: '2026-11-24' };
    const noPoint = await host.fail('requests.answerRight', answer);
    expect(noPoint.fields?.erasureException).toContain("article 17(3)");
    await host.ok('requests.answerRight', { ...answer, erasureException: 'b' });
    const refusal = await host.ok('letters.draft', { requestId: request.id, kind: 'refusal' });
    expect(refusal.missing).toEqual([]);
    expect(refusal.warnings).toEqual([]);
    expect(refusal.body).toContain("Nous ne pouvons pas donner suite au droit à l'effacement (article 17 du RGPD), pour les motifs suivants : les données sont nécessaires");
    expect(squash(refusal.body)).toContain(
      "S'agissant de l'effacement, le traitement de ces données reste nécessaire pour respecter une obligation légale qui requiert le traitement prévue par le droit de l'Union ou par le droit de l'État membre",
    );
    expect(refusal.body).toContain('(article 17, paragraphe 3, point b), du RGPD)');
    expect(refusal.body).not.toMatch(/à le |de le /);
    expect(refusal.body).toContain("Conformément à l'article 12, paragraphe 4, du RGPD, vous pouvez introduire une réclamation auprès de la Commission nationale de l'informatique et des libertés");
    expect(refusal.body).toContain('former un recours juridictionnel');
    expect(refusal.concerning).toBeNull();
    expect(refusal.body).not.toContain('concernant');

    await host.ok('requests.askInformation', {
      id: request.id,
      kind: 'identity',
      whatAsked: "Copie d'une pièce d'identité\nAdresse électronique utilisée dans l'ENT",
      doubt: "la demande est arrivée d'une adresse électronique que l'ENT ne connaît pas.",
      sentOn: '2026-11-25',
    });
    const info = await host.ok('letters.draft', { requestId: request.id, kind: 'information-request' });
    expect(info.body).toContain("- Copie d'une pièce d'identité\n- Adresse électronique utilisée dans l'ENT");
    expect(info.body).toContain("(article 12, paragraphe 6, du RGPD) : la demande est arrivée d'une adresse électronique que l'ENT ne connaît pas.");
    expect(info.body).toContain('décret n° 2019-536');
    expect(info.missing).toEqual([]);
    expect(info.signature).toEqual(['Anne Dupuis', 'Délégué à la protection des données', LETTERHEAD.officeName]);

    const other = await host.ok('requests.create', parentRequest(agreement.id, { requesterCategory: 'commune-staff', channel: 'commune', requesterName: 'Marc Petit', subjectName: null }));
    await host.ok('requests.handOver', { id: other.id, on: '2026-11-23', reason: 'demande d’un agent communal (annexe 1, § 3.2.2)' });
    const handover = await host.ok('letters.draft', { requestId: other.id, kind: 'handover' });
    expect(handover.subject).toBe(`Votre demande (réf. ${other.reference}) : transmission à la commune de Fontenay-aux-Roses`);
    expect(handover.body).toContain('le 23/11/2026, pour le motif suivant : demande d’un agent communal');
    expect(handover.body).toContain('Paul Roux – dpd@fontenay-aux-roses.fr');
    expect(handover.body).toContain('article 26, paragraphe 3, du RGPD');
    expect(handover.missing).toEqual([]);
    host.close();
  });

  it('says so in French when no Chromium is found, records nothing, and still prints through the browser', async () => {
    const host = testHost(tmp(), '2026-11-25'); // no PDF renderer
    const agreement = await versailles(host);
    const request = await host.ok('requests.create', parentRequest(agreement.id));
    const draft = await host.ok('letters.draft', { requestId: request.id, kind: 'acknowledgement' });
    const error = await host.fail('letters.save', saveOf(draft, request.id, 'pdf', '2026-11-25'));
    expect(error.code).toBe('NAVIGATEUR_ABSENT');
    expect(error.message).toContain("Aucun navigateur de la famille Chromium (Chromium, Google Chrome ou Microsoft Edge) n'a été trouvé");
    expect(await host.ok('documents.list', { requestId: request.id })).toEqual([]);
    const printed = await host.ok('letters.save', saveOf(draft, request.id, 'html', '2026-11-25'));
    expect(printed.file.mimeType).toBe('text/html;charset=utf-8');
    expect(printed.document.format).toBe('html');
    expect(printed.acknowledgedOn).toBe('2026-11-25');
    host.close();

    const missing = createBrowserPdfRenderer(null);
    await expect(missing.renderPdf('<p>x</p>')).rejects.toThrow(/Aucun navigateur de la famille Chromium/);
  });
});

describe('letter templates per agreement', () => {
  it('ships French defaults, refuses an unknown placeholder at save time, and versions the edits', async () => {
    const host = pdfHost(tmp(), '2026-11-25');
    const agreement = await versailles(host);
    const { templates, placeholders } = await host.ok('letters.templates', { agreementId: agreement.id });
    expect(templates.map((t) => [t.kind, t.label, t.version, t.isDefault])).toEqual([
      ['acknowledgement', 'Accusé de réception', 1, true],
      ['information-request', 'Demande de pièces justificatives', 1, true],
      ['clarification', 'Demande de précisions', 1, true],
      ['extension-notice', 'Notification de prolongation', 1, true],
      ['answer-cover', 'Lettre de réponse', 1, true],
      ['refusal', 'Refus motivé', 1, true],
      ['handover', 'Transmission au co-responsable', 1, true],
    ]);
    expect(placeholders.find((p) => p.name === 'echeance')?.description).toContain('art. 12(3)');

    const ack = templates[0]!;
    const bad = await host.fail('letters.saveTemplate', { agreementId: agreement.id, kind: 'acknowledgement', subject: ack.subject, body: `${ack.body}\nÀ rendre avant le {{echeance_finale}}.\n{{#si inconnu}}x{{/si}}` });
    expect(bad.code).toBe('MODELE_INVALIDE');
    const lines = ack.body.split('\n').length;
    expect(bad.fields?.body).toContain(`ligne ${lines + 1} : « {{echeance_finale}} » n'est pas une donnée connue.`);
    expect(bad.fields?.body).toContain(`ligne ${lines + 2} : « {{#si inconnu}} » : « inconnu » n'est pas une donnée connue.`);
    const unbalanced = await host.fail('letters.saveTemplate', { agreementId: agreement.id, kind: 'refusal', subject: 'Objet {{reference}', body: '{{#si prolongee}}ouvert' });
    expect(unbalanced.fields?.subject).toContain('accolades');
    expect(unbalanced.fields?.body).toContain("« {{#si prolongee}} » n'est pas refermé par {{/si}}.");
    expect((await host.ok('letters.templates', { agreementId: agreement.id })).templates[0]!.version).toBe(1);

    const saved = await host.ok('letters.saveTemplate', {
      agreementId: agreement.id,
      kind: 'acknowledgement',
      subject: 'AR {{reference}}',
      body: 'Bonjour {{demandeur}},\n\nÉchéance : {{echeance}}.{{#si pieces_manquantes}}\nPièces :\n{{pieces_manquantes}}{{/si}}',
    });
    expect(saved).toMatchObject({ version: 2, isDefault: false });
    const request = await host.ok('requests.create', parentRequest(agreement.id));
    const draft = await host.ok('letters.draft', { requestId: request.id, kind: 'acknowledgement' });
    expect(draft.subject).toBe(`AR ${request.reference}`);
    expect(draft.body).toBe("Bonjour Claire Martin,\n\nÉchéance : 21/12/2026.\nPièces :\n- Justificatif de l'autorité parentale (livret de famille)");
    expect(draft.templateVersion).toBe(2);
    const doc = await host.ok('letters.save', saveOf(draft, request.id, 'docx', '2026-11-25'));
    expect(doc.document.templateVersion).toBe(2);

    const reset = await host.ok('letters.resetTemplate', { agreementId: agreement.id, kind: 'acknowledgement' });
    expect(reset).toMatchObject({ version: 3, isDefault: false, body: templates[0]!.body });
    host.close();
  });
});
