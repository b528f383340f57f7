// Each letter kind as its recipient reads it (domain.md, "What each letter must say"):
// acknowledgement, identity documents, clarification, extension notice, refusal and
// inadmissibility, handover; who signs; what is never stated without the data.
import { describe, expect, it } from 'vitest';
import {
  DECIDING_KINDS,
  draftLetter,
  extensionNoticeStatus,
  letterDataGaps,
  LETTER_KINDS,
  letterHtml,
  letterMissing,
  signatureLines,
  type LetterContext,
  type LetterKind,
  type LetterRequest,
} from '../../core/documents/letters';
import { frenchJunctionErrors } from '../../core/documents/text';
import {
  EXAMPLE_DSDEN13,
  EXAMPLE_LETTERHEAD,
  EXAMPLE_VERSAILLES,
  exampleContext,
  exampleRequest,
  exampleRight,
} from '../helpers/letter-examples';

// Fixtures: core/documents/letter-examples.ts (a fictitious request, both agreements, a letterhead).
const context = exampleContext;
const dsden13 = EXAMPLE_DSDEN13;
const letterhead = EXAMPLE_LETTERHEAD;
const letterRequest = exampleRequest;
const right = exampleRight;
const versailles = EXAMPLE_VERSAILLES;
/** The letter of a kind, from the default template, as its recipient reads it. */
const write = (kind: LetterKind, ctx: LetterContext) => draftLetter(ctx, kind);

const SUSPENDED: LetterRequest['deadlines'] = {
  dueOn: null,
  responseDeadline: null,
  extendedDeadline: null,
  extensionNoticeDue: null,
  suspendedDays: 4,
  suspended: true,
  dueBeforeSuspension: '2026-05-15',
};
const identityRequest = (over: Partial<NonNullable<LetterRequest['identityRequest']>> = {}): LetterRequest['identityRequest'] => ({
  whatAsked: [
    "Copie d'une pièce d'identité du demandeur (uniquement en cas de doute raisonnable sur son identité)",
    "Justificatif de l'autorité parentale (livret de famille ou décision de justice)",
  ],
  sentOn: '2026-04-16',
  doubt: "le nom indiqué ne correspond à aucun responsable légal connu de l'école",
  ...over,
});

const clean = (text: string) => {
  expect(frenchJunctionErrors(text)).toEqual([]);
  expect(text).not.toMatch(/\bà le\b|\bde le\b|\bà les\b|\bde les\b/);
  expect(text).not.toContain('{{');
};

describe('acknowledgement (art. 12(3), 26)', () => {
  it('receipt, reference, rights understood, due date, who answers, art. 26(2)-(3), no documents asked, the DPD contact', () => {
    const { text, flat, missing } = write('acknowledgement', context());
    expect(missing).toEqual([]);
    expect(flat).toContain('Nous avons bien reçu le 14/04/2026 votre demande');
    expect(flat).toContain('Elle est enregistrée sous la référence FAR-2026-0007.');
    expect(text).toContain("Nous comprenons que vous exercez :\n\n- Le droit d'accès (article 15 du RGPD)\n- Le droit à l'effacement (article 17 du RGPD)");
    expect(flat).toContain('une réponse vous sera apportée au plus tard le 15/05/2026.');
    expect(flat).toContain('Votre demande sera traitée par l\'académie de Versailles.');
    expect(flat).toContain("vous pouvez exercer vos droits à l'égard de chacun des responsables conjoints.");
    expect(flat).toContain("L'essentiel de l'accord qui les lie est mis à votre disposition (article 26, paragraphe 2) : https://ent.example.fr/accord-responsables-conjoints.");
    expect(flat).toContain('Aucune pièce complémentaire ne vous est demandée.');
    expect(flat).toContain('joindre le délégué à la protection des données : Anne Dupuis – dpd@ac-versailles.fr.');
    expect(flat).toContain('Votre demande concerne Inès Haddad, élève mineure dont vous êtes le représentant légal.');
    expect(text.startsWith('Académie de Versailles')).toBe(true);
    expect(text).toContain('\n\nMonsieur,\n\n');
    expect(flat).not.toMatch(/suspendu/);
    clean(text);
  });

  it('without an identity request, documents still needed are listed (internal notes stripped) but no suspension is claimed', () => {
    const { flat, text } = write(
      'acknowledgement',
      context({ identityDocuments: { missing: ["Copie d'une pièce d'identité du demandeur (uniquement en cas de doute raisonnable sur son identité)", "Nom de l'école et classe de l'élève concerné"], received: [] } }),
    );
    expect(text).toContain("Pour traiter votre demande, merci de nous faire parvenir :\n\n- Copie d'une pièce d'identité du demandeur\n- Nom de l'école et classe de l'élève concerné");
    expect(flat).toContain('leurs copies seront détruites après cette vérification.');
    expect(flat).not.toMatch(/suspendu|uniquement en cas de doute|doute raisonnable/);
    expect(flat).toContain('au plus tard le 15/05/2026');
  });

  it('with an identity request recorded, says the deadline is suspended since it, and prints the date as it stood then', () => {
    const { flat, missing } = write('acknowledgement', context({ deadlines: SUSPENDED, identityRequest: identityRequest(), identityDocuments: { missing: ['Justificatif'], received: [] } }));
    expect(missing).toEqual([]);
    expect(flat).toContain("le délai d'un mois pour vous répondre expirait le 15/05/2026. Il est suspendu depuis le 16/04/2026, date de notre demande de pièces justificatives, jusqu'à leur réception (décret n° 2019-536 du 29 mai 2019)");
    expect(flat).not.toContain('au plus tard le');
  });

  it('an identity request recorded after the deadline suspends nothing: no suspension is claimed', () => {
    const { flat } = write('acknowledgement', context({ identityRequest: identityRequest({ sentOn: '2026-05-20' }) }));
    expect(flat).not.toMatch(/suspendu/);
    expect(flat).toContain('au plus tard le 15/05/2026');
  });

  it('allocation to confirm: names the proposed party, which answers now, and says it is still to confirm', () => {
    const { flat, missing } = write('acknowledgement', context({ allocation: { party: 'commune', status: 'to-settle' } }));
    expect(missing).toEqual([]);
    expect(flat).toContain(
      'Votre demande sera traitée par la commune de Fontenay-aux-Roses, à qui la convention la confie à titre provisoire : cette répartition doit encore être confirmée par les deux responsables conjoints, sans effet sur le délai de réponse.',
    );
    expect(flat).not.toMatch(/selon la répartition arrêtée|sera désigné/);
  });

  it('no party at all: a marker, not a guess', () => {
    const { missing } = write('acknowledgement', context({ allocation: { party: null, status: 'to-settle' } }));
    expect(missing).toEqual(['[à compléter : le responsable conjoint qui répond (art. 26) ; la partie proposée tant que la répartition est à confirmer]']);
  });

  it('DSDEN 13: the académie DPD is the contact whichever office writes (art. 8.2), with the French of "Aubagne"', () => {
    const communeOffice = { ...letterhead, officeName: "Commune d'Aubagne", dpdName: 'Luc Martin', dpdEmail: 'dpd@aubagne.fr' };
    const { flat, text, missing } = write('acknowledgement', context({ allocation: { party: 'commune', status: 'decided' } }, { agreement: dsden13, office: { party: 'commune' }, letterhead: communeOffice }));
    expect(missing).toEqual([]);
    expect(flat).toContain(
      "joindre le délégué à la protection des données : dpd@ac-aix-marseille.fr (délégué à la protection des données de l'académie, point de contact désigné par la convention).",
    );
    expect(flat).not.toContain('dpd@aubagne.fr.');
    expect(flat).toContain("L'ENT est mis en œuvre par la commune d'Aubagne et la DSDEN des Bouches-du-Rhône (académie d’Aix-Marseille)");
    expect(flat).toContain("Votre demande sera traitée par la commune d'Aubagne.");
    clean(text);
    // An académie contact set in the agreement is used as is.
    const named = { ...dsden13, dpdContacts: { ...dsden13.dpdContacts, academie: { name: 'Jeanne Roy', email: 'dpd@ac-aix-marseille.fr', phone: '04 42 00 00 00' } } };
    expect(write('acknowledgement', context({}, { agreement: named, office: { party: 'commune' } })).flat).toContain(
      'joindre le délégué à la protection des données : Jeanne Roy – dpd@ac-aix-marseille.fr – 04 42 00 00 00 (délégué',
    );
  });

  it('where to read the joint arrangement is set per agreement: missing, the letter offers it on request and the view warns', () => {
    const ctx = context({}, { agreement: { ...versailles, jointArrangement: '' } });
    const { flat, missing } = write('acknowledgement', ctx);
    expect(missing).toEqual([]);
    expect(flat).toContain("L'essentiel de l'accord qui les lie (article 26, paragraphe 2) vous sera communiqué sur simple demande auprès du délégué à la protection des données.");
    expect(letterDataGaps(ctx, 'acknowledgement')).toEqual([
      "La convention n'indique pas où lire l'essentiel de l'accord entre responsables conjoints (art. 26(2)) : le courrier propose de le communiquer sur demande ; renseignez un lien ou une adresse dans la convention.",
    ]);
    expect(letterDataGaps(context(), 'acknowledgement')).toEqual([]);
  });

  it('agrees with the requester: Madame, la représentante légale; unknown: both', () => {
    const mother = write('acknowledgement', context({ requester: { ...letterRequest().requester, name: 'Claire Martin', gender: 'f' } }));
    expect(mother.text).toContain('\n\nMadame,\n\n');
    expect(mother.flat).toContain('dont vous êtes la représentante légale.');
    expect(mother.flat).toContain("Nous vous prions d'agréer, Madame, l'expression");
    const unknown = write('acknowledgement', context({ requester: { ...letterRequest().requester, gender: null } }));
    expect(unknown.text).toContain('\n\nMadame, Monsieur,\n\n');
    expect(unknown.flat).toContain('dont vous êtes le représentant légal ou la représentante légale.');
    const notGuardian = write('acknowledgement', context({ subject: { ...letterRequest().subject!, requesterIsGuardian: null } }));
    expect(notGuardian.flat).toContain('Votre demande concerne Inès Haddad, élève mineure.');
  });
});

describe('identity documents (art. 12(6), decree 2019-536)', () => {
  it('states the doubt, what is needed and why, the suspension since the request, the consequence, the destruction; no internal note', () => {
    const { text, flat, missing } = write('information-request', context({ deadlines: SUSPENDED, identityRequest: identityRequest() }));
    expect(missing).toEqual([]);
    expect(flat).toContain(
      "nous avons un doute raisonnable sur votre identité ou sur votre qualité pour agir (article 12, paragraphe 6, du RGPD) : le nom indiqué ne correspond à aucun responsable légal connu de l'école.",
    );
    expect(text).toContain(
      "Pour lever ce doute, et seulement pour cela, nous avons besoin des éléments suivants :\n\n- Copie d'une pièce d'identité du demandeur\n- Justificatif de l'autorité parentale (livret de famille ou décision de justice)",
    );
    expect(flat).toContain('le délai de réponse est suspendu depuis le 16/04/2026 jusqu\'à la réception de ces éléments');
    expect(flat).toContain('décret n° 2019-536 du 29 mai 2019');
    expect(flat).toContain('Si ces éléments ne nous parviennent pas, nous ne serons pas en mesure de donner suite à votre demande');
    expect(flat).toContain('seront détruites dès qu\'elle aura été faite.');
    expect(flat).not.toMatch(/uniquement en cas de doute|\(note|usage interne/);
    expect(text).toMatch(/Anne Dupuis\nDélégué à la protection des données\nAcadémie de Versailles$/);
    clean(text);
  });

  it('never more than needed: no ID from a person writing from their ENT account, no livret de famille when the school names the guardian', () => {
    const { text } = write(
      'information-request',
      context({
        deadlines: SUSPENDED,
        identityRequest: identityRequest({ whatAsked: [...identityRequest()!.whatAsked, "Nom de l'école et classe de l'élève"] }),
        requester: { ...letterRequest().requester, viaEntAccount: true },
        subject: { ...letterRequest().subject!, guardianOnSchoolRecords: true },
      }),
    );
    expect(text).toContain("nous avons besoin des éléments suivants :\n\n- Nom de l'école et classe de l'élève\n\n");
    expect(text).not.toMatch(/pièce d'identité du demandeur|livret de famille/);
  });

  it('without the doubt, or without an identity request recorded, the letter shows markers and claims no suspension', () => {
    const noDoubt = write('information-request', context({ deadlines: SUSPENDED, identityRequest: identityRequest({ doubt: null }) }));
    expect(noDoubt.missing).toEqual([
      "[à compléter : le doute raisonnable sur l'identité du demandeur, tel qu'enregistré avec la demande de pièces (art. 12(6))]",
    ]);
    const notRecorded = write('information-request', context({ identityDocuments: { missing: ["Copie d'une pièce d'identité"], received: [] } }));
    expect(notRecorded.flat).not.toContain('est suspendu');
    expect(notRecorded.missing).toHaveLength(2);
    expect(notRecorded.missing[1]).toContain("aucune demande de pièces d'identité n'est enregistrée avant l'échéance");
    expect(notRecorded.text).toContain("- Copie d'une pièce d'identité");
  });
});

describe('clarification (recital 63)', () => {
  it('what is unclear, and that the deadline is not suspended', () => {
    const { text, flat, missing } = write('clarification', context({ clarificationRequest: { whatAsked: ['Les années scolaires concernées (note : voir le dossier papier)', 'Le ou les services de l’ENT visés'], sentOn: '2026-04-18' } }));
    expect(missing).toEqual([]);
    expect(text).toContain('(considérant 63 du RGPD) :\n\n- Les années scolaires concernées\n- Le ou les services de l’ENT visés');
    expect(flat).toContain('Cette demande de précisions ne suspend pas le délai de réponse : nous vous répondrons au plus tard le 15/05/2026');
    expect(flat).not.toMatch(/est suspendu|décret n° 2019-536|note : voir/);
    expect(text).toMatch(/Anne Dupuis\nDélégué à la protection des données\nAcadémie de Versailles$/);
    clean(text);
  });

  it('nothing recorded to clarify: a marker', () => {
    expect(write('clarification', context()).missing).toEqual(['[à compléter : ce qui est à préciser]']);
  });
});

describe('extension notice (art. 12(3))', () => {
  const extension = { reasons: 'Données réparties entre trois traitements', notifiedOn: '2026-04-20', late: false };

  it('on time: the reasons, the new date, the date it replaces; signed by the signatory', () => {
    const { doc, text, flat, missing } = write('extension-notice', context({ extension }));
    expect(missing).toEqual([]);
    expect(doc.subject).toBe('Votre demande (réf. FAR-2026-0007) : prolongation du délai de réponse');
    expect(flat).toContain(
      "Votre demande reçue le 14/04/2026 (référence FAR-2026-0007), concernant Inès Haddad (élève mineure), porte sur le droit d'accès",
    );
    expect(flat).toContain("Comme le permet l'article 12, paragraphe 3, du RGPD, le délai de réponse est prolongé de deux mois, compte tenu de la complexité et du nombre des demandes, pour les motifs suivants : Données réparties entre trois traitements.");
    expect(flat).toContain('Une réponse vous sera apportée au plus tard le 15/07/2026, au lieu du 15/05/2026.');
    expect(text).toMatch(/Pour le recteur et par délégation, la secrétaire générale\nMarie Durand\nAcadémie de Versailles$/);
    expect(extensionNoticeStatus(letterRequest({ extension }), '2026-04-20')).toEqual({ noticeDue: '2026-05-15', late: false, warning: null });
    clean(text);
  });

  it('dated after the notice-due date: flagged, and the letter claims no extension', () => {
    const status = extensionNoticeStatus(letterRequest({ extension: null }), '2026-05-18');
    expect(status.late).toBe(true);
    expect(status.warning).toContain('après la date limite de notification de la prolongation (15/05/2026) : la prolongation ne prendrait pas effet');
    const { doc, flat, missing } = write('extension-notice', context({ extension: { ...extension, notifiedOn: null } }, { date: '2026-05-18' }));
    expect(missing).toEqual([]);
    expect(doc.subject).toBe('Votre demande (réf. FAR-2026-0007) : délai de réponse');
    expect(flat).not.toMatch(/prolongé|prolongation|au lieu du|15\/07\/2026/);
    expect(flat).toContain("Le délai d'un mois dont nous disposions pour vous répondre expirait le 15/05/2026 (article 12, paragraphe 3, du RGPD).");
    expect(flat).toContain('Vous pouvez introduire une réclamation auprès de la Commission nationale');
  });

  it('dated late, but the extension is recorded as notified on time: the letter confirms it in writing, with a warning', () => {
    const status = extensionNoticeStatus(letterRequest({ extension }), '2026-05-18');
    expect(status.late).toBe(false);
    expect(status.warning).toContain('il ne vaut que comme confirmation écrite de la notification enregistrée le 20/04/2026');
    expect(write('extension-notice', context({ extension }, { date: '2026-05-18' })).flat).toContain('le délai de réponse est prolongé de deux mois');
  });

  it('recorded as late (notified after the first month): the letter claims no extension, whatever its date', () => {
    const late = { ...extension, notifiedOn: '2026-05-20', late: true };
    expect(extensionNoticeStatus(letterRequest({ extension: late }), '2026-05-10').warning).toContain('enregistrée comme notifiée après le 15/05/2026');
    const { flat } = write('extension-notice', context({ extension: late }, { date: '2026-05-10' }));
    expect(flat).not.toMatch(/est prolongé|15\/07\/2026/);
  });

  it('no extension recorded: the reasons are a marker', () => {
    expect(write('extension-notice', context()).missing).toEqual(['[à compléter : motifs de la prolongation]']);
  });
});

describe('refusal and inadmissibility (art. 12(4), 12(5); CJA R421-1, R421-5)', () => {
  it('a refused erasure: the right, the reasons, the art. 17(3) point, the CNIL and the two-month judicial remedy; "au droit", never "à le"', () => {
    const { text, flat, missing } = write(
      'refusal',
      context({ subject: null, rights: [right('access', { outcome: 'done' }), right('erasure', { outcome: 'refused', refusalReason: 'les données sont nécessaires à la mission de service public', erasureException: 'b' })] }),
    );
    expect(missing).toEqual([]);
    expect(flat).toContain("Nous ne pouvons pas donner suite au droit à l'effacement (article 17 du RGPD), pour les motifs suivants : les données sont nécessaires à la mission de service public.");
    expect(flat).toContain("S'agissant de l'effacement, le traitement de ces données reste nécessaire pour respecter une obligation légale");
    expect(flat).toContain("Conformément à l'article 12, paragraphe 4, du RGPD, vous pouvez introduire une réclamation auprès de la Commission nationale de l'informatique et des libertés (CNIL, 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07, www.cnil.fr)");
    expect(flat).toContain('former un recours juridictionnel (article 79 du RGPD) devant le tribunal administratif compétent, dans un délai de deux mois à compter de la notification de la présente décision (articles R. 421-1 et R. 421-5 du code de justice administrative).');
    expect(flat).not.toMatch(/effacées|concernant/);
    expect(text).toMatch(/Pour le recteur et par délégation, la secrétaire générale\nMarie Durand\nAcadémie de Versailles$/);
    clean(text);
  });

  it('refused and partly done rights together: each group with its reasons', () => {
    const { flat, missing } = write(
      'refusal',
      context({
        rights: [
          right('objection', { outcome: 'refused', refusalReason: 'la sécurité des comptes' }),
          right('access', { outcome: 'refused', refusalReason: 'les droits des autres élèves;' }),
          right('rectification', { outcome: 'partly', refusalReason: "la classe inscrite est exacte" }),
        ],
      }),
    );
    expect(missing).toEqual([]);
    expect(flat).toContain(
      "Nous ne pouvons pas donner suite au droit d'accès (article 15 du RGPD) et au droit d'opposition (article 21 du RGPD), pour les motifs suivants : pour le droit d'accès : les droits des autres élèves ; pour le droit d'opposition : la sécurité des comptes.",
    );
    expect(flat).toContain("Nous ne pouvons donner suite qu'en partie au droit de rectification (article 16 du RGPD), pour les motifs suivants : la classe inscrite est exacte.");
  });

  it('inadmissible: the reasons, then the same remedies', () => {
    const { flat, missing, text } = write('refusal', context({ inadmissibleReason: "la demande ne porte sur aucune donnée traitée dans l'ENT" }));
    expect(missing).toEqual([]);
    expect(flat).toContain("Nous ne pouvons pas donner suite à votre demande, qui est irrecevable pour les motifs suivants : la demande ne porte sur aucune donnée traitée dans l'ENT.");
    expect(flat).toContain('dans un délai de deux mois à compter de la notification de la présente décision');
    clean(text);
  });

  it('inadmissible without reasons, or nothing refused: markers, never "votre demande" refused by default', () => {
    expect(write('refusal', context({ inadmissibleReason: '' })).missing).toEqual([
      "[à compléter : motifs de l'irrecevabilité (enregistrés avec le changement de statut)]",
    ]);
    const nothing = write('refusal', context({ rights: [right('access', { outcome: 'done' })] }));
    expect(nothing.missing).toEqual(["[à compléter : aucun droit n'est enregistré comme refusé ou fait en partie, et la demande n'est pas déclarée irrecevable]"]);
    expect(nothing.flat).not.toContain('Nous ne pouvons pas donner suite');
  });
});

describe('handover (art. 26(3))', () => {
  it('the other party, the date and reason, who answers and by when, its DPD; "relève du rectorat"', () => {
    const ctx = context({ handover: { on: '2026-04-18', reason: "demande d'un agent communal (annexe 1, § 3.2.2)" } });
    const { flat, missing, text } = write('handover', ctx);
    expect(missing).toEqual([]);
    expect(flat).toContain('relève de la commune de Fontenay-aux-Roses, responsable conjoint du traitement de l\'ENT avec l\'académie de Versailles');
    expect(flat).toContain("le 18/04/2026, pour le motif suivant : demande d'un agent communal (annexe 1, § 3.2.2)");
    expect(flat).toContain('C\'est la commune de Fontenay-aux-Roses qui vous répondra, au plus tard le 15/05/2026.');
    expect(flat).toContain('Paul Roux – dpd@fontenay.fr');
    expect(text).toMatch(/Anne Dupuis\nDélégué à la protection des données\nAcadémie de Versailles$/);
    const rectorat = write('handover', { ...ctx, office: { party: 'commune' }, agreement: { ...versailles, academieName: 'Rectorat de Lyon' } });
    expect(rectorat.flat).toContain('relève du rectorat de Lyon');
    expect(rectorat.flat).not.toContain('de le rectorat');
  });
});

describe('who signs', () => {
  it('decisions by the signatory (name and title), the others by the DPD', () => {
    expect([...DECIDING_KINDS]).toEqual(['extension-notice', 'answer-cover', 'refusal']);
    for (const kind of LETTER_KINDS) {
      const { doc } = write(kind, context());
      const lines = signatureLines(doc);
      if (DECIDING_KINDS.includes(kind)) expect(lines, kind).toEqual(['Pour le recteur et par délégation, la secrétaire générale', 'Marie Durand', 'Académie de Versailles']);
      else expect(lines, kind).toEqual(['Anne Dupuis', 'Délégué à la protection des données', 'Académie de Versailles']);
    }
  });

  it('no signatory set: the decision carries markers and cannot be saved as is', () => {
    const { signatoryTitle: _title, ...withoutTitle } = letterhead;
    const noSignatory = { ...withoutTitle, signatoryName: '' };
    const { doc } = write('refusal', context({ inadmissibleReason: 'motif' }, { letterhead: noSignatory }));
    expect(letterMissing(doc)).toEqual([
      '[à compléter : qualité du signataire des décisions (ex. « Pour le recteur et par délégation, la secrétaire générale »)]',
      "[à compléter : nom de l'autorité ou de son délégataire, qui signe les décisions (prolongation, réponse, refus)]",
    ]);
    expect(letterHtml(doc)).toContain('<span class="line">[à compléter : qualité du signataire');
    expect(letterDataGaps(context({ inadmissibleReason: 'motif' }, { letterhead: noSignatory }), 'refusal')[0]).toContain("Le signataire des décisions");
    // An acknowledgement needs no signatory.
    expect(letterMissing(write('acknowledgement', context({}, { letterhead: noSignatory })).doc)).toEqual([]);
  });

  it('a letter saved before signatories existed is printed again as it was: signed by the DPD', () => {
    const { doc } = write('refusal', context({ inadmissibleReason: 'motif' }));
    const { signature: _signature, ...old } = doc;
    expect(signatureLines(old)).toEqual(['Anne Dupuis', 'Délégué à la protection des données', 'Académie de Versailles']);
    expect(letterHtml(old)).toContain('<div class="signature">\n<span class="line name">Anne Dupuis</span>');
  });

  it('the HTML prints the signatory name in bold under the title', () => {
    const { doc } = write('answer-cover', context({ rights: [right('access', { outcome: 'no-data' })] }));
    expect(letterHtml(doc)).toContain(
      '<div class="signature">\n<span class="line">Pour le recteur et par délégation, la secrétaire générale</span>\n<span class="line name">Marie Durand</span>\n<span class="line">Académie de Versailles</span>\n</div>',
    );
  });
});
