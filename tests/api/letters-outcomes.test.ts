// What the recipient reads: each letter saved as PDF through the service (Chromium in browser
// mode, read back with PDF.js), for the situations of ../shared/domain.md, "What each letter must
// say": the answer for every right and outcome (and mixes), the refusal and the inadmissible
// request, the acknowledgement (with and without an identity request, allocation to confirm,
// DSDEN 13), the identity-documents and clarification requests, the extension notice on time and
// late. Decisions are signed by the letterhead's signatory, the others by the DPD; no letter
// contracts French wrongly ("à le", "de le").
//
// LETTERS_PDF_DIR=<folder> keeps every PDF made here, to look at them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CallOutput, NewRequest } from '../../core/api/contract';
import { portabilityWarning } from '../../core/documents/letter-request';
import type { LetterKind } from '../../core/documents/letters';
import { frenchJunctionErrors } from '../../core/documents/text';
import { OUTCOMES, RIGHTS, type Outcome, type Right } from '../../core/domain';
import { parentRequest, pdfText, usePdfHosts } from '../helpers/documents';
import type { TestHost } from '../helpers/host';
import { useTempDir } from '../helpers/tmp';

const tmp = useTempDir();
const pdfHost = usePdfHosts();
const DUMP = process.env.LETTERS_PDF_DIR;

const TODAY = '2026-11-25';
const OFFICE = 'Académie de Versailles – Délégation à la protection des données';
const LETTERHEAD = {
  officeName: OFFICE,
  address: '3 boulevard de Lesseps\n78000 Versailles',
  city: 'Versailles',
  dpdName: 'Anne Dupuis',
  dpdEmail: 'dpd@ac-versailles.fr',
  dpdPhone: '01 30 83 44 44',
  signatoryName: 'Marie Durand',
  signatoryTitle: 'Pour le recteur et par délégation, la secrétaire générale',
};
const SIGNED_BY_SIGNATORY = `${LETTERHEAD.signatoryTitle} ${LETTERHEAD.signatoryName} ${OFFICE}`;
const SIGNED_BY_DPD = `${LETTERHEAD.dpdName} Délégué à la protection des données ${OFFICE}`;
const JOINT_ARRANGEMENT = 'https://ent.example.fr/accord-responsables-conjoints';
const PROCESSING = {
  purposes: "mise à disposition d'un espace numérique de travail aux élèves, aux familles et aux équipes des écoles",
  categories: "identité, identifiants de connexion, classe, contenus déposés dans l'ENT",
  recipients: "les équipes pédagogiques de l'école, l'éditeur de l'ENT en qualité de sous-traitant",
  thirdCountryTransfers: 'aucun',
  retention: "la durée de la scolarité dans l'école, puis trois mois",
  source: "l'annuaire fédérateur de l'académie (fichiers AAF) et les utilisateurs de l'ENT",
};
const REASON = 'les données sont nécessaires au suivi de la scolarité';
const REMEDIES = 'former un recours juridictionnel (article 79 du RGPD) devant le tribunal administratif compétent, dans un délai de deux mois';
const CNIL_ONLY = 'si vous estimez, après nous avoir contactés, que vos droits ne sont pas respectés';

/** The printed text as one line: a line ending with a hyphen ("sous-" / "traitant") joins the next. */
const squash = (s: string) => s.replace(/-\n/g, '-').replace(/\s+/g, ' ').trim();
type Draft = CallOutput<'letters.draft'>;

/** Drafts the letter, saves it as PDF through the service, and returns what the recipient reads. */
async function letter(host: TestHost, requestId: string, kind: LetterKind, name: string, date?: string): Promise<{ draft: Draft; text: string }> {
  const draft = await host.ok('letters.draft', { requestId, kind });
  const saved = await host.ok('letters.save', { requestId, kind, subject: draft.subject, body: draft.body, date: date ?? draft.date, format: 'pdf' });
  if (DUMP) {
    mkdirSync(DUMP, { recursive: true });
    writeFileSync(join(DUMP, `${name}.pdf`), Buffer.from(saved.file.base64, 'base64'));
  }
  const printed = await pdfText(saved.file.base64);
  const text = squash(printed);
  // The salutation and the signature are printed together on the last page.
  const lastPage = squash(printed.split('\f').at(-1)!);
  expect(lastPage, name).toContain("l'expression de nos salutations distinguées.");
  expect(lastPage, name).toContain(draft.signature.join(' '));
  // French as French writes it, everywhere in the letter.
  expect(frenchJunctionErrors(text), name).toEqual([]);
  // No word said twice in a row on a line (« suspendu Suspendu »); « nous nous », « vous vous »
  // are French, and a line may end with the word the next begins with (« 13400 Aubagne » / « Aubagne, le … »).
  const doubled = printed.split('\n').flatMap((line) => [...line.matchAll(/(?<!\p{L})(\p{L}{2,}) \1(?!\p{L})/giu)].map((m) => m[0]));
  expect(doubled.filter((w) => !/^(nous|vous) /i.test(w)), name).toEqual([]);
  expect(text, name).not.toContain('[à compléter');
  return { draft, text };
}

/** The signature closes the letter, after the salutation. */
function expectSignedBy(text: string, signature: string, name: string) {
  expect(text, name).toContain(signature);
  expect(text.lastIndexOf(signature), name).toBeGreaterThan(text.indexOf('salutations distinguées'));
  const other = signature === SIGNED_BY_DPD ? SIGNED_BY_SIGNATORY : SIGNED_BY_DPD;
  expect(text, name).not.toContain(other);
}

async function versaillesHost(today = TODAY): Promise<{ host: TestHost; agreementId: string }> {
  const host = pdfHost(tmp(), today);
  await host.ok('office.set', { party: 'academie' });
  const { agreement } = await host.ok('agreements.createFromPreset', { preset: 'versailles-fontenay' });
  await host.ok('agreements.update', { id: agreement.id, patch: { jointArrangement: JOINT_ARRANGEMENT, processing: PROCESSING } });
  await host.ok('letterhead.set', LETTERHEAD);
  return { host, agreementId: agreement.id };
}

const answer = (id: string, right: Right, outcome: Outcome, exception: 'b' | 'e' = 'b') => ({
  id,
  right,
  outcome,
  refusalReason: outcome === 'refused' || outcome === 'partly' ? REASON : null,
  erasureException: right === 'erasure' && (outcome === 'refused' || outcome === 'partly') ? exception : null,
  answeredOn: '2026-11-24',
});

/** What the paragraph of each right says for each outcome, and what it must never say. */
const EXPECTED: Record<Right, Record<Outcome, { says: string[]; never: string[] }>> = {
  access: {
    done: {
      says: [
        "Droit d'accès (article 15 du RGPD) : nous vous confirmons que des données concernant Léo Martin sont traitées dans l'ENT. Vous en trouverez une copie ci-jointe.",
        `finalités du traitement : ${PROCESSING.purposes}`,
        `destinataires : ${PROCESSING.recipients}`,
        'transferts vers un pays tiers ou une organisation internationale : aucun',
        `durée de conservation : ${PROCESSING.retention}`,
        `source des données : ${PROCESSING.source}`,
        'prise de décision automatisée, y compris le profilage (article 22 du RGPD) : aucune.',
      ],
      never: ['ne peuvent pas vous être communiquées'],
    },
    partly: {
      says: [
        "Vous trouverez ci-joint une copie d'une partie de ces données.",
        `Les autres ne peuvent pas vous être communiquées, pour les motifs suivants : ${REASON}.`,
        `finalités du traitement : ${PROCESSING.purposes}`,
      ],
      never: ['copie ci-jointe'],
    },
    refused: {
      says: [`Droit d'accès (article 15 du RGPD) : nous ne pouvons pas donner suite à votre demande d'accès, pour les motifs suivants : ${REASON}.`],
      never: ['ci-joint', 'finalités du traitement'],
    },
    'no-data': {
      says: ["après vérification, aucune donnée concernant Léo Martin n'est traitée dans l'ENT ; nous n'avons donc aucune donnée à vous communiquer."],
      never: ['ci-joint', 'copie', 'finalités du traitement'],
    },
  },
  rectification: {
    done: { says: ["les données inexactes ont été rectifiées, et les données incomplètes complétées, comme vous l'avez demandé.", '(article 19 du RGPD)'], never: [] },
    partly: {
      says: ['une partie des rectifications demandées a été faite.', `Les autres n'ont pas été faites, pour les motifs suivants : ${REASON}.`, '(article 19 du RGPD)'],
      never: [],
    },
    refused: { says: [`nous ne pouvons pas donner suite à votre demande de rectification, pour les motifs suivants : ${REASON}.`], never: ['ont été rectifiées'] },
    'no-data': { says: ["il n'y a donc rien à rectifier."], never: ['rectifiées', 'ci-joint'] },
  },
  erasure: {
    done: { says: ['Droit à l\'effacement (article 17 du RGPD) : les données concernées ont été effacées.', '(article 19 du RGPD)'], never: ['article 17, paragraphe 3'] },
    partly: {
      says: [
        'une partie des données concernées a été effacée.',
        "Les autres sont conservées, car leur traitement reste nécessaire pour respecter une obligation légale qui requiert le traitement prévue par le droit de l'Union",
        '(article 17, paragraphe 3, point b), du RGPD).',
        `Motifs : ${REASON}.`,
      ],
      never: ['ont été effacées'],
    },
    refused: {
      says: [
        "nous ne pouvons pas procéder à l'effacement demandé, car le traitement de ces données reste nécessaire pour respecter une obligation légale",
        '(article 17, paragraphe 3, point b), du RGPD).',
        `Motifs : ${REASON}.`,
      ],
      never: ['effacées', 'a été effacée'],
    },
    'no-data': { says: ["il n'y a donc rien à effacer."], never: ['effacées', 'ci-joint'] },
  },
  restriction: {
    done: { says: ['le traitement des données concernées est limité', '(article 18, paragraphe 3)'], never: [] },
    partly: {
      says: ["le traitement d'une partie des données concernées est limité", `la limitation n'a pas été mise en œuvre, pour les motifs suivants : ${REASON}.`],
      never: [],
    },
    refused: { says: [`nous ne pouvons pas donner suite à votre demande de limitation, pour les motifs suivants : ${REASON}.`], never: ['est limité'] },
    'no-data': { says: ["il n'y a donc pas de traitement à limiter."], never: ['est limité', 'ci-joint'] },
  },
  portability: {
    done: {
      says: ['(article 20, paragraphe 3, du RGPD)', 'Nous vous remettons néanmoins ci-joint les données que vous nous avez fournies, dans un format structuré'],
      never: [],
    },
    partly: {
      says: ['(article 20, paragraphe 3, du RGPD)', 'ci-joint une partie des données que vous nous avez fournies', `Pour les autres : ${REASON}.`],
      never: [],
    },
    refused: {
      says: ['(article 20, paragraphe 3, du RGPD)', 'Nous ne pouvons donc pas y donner suite.', "au titre du droit d'accès (article 15 du RGPD)"],
      never: ['ci-joint'],
    },
    'no-data': { says: ['(article 20, paragraphe 3, du RGPD)', "Au demeurant, aucune donnée concernant Léo Martin n'est traitée dans l'ENT."], never: ['ci-joint'] },
  },
  objection: {
    done: {
      says: ['il a été mis fin au traitement des données concernant Léo Martin.', "Droit d'opposition (article 21 du RGPD) : le traitement repose sur l'exécution d'une mission d'intérêt public"],
      never: ['motifs légitimes et impérieux'],
    },
    partly: { says: ['il a été mis fin à une partie du traitement des données concernant Léo Martin.', `motifs légitimes et impérieux`, `${REASON}.`], never: [] },
    refused: {
      says: ['Nous ne pouvons pas mettre fin à ce traitement : il existe des motifs légitimes et impérieux pour le traitement', `(article 21, paragraphe 1) : ${REASON}.`],
      never: ['il a été mis fin'],
    },
    'no-data': { says: ['votre opposition est donc sans objet.'], never: ['il a été mis fin', 'ci-joint'] },
  },
};

describe('answer letter: one paragraph per right, chosen by its recorded outcome', () => {
  let host: TestHost;
  let agreementId: string;
  beforeAll(async () => {
    ({ host, agreementId } = await versaillesHost());
  }, 60_000);

  for (const right of RIGHTS) {
    it(`${right}: done, partly, refused, no data`, async () => {
      for (const outcome of OUTCOMES) {
        const name = `reponse-${right}-${outcome}`;
        const request = await host.ok('requests.create', parentRequest(agreementId, { rights: [right] }));
        await host.ok('requests.answerRight', answer(request.id, right, outcome));
        const { draft, text } = await letter(host, request.id, 'answer-cover', name);
        expect(draft.missing, name).toEqual([]);
        expect(draft.warnings, name).toEqual(right === 'portability' ? [portabilityWarning([right])] : []);
        expect(text, name).toContain(`Madame, Par votre demande reçue le 20/11/2026 (référence ${request.reference}), concernant Léo Martin (élève mineur)`);
        for (const phrase of EXPECTED[right][outcome].says) expect(text, name).toContain(phrase);
        for (const phrase of EXPECTED[right][outcome].never) expect(text, name).not.toContain(phrase);
        // No other outcome's paragraph of this right.
        for (const o of OUTCOMES.filter((x) => x !== outcome)) {
          const own = EXPECTED[right][o].says.find((p) => !EXPECTED[right][outcome].says.some((q) => q.includes(p) || p.includes(q)) && !/^\(article/.test(p));
          if (own) expect(text, `${name} (pas la suite « ${o} »)`).not.toContain(own);
        }
        // Refused in whole or in part: reasons and remedies (art. 12(4), CJA R421-1 and R421-5).
        if (outcome === 'refused' || outcome === 'partly') {
          expect(text, name).toContain(REMEDIES);
          expect(text, name).toContain('articles R. 421-1 et R. 421-5 du code de justice administrative');
        } else {
          expect(text, name).toContain(CNIL_ONLY);
          expect(text, name).not.toContain('recours juridictionnel');
        }
        expectSignedBy(text, SIGNED_BY_SIGNATORY, name);
      }
    });
  }

  it('mixes: each right its own paragraph, in the order of the articles, with remedies as soon as one is refused', async () => {
    const mixed = await host.ok('requests.create', parentRequest(agreementId, { rights: ['objection', 'erasure', 'access'] }));
    await host.ok('requests.answerRight', answer(mixed.id, 'access', 'done'));
    await host.ok('requests.answerRight', answer(mixed.id, 'erasure', 'refused', 'e'));
    await host.ok('requests.answerRight', answer(mixed.id, 'objection', 'no-data'));
    const { text } = await letter(host, mixed.id, 'answer-cover', 'reponse-melange-acces-effacement-refuse-opposition');
    const access = text.indexOf("Droit d'accès (article 15 du RGPD) : nous vous confirmons");
    const erasure = text.indexOf("Droit à l'effacement (article 17 du RGPD) : nous ne pouvons pas procéder");
    const objection = text.indexOf("Droit d'opposition (article 21 du RGPD) : aucune donnée");
    expect(access).toBeGreaterThan(-1);
    expect(erasure).toBeGreaterThan(access);
    expect(objection).toBeGreaterThan(erasure);
    expect(text).toContain("vous avez exercé le droit d'accès (article 15 du RGPD), le droit à l'effacement (article 17 du RGPD) et le droit d'opposition (article 21 du RGPD)");
    expect(text).toContain('reste nécessaire à la constatation, à l\'exercice ou à la défense de droits en justice (article 17, paragraphe 3, point e), du RGPD)');
    expect(text).not.toContain('effacées');
    expect(text).toContain(REMEDIES);
    expectSignedBy(text, SIGNED_BY_SIGNATORY, 'mélange');

    // Nothing held anywhere: no copy is announced, and nothing is refused.
    const none = await host.ok('requests.create', parentRequest(agreementId, { rights: ['access', 'rectification'] }));
    await host.ok('requests.answerRight', answer(none.id, 'access', 'no-data'));
    await host.ok('requests.answerRight', answer(none.id, 'rectification', 'no-data'));
    const empty = await letter(host, none.id, 'answer-cover', 'reponse-aucune-donnee');
    expect(empty.text).not.toContain('ci-joint');
    expect(empty.text).not.toContain('copie ci-jointe');
    expect(empty.text).not.toContain('recours juridictionnel');
    expect(empty.text).toContain(CNIL_ONLY);

    // Partly everywhere: each reason, the 17(3) point, the remedies.
    const partly = await host.ok('requests.create', parentRequest(agreementId, { rights: ['access', 'erasure', 'restriction'] }));
    await host.ok('requests.answerRight', answer(partly.id, 'access', 'partly'));
    await host.ok('requests.answerRight', answer(partly.id, 'erasure', 'partly'));
    await host.ok('requests.answerRight', answer(partly.id, 'restriction', 'done'));
    const some = await letter(host, partly.id, 'answer-cover', 'reponse-partielle');
    for (const phrase of [...EXPECTED.access.partly.says, ...EXPECTED.erasure.partly.says, ...EXPECTED.restriction.done.says, REMEDIES]) expect(some.text).toContain(phrase);

    // A right not answered yet: the draft says so, and the letter cannot be saved.
    const open = await host.ok('requests.create', parentRequest(agreementId, { rights: ['access', 'erasure'] }));
    await host.ok('requests.answerRight', answer(open.id, 'access', 'done'));
    const draft = await host.ok('letters.draft', { requestId: open.id, kind: 'answer-cover' });
    expect(draft.missing).toEqual(["[à compléter : la suite donnée n'est pas encore enregistrée pour le droit à l'effacement (article 17 du RGPD)]"]);
    const refused = await host.fail('letters.save', { requestId: open.id, kind: 'answer-cover', subject: draft.subject, body: draft.body, date: TODAY, format: 'pdf' });
    expect(refused.code).toBe('COURRIER_INCOMPLET');
  });
});

describe('refusal and inadmissibility (art. 12(4), 12(5))', () => {
  it('states the reasons per right, the 17(3) point, the CNIL and the court within two months, signed by the signatory', async () => {
    const { host, agreementId } = await versaillesHost();
    const request = await host.ok('requests.create', parentRequest(agreementId, { rights: ['access', 'erasure', 'rectification'] }));
    await host.ok('requests.answerRight', { ...answer(request.id, 'access', 'refused'), refusalReason: 'la demande porte sur les données d’un autre élève' });
    await host.ok('requests.answerRight', answer(request.id, 'erasure', 'refused', 'e'));
    await host.ok('requests.answerRight', answer(request.id, 'rectification', 'partly'));
    const { draft, text } = await letter(host, request.id, 'refusal', 'refus');
    expect(draft.warnings).toEqual([]);
    expect(text).toContain(
      "Nous ne pouvons pas donner suite au droit d'accès (article 15 du RGPD) et au droit à l'effacement (article 17 du RGPD), pour les motifs suivants : pour le droit d'accès : la demande porte sur les données d’un autre élève ; pour le droit à l'effacement : les données sont nécessaires au suivi de la scolarité.",
    );
    expect(text).toContain(`Nous ne pouvons donner suite qu'en partie au droit de rectification (article 16 du RGPD), pour les motifs suivants : ${REASON}.`);
    expect(text).toContain("S'agissant de l'effacement, le traitement de ces données reste nécessaire à la constatation, à l'exercice ou à la défense de droits en justice (article 17, paragraphe 3, point e), du RGPD).");
    expect(text).toContain("Conformément à l'article 12, paragraphe 4, du RGPD, vous pouvez introduire une réclamation auprès de la Commission nationale de l'informatique et des libertés");
    expect(text).toContain(REMEDIES);
    expect(text).toContain('(articles R. 421-1 et R. 421-5 du code de justice administrative)');
    expect(text).not.toContain('effacées');
    expectSignedBy(text, SIGNED_BY_SIGNATORY, 'refus');
    host.close();
  });

  it('an inadmissible request: the reasons recorded with the status, and the same remedies', async () => {
    const { host, agreementId } = await versaillesHost();
    const request = await host.ok('requests.create', parentRequest(agreementId));
    const reason = 'la demande est manifestement infondée : elle porte sur un élève qui n’a jamais été scolarisé dans les écoles de la commune';
    await host.ok('requests.changeStatus', { id: request.id, to: 'inadmissible', reason, on: '2026-11-24' });
    const { draft, text } = await letter(host, request.id, 'refusal', 'irrecevable');
    expect(draft.warnings).toEqual([]);
    expect(text).toContain(`Nous ne pouvons pas donner suite à votre demande, qui est irrecevable pour les motifs suivants : ${reason}.`);
    expect(text).toContain(REMEDIES);
    expect(text).not.toContain('Nous ne pouvons pas donner suite au droit');
    expectSignedBy(text, SIGNED_BY_SIGNATORY, 'irrecevable');
    host.close();
  });
});

describe('acknowledgement (art. 12(3), 26)', () => {
  it('without an identity request: the due date, who answers, the joint arrangement, no suspension; signed by the DPD', async () => {
    const { host, agreementId } = await versaillesHost();
    const request = await host.ok('requests.create', parentRequest(agreementId, { identityDocumentsMissing: [] }));
    const { draft, text } = await letter(host, request.id, 'acknowledgement', 'accuse-sans-pieces');
    expect(draft.warnings).toEqual([]);
    expect(text).toContain(`Nous avons bien reçu le 20/11/2026 votre demande relative aux données personnelles traitées dans l'espace numérique de travail (ENT) des écoles. Elle est enregistrée sous la référence ${request.reference}.`);
    expect(text).toContain('Votre demande concerne Léo Martin, élève mineur dont vous êtes la représentante légale.');
    expect(text).toContain("Le droit d'accès (article 15 du RGPD) Le droit à l'effacement (article 17 du RGPD)");
    expect(text).toContain('une réponse vous sera apportée au plus tard le 21/12/2026.');
    expect(text).toContain("Votre demande sera traitée par l'académie de Versailles.");
    expect(text).toContain(`L'essentiel de l'accord qui les lie est mis à votre disposition (article 26, paragraphe 2) : ${JOINT_ARRANGEMENT}.`);
    expect(text).toContain("vous pouvez exercer vos droits à l'égard de chacun des responsables conjoints");
    expect(text).toContain('Aucune pièce complémentaire ne vous est demandée.');
    expect(text).toContain('Anne Dupuis – dpd@ac-versailles.fr – 01 30 83 44 44');
    expect(text).not.toContain('suspendu');
    expect(text).not.toContain('à titre provisoire');
    expectSignedBy(text, SIGNED_BY_DPD, 'accusé');
    host.close();
  });

  it('with an identity request recorded: the deadline is suspended since that date, and the documents are listed', async () => {
    const { host, agreementId } = await versaillesHost();
    const request = await host.ok('requests.create', parentRequest(agreementId));
    await host.ok('requests.askInformation', {
      id: request.id,
      kind: 'identity',
      whatAsked: "Justificatif de l'autorité parentale (livret de famille)",
      doubt: "l'école ne connaît pas la demanderesse comme représentante légale de l'élève.",
      sentOn: '2026-11-23',
    });
    const { text } = await letter(host, request.id, 'acknowledgement', 'accuse-avec-pieces');
    expect(text).toContain('le délai d\'un mois pour vous répondre expirait le 21/12/2026. Il est suspendu depuis le 23/11/2026, date de notre demande de pièces justificatives, jusqu\'à leur réception (décret n° 2019-536 du 29 mai 2019)');
    expect(text).not.toContain('au plus tard le');
    expect(text).toContain("Pour traiter votre demande, merci de nous faire parvenir : Justificatif de l'autorité parentale (livret de famille)");
    expect(text).toContain('leurs copies seront détruites après cette vérification.');
    host.close();
  });

  it('allocation to confirm: names the proposed party, which answers meanwhile', async () => {
    const { host, agreementId } = await versaillesHost();
    // A parent (row 1: académie) writing to the commune (row 4: commune): the académie is proposed.
    const request = await host.ok('requests.create', parentRequest(agreementId, { channel: 'commune' }));
    expect(request.allocation).toMatchObject({ party: 'academie', status: 'to-settle' });
    const { text } = await letter(host, request.id, 'acknowledgement', 'accuse-repartition-a-confirmer');
    expect(text).toContain(
      "Votre demande sera traitée par l'académie de Versailles, à qui la convention la confie à titre provisoire : cette répartition doit encore être confirmée par les deux responsables conjoints, sans effet sur le délai de réponse.",
    );
    host.close();
  });

  it('DSDEN 13: the académie DPD (dpd@ac-aix-marseille.fr) is the contact, whichever office writes', async () => {
    const host = pdfHost(tmp(), TODAY);
    await host.ok('office.set', { party: 'commune', communeName: 'Aubagne' });
    const { agreement } = await host.ok('agreements.createFromPreset', { preset: 'dsden13', communeName: 'Aubagne' });
    await host.ok('agreements.update', { id: agreement.id, patch: { jointArrangement: 'https://www.aubagne.fr/ent/accord-responsables-conjoints' } });
    await host.ok('letterhead.set', {
      ...LETTERHEAD,
      officeName: "Commune d'Aubagne",
      address: 'Hôtel de ville\n13400 Aubagne',
      city: 'Aubagne',
      dpdName: 'Luc Martin',
      dpdEmail: 'dpd@aubagne.fr',
      dpdPhone: '',
      signatoryTitle: 'Pour le maire et par délégation, le directeur général des services',
      signatoryName: 'Paul Bernard',
    });
    const request = await host.ok('requests.create', {
      ...parentRequest(agreement.id, { channel: 'commune', identityDocumentsMissing: [] }),
      requesterContact: '8 avenue des Goums\n13400 Aubagne',
    } satisfies NewRequest);
    const { text } = await letter(host, request.id, 'acknowledgement', 'accuse-dsden13');
    expect(text).toContain('dpd@ac-aix-marseille.fr (délégué à la protection des données de l\'académie, point de contact désigné par la convention)');
    expect(text).toContain("L'ENT est mis en œuvre par la commune d'Aubagne et la DSDEN");
    expect(text).not.toContain('dpd@aubagne.fr.');
    host.close();
  });
});

describe('requests to the requester: identity documents (art. 12(6)) and clarification (recital 63)', () => {
  it('identity documents: the doubt, what is needed, the suspension, what happens without them, the copy destroyed; no internal note', async () => {
    const { host, agreementId } = await versaillesHost();
    const request = await host.ok('requests.create', parentRequest(agreementId));
    await host.ok('requests.askInformation', {
      id: request.id,
      kind: 'identity',
      whatAsked:
        "Copie d'une pièce d'identité du demandeur (uniquement en cas de doute raisonnable sur son identité)\nJustificatif de l'autorité parentale (livret de famille ou décision de justice)",
      doubt: "la demande est arrivée d'une adresse électronique que l'ENT ne connaît pas, et l'école ne connaît pas la demanderesse comme représentante légale.",
      sentOn: '2026-11-24',
    });
    const { draft, text } = await letter(host, request.id, 'information-request', 'pieces-justificatives');
    expect(draft.warnings).toEqual([]);
    expect(text).toContain(
      "nous avons un doute raisonnable sur votre identité ou sur votre qualité pour agir (article 12, paragraphe 6, du RGPD) : la demande est arrivée d'une adresse électronique que l'ENT ne connaît pas",
    );
    expect(text).toContain("nous avons besoin des éléments suivants : Copie d'une pièce d'identité du demandeur Justificatif de l'autorité parentale (livret de famille ou décision de justice)");
    expect(text).toContain('le délai de réponse est suspendu depuis le 24/11/2026 jusqu\'à la réception de ces éléments');
    expect(text).toContain('nous ne serons pas en mesure de donner suite à votre demande');
    expect(text).toContain('seront détruites dès qu\'elle aura été faite');
    expect(text).not.toMatch(/uniquement en cas de doute|\(note|usage interne/);
    expectSignedBy(text, SIGNED_BY_DPD, 'pièces');
    host.close();
  });

  it('clarification: what is unclear, and the deadline is not suspended', async () => {
    const { host, agreementId } = await versaillesHost();
    const request = await host.ok('requests.create', parentRequest(agreementId));
    const none = await host.ok('letters.draft', { requestId: request.id, kind: 'clarification' });
    expect(none.warnings.join(' ')).toContain("Aucune demande de précisions en cours n'est enregistrée");
    await host.ok('requests.askInformation', {
      id: request.id,
      kind: 'clarification',
      whatAsked: "L'année scolaire concernée\nLes contenus visés (messagerie, cahier de textes, blog de la classe)",
      sentOn: '2026-11-24',
    });
    expect((await host.ok('requests.get', { id: request.id })).deadline.dueOn).toBe('2026-12-21');
    const { draft, text } = await letter(host, request.id, 'clarification', 'precisions');
    expect(draft.warnings).toEqual([]);
    expect(text).toContain("nous vous remercions de bien vouloir nous préciser les points suivants (considérant 63 du RGPD) : L'année scolaire concernée Les contenus visés");
    expect(text).toContain('Cette demande de précisions ne suspend pas le délai de réponse : nous vous répondrons au plus tard le 21/12/2026');
    expect(text).not.toContain('est suspendu');
    expectSignedBy(text, SIGNED_BY_DPD, 'précisions');
    host.close();
  });
});

describe('extension notice (art. 12(3))', () => {
  it('on time: the reasons and the new date, signed by the signatory', async () => {
    const { host, agreementId } = await versaillesHost();
    const request = await host.ok('requests.create', parentRequest(agreementId));
    await host.ok('requests.extend', { id: request.id, reasons: 'les données sont réparties entre trois traitements et deux prestataires.', notifiedOn: TODAY });
    const { draft, text } = await letter(host, request.id, 'extension-notice', 'prolongation');
    expect(draft.warnings).toEqual([]);
    expect(text).toContain('le délai de réponse est prolongé de deux mois, compte tenu de la complexité et du nombre des demandes, pour les motifs suivants : les données sont réparties');
    expect(text).toContain('Une réponse vous sera apportée au plus tard le 22/02/2027, au lieu du 21/12/2026.');
    expectSignedBy(text, SIGNED_BY_SIGNATORY, 'prolongation');
    host.close();
  });

  it('late: the draft warns, and the letter claims no extension', async () => {
    const { host, agreementId } = await versaillesHost('2027-01-05');
    const request = await host.ok('requests.create', parentRequest(agreementId));
    const unrecorded = await host.ok('letters.draft', { requestId: request.id, kind: 'extension-notice' });
    expect(unrecorded.warnings).toContain(
      "Ce courrier est daté du 05/01/2027, après la date limite de notification de la prolongation (21/12/2026) : la prolongation ne prendrait pas effet (RGPD art. 12(3)). Le courrier n'annonce donc pas de prolongation.",
    );
    await host.ok('requests.extend', { id: request.id, reasons: 'les données sont réparties entre trois traitements.' });
    const { draft, text } = await letter(host, request.id, 'extension-notice', 'prolongation-tardive');
    expect(draft.subject).toBe(`Votre demande (réf. ${request.reference}) : délai de réponse`);
    expect(draft.warnings.join(' ')).toContain('La prolongation est enregistrée comme notifiée après le 21/12/2026 : elle ne prend pas effet (RGPD art. 12(3)).');
    expect(text).toContain("Le délai d'un mois dont nous disposions pour vous répondre expirait le 21/12/2026 (article 12, paragraphe 3, du RGPD).");
    expect(text).toContain('Nous vous prions de nous en excuser');
    expect(text).not.toContain('prolongé de deux mois');
    expect(text).not.toContain('22/02/2027');
    expectSignedBy(text, SIGNED_BY_SIGNATORY, 'prolongation tardive');
    host.close();
  });
});
