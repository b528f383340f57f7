// Pure letter functions: the template language, its validation, the values of a request,
// the letter's blocks and HTML (everything escaped). The letters themselves, kind by kind, are
// in letters-*.test.ts. The request is given as the API's RequestDetail through the adapter, as
// the service does (letter-input.ts).
import { describe, expect, it } from 'vitest';
import type { RequestDetail } from '../../core/api/contract';
import { letterRequestFromDetail } from '../../core/documents/letter-input';
import {
  DEFAULT_TEMPLATES,
  LETTER_KINDS,
  letterDoc,
  letterHtml,
  letterValues,
  partyPhrase,
  textBlocks,
  type LetterContext,
} from '../../core/documents/letters';
import { PLACEHOLDERS, fillTemplate, missingMarkers, templateProblems, usedPlaceholders, type TemplateValues } from '../../core/documents/templates';
import { escapeHtml, fromBase64, toBase64 } from '../../core/documents/text';

const request = (over: Partial<RequestDetail> = {}): RequestDetail =>
  ({
    id: 'r1',
    agreementId: 'a1',
    reference: 'FAR-2026-0007',
    receivedOn: '2026-04-14',
    requesterName: 'Karim Haddad',
    requesterCategory: 'parent',
    subjectName: 'Inès Haddad',
    rights: ['erasure', 'access'],
    allocation: { party: 'academie', status: 'decided', ruleId: 'r1', reason: '' },
    status: 'in-progress',
    deadline: {
      dueOn: '2026-05-15',
      responseDeadline: '2026-05-15',
      extendedDeadline: '2026-07-15',
      extensionNoticeDue: '2026-05-15',
      urgency: 'ok',
      daysLeft: null,
      suspendedDays: 0,
      explanation: '',
    },
    channel: 'academie',
    medium: 'email',
    requesterContact: 'karim@example.org',
    subjectIsMinor: true,
    subjectRelation: 'père',
    school: { id: 's1', agreementId: 'a1', name: 'École élémentaire Le Parc', address: '', uai: '0921688K' },
    moduleName: null,
    moduleOwner: null,
    schoolsScope: null,
    summary: '',
    identityDocumentsReceived: [],
    identityDocumentsMissing: ['Livret de famille'],
    rightsDetail: [],
    suspensions: [],
    extension: null,
    pendingDecision: null,
    allocationHistory: [],
    acknowledgedOn: null,
    closedOn: null,
    dataFile: { requestedOn: null, receivedOn: null },
    processor: null,
    attachments: [],
    nextStatuses: [],
    events: [],
    journal: { ok: true, message: '' },
    ...over,
  }) as RequestDetail;

const AGREEMENT: LetterContext['agreement'] = {
  communeName: 'Fontenay-aux-Roses',
  academieName: 'Académie de Versailles',
  dpdContacts: {
    commune: { name: 'Paul Roux', email: 'dpd@fontenay.fr', phone: '', address: '' },
    academie: { name: 'Anne Dupuis', email: 'dpd@ac-versailles.fr', phone: '', address: '' },
  },
};

const context = (over: Partial<RequestDetail> = {}): LetterContext => ({
  request: letterRequestFromDetail(request(over), AGREEMENT),
  agreement: AGREEMENT,
  office: { party: 'academie' },
  letterhead: { officeName: 'Académie de Versailles', address: '3 bd de Lesseps\n78000 Versailles', city: 'Versailles', dpdName: 'Anne Dupuis', dpdEmail: 'dpd@ac-versailles.fr', dpdPhone: '' },
  date: '2026-04-20',
  handover: null,
});

const values = (over: Partial<TemplateValues> = {}): TemplateValues => ({ ...letterValues(context()), ...over });

describe('template language', () => {
  it('fills values, keeps or drops conditional passages, and lists a list alone on its line', () => {
    const t = 'Réf. {{reference}}\n{{#si pieces_manquantes}}\nPièces :\n{{pieces_manquantes}}\n{{sinon}}\nRien à fournir.\n{{/si}}\nFin le {{ echeance }}.';
    expect(fillTemplate(t, values())).toBe('Réf. FAR-2026-0007\nPièces :\n- Livret de famille\nFin le 15/05/2026.');
    expect(fillTemplate(t, values({ pieces_manquantes: [] }))).toBe('Réf. FAR-2026-0007\nRien à fournir.\nFin le 15/05/2026.');
    expect(fillTemplate('Pièces : {{pieces_manquantes}}.', values({ pieces_manquantes: ['a', 'b'] }))).toBe('Pièces : a, b.');
    expect(fillTemplate('{{#si autre_personne}}pour {{personne_concernee}}{{/si}}', values())).toBe('pour Inès Haddad');
  });

  it('marks a known value the request does not have yet, visibly', () => {
    const text = fillTemplate('Motifs : {{motifs_prolongation}}', values());
    expect(text).toBe('Motifs : [à compléter : motifs de la prolongation]');
    expect(missingMarkers(text)).toEqual(['[à compléter : motifs de la prolongation]']);
  });

  it('reports unknown names, flags used as values, stray braces and unbalanced blocks, with their line', () => {
    expect(templateProblems('Bonjour {{demandeur}}')).toEqual([]);
    expect(templateProblems('a\n{{nom_inconnu}}')).toEqual([{ line: 2, message: "« {{nom_inconnu}} » n'est pas une donnée connue." }]);
    expect(templateProblems('{{prolongee}}')[0]!.message).toBe('« prolongee » est une condition : utilisez {{#si prolongee}} … {{/si}}.');
    expect(templateProblems('x {{reference}')[0]!.message).toContain('accolades');
    expect(templateProblems('{{/si}}')[0]!.message).toBe('« {{/si}} » sans {{#si …}} ouvrant.');
    expect(templateProblems('{{sinon}}')[0]!.message).toBe('« {{sinon}} » hors d’un bloc {{#si …}}.');
    expect(templateProblems('\n\n{{#si prolongee}}x')).toEqual([{ line: 3, message: "« {{#si prolongee}} » n'est pas refermé par {{/si}}." }]);
    expect(() => fillTemplate('{{inconnu}}', values())).toThrow(/Le modèle de courrier est invalide \(ligne 1/);
  });

  it('ships seven valid French default templates that only use known placeholders', () => {
    expect(Object.keys(DEFAULT_TEMPLATES)).toEqual([...LETTER_KINDS]);
    for (const kind of LETTER_KINDS) {
      const t = DEFAULT_TEMPLATES[kind];
      expect(templateProblems(t.subject), kind).toEqual([]);
      expect(templateProblems(t.body), kind).toEqual([]);
      for (const name of usedPlaceholders(t.body)) expect(Object.keys(PLACEHOLDERS), `${kind}: ${name}`).toContain(name);
    }
    expect(DEFAULT_TEMPLATES.acknowledgement.body).toContain('article 12, paragraphe 3');
    expect(DEFAULT_TEMPLATES.acknowledgement.body).toContain('article 26 du RGPD');
    expect(DEFAULT_TEMPLATES['information-request'].body).toContain('article 12, paragraphe 6');
    expect(DEFAULT_TEMPLATES.clarification.body).toContain('considérant 63');
    expect(DEFAULT_TEMPLATES.refusal.body).toContain('R. 421-1 et R. 421-5 du code de justice administrative');
    expect(DEFAULT_TEMPLATES.refusal.body).toContain('article 12, paragraphe 4');
    expect(DEFAULT_TEMPLATES.refusal.body).toContain('recours juridictionnel');
    expect(DEFAULT_TEMPLATES['answer-cover'].body).toMatch(
      /article 15[\s\S]*article 15, paragraphe 3[\s\S]*article 19[\s\S]*\{\{exception_effacement\}\}[\s\S]*article 20, paragraphe 3[\s\S]*article 21[\s\S]*R\. 421-1/,
    );
    expect(DEFAULT_TEMPLATES.handover.body).toContain('article 26, paragraphe 3');
  });
});

describe('values of a request', () => {
  it('orders rights by article, names the pupil, the school, who answers and the DPD contact', () => {
    const v = letterValues(context());
    expect(v.droits).toBe("le droit d'accès (article 15 du RGPD) et le droit à l'effacement (article 17 du RGPD)");
    expect(v.civilite).toBe('Monsieur'); // the relation recorded is « père »
    expect(v.representant_legal).toBe('le représentant légal');
    expect(v.personne_concernee).toBe('Inès Haddad');
    expect(v.autre_personne).toBe(true);
    expect(v.pour_un_mineur).toBe(true);
    expect(v.ecole).toBe('École élémentaire Le Parc, UAI 0921688K');
    expect(v.partie_qui_repond).toBe("l'académie de Versailles");
    expect(v.co_responsable).toBe('la commune de Fontenay-aux-Roses');
    expect(v.contact_dpd_co_responsable).toBe('Paul Roux – dpd@fontenay.fr');
    expect(v.contact_dpd).toBe('Anne Dupuis – dpd@ac-versailles.fr');
    expect(v.echeance).toBe('15/05/2026');
  });

  it('says the deadline is suspended only when an identity request is recorded, and names no one else when the requester is the person concerned', () => {
    const suspended = { ...request().deadline, dueOn: null, responseDeadline: null, suspendedDays: 4 };
    const identity = { id: 's1', kind: 'identity' as const, whatAsked: "Copie d'une pièce d'identité", doubt: null, sentOn: '2026-04-16', receivedOn: null, days: 4 };
    const v = letterValues(context({ subjectName: 'Karim Haddad', deadline: suspended, suspensions: [identity] }));
    expect(v.autre_personne).toBe(false);
    expect(v.pour_un_mineur).toBe(false);
    expect(v.delai_suspendu).toBe(true);
    expect(v.date_demande_pieces).toBe('16/04/2026');
    expect(v.echeance_avant_suspension).toBe('15/05/2026'); // 14/05/2026 is Ascension Day
    expect(v.echeance).toBe("date à confirmer : le délai est suspendu depuis le 16/04/2026 dans l'attente des pièces justificatives demandées (4 jour(s) à ce jour)");
    // No date and no identity request: nothing is claimed, the letter gets a marker.
    const none = letterValues(context({ deadline: suspended, suspensions: [{ ...identity, kind: 'clarification' }] }));
    expect(none.delai_suspendu).toBe(false);
    expect(none.echeance).toBe('');
    expect(fillTemplate('Au plus tard le {{echeance}}.', none)).toBe('Au plus tard le [à compléter : date limite de réponse en vigueur (art. 12(3))].');
  });

  it('names the proposed party while the allocation is to confirm', () => {
    const v = letterValues(context({ allocation: { party: 'academie', status: 'to-settle', ruleId: 'x', reason: '' } }));
    expect(v.repartition_a_arreter).toBe(true);
    expect(v.partie_qui_repond).toBe("l'académie de Versailles");
    const unknown = letterValues(context({ allocation: { party: null, status: 'to-settle', ruleId: 'x', reason: '' } }));
    expect(unknown.partie_qui_repond).toBe('');
  });

  it('words the parties of an agreement with their article', () => {
    const a = { communeName: 'Marseille', academieName: 'DSDEN des Bouches-du-Rhône' };
    expect(partyPhrase('commune', a)).toBe('la commune de Marseille');
    expect(partyPhrase('commune', { ...a, communeName: 'Aubagne' })).toBe("la commune d'Aubagne");
    expect(partyPhrase('commune', { ...a, communeName: 'Le Pecq' })).toBe('la commune du Pecq');
    expect(partyPhrase('commune', { ...a, communeName: 'Les Lilas' })).toBe('la commune des Lilas');
    expect(partyPhrase('commune', { ...a, communeName: '' })).toBe('la commune [à compléter : nom de la commune signataire de la convention]');
    expect(partyPhrase('academie', a)).toBe('la DSDEN des Bouches-du-Rhône');
    expect(partyPhrase('academie', { ...a, academieName: 'Rectorat de Lyon' })).toBe('le rectorat de Lyon');
    expect(partyPhrase('academie', { ...a, academieName: 'Services académiques' })).toBe("l'académie (Services académiques)");
  });
});

describe('the letter as a document', () => {
  it('splits the body into paragraphs, line breaks and lists', () => {
    expect(textBlocks('Madame,\n\nLigne 1\nLigne 2\n- a\n- b\nSuite\n\n\n• c')).toEqual([
      { type: 'p', lines: ['Madame,'] },
      { type: 'p', lines: ['Ligne 1', 'Ligne 2'] },
      { type: 'ul', items: ['a', 'b'] },
      { type: 'p', lines: ['Suite'] },
      { type: 'ul', items: ['c'] },
    ]);
  });

  it('escapes every piece of request data and user text in the HTML, which carries a no-script policy', () => {
    const ctx = context({ requesterName: '<img src=x onerror=alert(1)>', requesterContact: '"><script>alert(1)</script>', subjectName: 'A & B' });
    const doc = letterDoc(ctx, 'acknowledgement', { subject: 'Objet <i>x</i>', body: 'Texte </p><script>x</script>\n- <b>item</b>' }, 1);
    const html = letterHtml(doc);
    expect(html).not.toMatch(/<img|<script|<i>|<b>/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Personne concernée :</span> A &amp; B (élève mineur)');
    // The acknowledgement is signed by the DPD (letterhead); no signatory is set here.
    expect(html).toContain('<span class="line name">Anne Dupuis</span>\n<span class="line">Délégué à la protection des données</span>');
    expect(html).toContain('<li>&lt;b&gt;item&lt;/b&gt;</li>');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
    expect(html).toContain('Versailles, le 20/04/2026');
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });

  it('encodes bytes in base64 and back without Buffer', () => {
    const bytes = new Uint8Array(Array.from({ length: 258 }, (_, i) => (i * 37) % 256));
    for (const n of [0, 1, 2, 3, 100, 258]) {
      const slice = bytes.slice(0, n);
      expect(toBase64(slice)).toBe(Buffer.from(slice).toString('base64'));
      expect(fromBase64(toBase64(slice))).toEqual(slice);
    }
    expect(fromBase64('abc')).toBeNull();
    expect(fromBase64('ab$=')).toBeNull();
  });
});
