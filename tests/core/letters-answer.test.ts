// The answer letter (domain.md, "Answer"): one paragraph per right, chosen by its recorded
// outcome, read as the recipient reads it (plain text of the letter). Every right × every
// outcome, then mixes, then what is missing.
import { describe, expect, it } from 'vitest';
import {
  draftLetter,
  letterDataGaps,
  portabilityWarning,
  type LetterContext,
  type LetterKind,
  type LetterOutcome,
  type LetterRight,
} from '../../core/documents/letters';
import { frenchJunctionErrors } from '../../core/documents/text';
import type { Right } from '../../core/domain';
import {
  EXAMPLE_VERSAILLES,
  exampleContext,
  exampleRight,
} from '../helpers/letter-examples';

// Fixtures: core/documents/letter-examples.ts (a fictitious request, both agreements, a letterhead).
const context = exampleContext;
const right = exampleRight;
const versailles = EXAMPLE_VERSAILLES;
/** The letter of a kind, from the default template, as its recipient reads it. */
const write = (kind: LetterKind, ctx: LetterContext) => draftLetter(ctx, kind);

const REASON = 'motif enregistré pour ce droit.';

const HEADINGS: Record<Right, string> = {
  access: "Droit d'accès (article 15 du RGPD) :",
  rectification: 'Droit de rectification (article 16 du RGPD) :',
  erasure: "Droit à l'effacement (article 17 du RGPD) :",
  restriction: 'Droit à la limitation du traitement (article 18 du RGPD) :',
  portability: 'Droit à la portabilité (article 20 du RGPD) :',
  objection: "Droit d'opposition (article 21 du RGPD) :",
};

/** What the paragraph of each right says, and must not say, for each outcome. */
const EXPECTED: Record<Right, Record<LetterOutcome, { says: string[]; never: string[] }>> = {
  access: {
    done: {
      says: [
        'nous vous confirmons que des données concernant Inès Haddad sont traitées dans l\'ENT',
        'Vous en trouverez une copie ci-jointe.',
        "- finalités du traitement : mise à disposition d'un espace numérique de travail",
        '- catégories de données concernées : identité',
        "- destinataires : les équipes pédagogiques de l'école",
        '- transferts vers un pays tiers ou une organisation internationale : aucun',
        "- durée de conservation : la durée de la scolarité dans l'école, puis trois mois",
        "- source des données : l'annuaire fédérateur",
        '- prise de décision automatisée, y compris le profilage (article 22 du RGPD) : aucune.',
        "Vous pouvez demander la rectification ou l'effacement de ces données ou la limitation de leur traitement, et vous opposer à celui-ci",
        'réclamation auprès de la CNIL',
      ],
      never: ['ne peuvent pas vous être communiquées', 'forme électronique'],
    },
    partly: {
      says: ["Vous trouverez ci-joint une copie d'une partie de ces données.", `Les autres ne peuvent pas vous être communiquées, pour les motifs suivants : ${REASON}`, '- finalités du traitement :'],
      never: ['Vous en trouverez une copie ci-jointe'],
    },
    refused: {
      says: [`nous ne pouvons pas donner suite à votre demande d'accès, pour les motifs suivants : ${REASON}`],
      never: ['ci-joint', 'finalités du traitement', 'nous vous confirmons'],
    },
    'no-data': {
      says: ["après vérification, aucune donnée concernant Inès Haddad n'est traitée dans l'ENT ; nous n'avons donc aucune donnée à vous communiquer."],
      never: ['copie ci-jointe', 'ci-joint', 'finalités du traitement', 'nous vous confirmons'],
    },
  },
  rectification: {
    done: { says: ['les données inexactes ont été rectifiées', 'la liste de ces destinataires vous sera communiquée sur simple demande (article 19 du RGPD)'], never: ['pour les motifs suivants'] },
    partly: { says: ['une partie des rectifications demandées a été faite', '(article 19 du RGPD)', `Les autres n'ont pas été faites, pour les motifs suivants : ${REASON}`], never: ['les données inexactes ont été rectifiées'] },
    refused: { says: [`nous ne pouvons pas donner suite à votre demande de rectification, pour les motifs suivants : ${REASON}`], never: ['rectifiées', 'article 19'] },
    'no-data': { says: ["aucune donnée concernant Inès Haddad n'est traitée dans l'ENT ; il n'y a donc rien à rectifier."], never: ['rectifiées', 'article 19'] },
  },
  erasure: {
    done: { says: ['les données concernées ont été effacées.', '(article 19 du RGPD)'], never: ['article 17, paragraphe 3', 'nous ne pouvons pas'] },
    partly: {
      says: [
        'une partie des données concernées a été effacée.',
        '(article 19 du RGPD)',
        "Les autres sont conservées, car leur traitement reste nécessaire pour respecter une obligation légale qui requiert le traitement prévue par le droit de l'Union",
        '(article 17, paragraphe 3, point b), du RGPD).',
        `Motifs : ${REASON}`,
      ],
      never: ['ont été effacées'],
    },
    refused: {
      says: [
        "nous ne pouvons pas procéder à l'effacement demandé, car le traitement de ces données reste nécessaire pour respecter une obligation légale",
        '(article 17, paragraphe 3, point b), du RGPD).',
        `Motifs : ${REASON}`,
      ],
      // Never "effacées" for a refused erasure.
      never: ['effacées', 'effacée', 'article 19'],
    },
    'no-data': { says: ["aucune donnée concernant Inès Haddad n'est traitée dans l'ENT ; il n'y a donc rien à effacer."], never: ['effacées', 'effacée', 'article 17, paragraphe 3'] },
  },
  restriction: {
    done: {
      says: ['le traitement des données concernées est limité ; elles sont conservées sans être utilisées', 'nous vous informerons avant que cette limitation ne soit levée (article 18, paragraphe 3)', '(article 19 du RGPD)'],
      never: ['pour les motifs suivants'],
    },
    partly: { says: ["le traitement d'une partie des données concernées est limité", `la limitation n'a pas été mise en œuvre, pour les motifs suivants : ${REASON}`], never: [] },
    refused: { says: [`nous ne pouvons pas donner suite à votre demande de limitation, pour les motifs suivants : ${REASON}`], never: ['est limité', 'article 19'] },
    'no-data': { says: ["il n'y a donc pas de traitement à limiter."], never: ['est limité', 'article 19'] },
  },
  portability: {
    done: {
      says: [
        "ce droit ne s'applique pas au traitement nécessaire à l'exécution d'une mission d'intérêt public (article 20, paragraphe 3, du RGPD) ; or l'ENT est mis en œuvre sur ce fondement (article 6, paragraphe 1, point e))",
        'Nous vous remettons néanmoins ci-joint les données que vous nous avez fournies, dans un format structuré, couramment utilisé et lisible par machine.',
      ],
      never: [],
    },
    partly: { says: ['(article 20, paragraphe 3, du RGPD)', 'ci-joint une partie des données que vous nous avez fournies', `Pour les autres : ${REASON}`], never: [] },
    refused: {
      says: ['(article 20, paragraphe 3, du RGPD)', 'Nous ne pouvons donc pas y donner suite.', "obtenir une copie des données concernant Inès Haddad au titre du droit d'accès (article 15 du RGPD)"],
      never: ['ci-joint', 'vous remettons'],
    },
    'no-data': { says: ['(article 20, paragraphe 3, du RGPD)', "Au demeurant, aucune donnée concernant Inès Haddad n'est traitée dans l'ENT."], never: ['ci-joint', 'vous remettons'] },
  },
  objection: {
    done: {
      says: ["le traitement repose sur l'exécution d'une mission d'intérêt public (article 6, paragraphe 1, point e), du RGPD)", 'il a été mis fin au traitement des données concernant Inès Haddad.'],
      never: ['motifs légitimes et impérieux', 'ci-dessous'],
    },
    partly: {
      says: ["mission d'intérêt public", 'il a été mis fin à une partie du traitement', `il existe des motifs légitimes et impérieux pour le traitement, qui prévalent sur les intérêts, droits et libertés de la personne concernée (article 21, paragraphe 1) : ${REASON}`],
      never: ['ci-dessous'],
    },
    refused: {
      says: ["mission d'intérêt public", `Nous ne pouvons pas mettre fin à ce traitement : il existe des motifs légitimes et impérieux pour le traitement, qui prévalent sur les intérêts, droits et libertés de la personne concernée (article 21, paragraphe 1) : ${REASON}`],
      never: ['il a été mis fin', 'ci-dessous'],
    },
    'no-data': { says: ["votre opposition est donc sans objet."], never: ['il a été mis fin', 'motifs légitimes'] },
  },
};

const recorded = (r: Right, outcome: LetterOutcome): LetterRight =>
  right(r, {
    outcome,
    refusalReason: outcome === 'refused' || outcome === 'partly' ? REASON : null,
    erasureException: r === 'erasure' && (outcome === 'refused' || outcome === 'partly') ? 'b' : null,
    answeredOn: '2026-05-04',
  });

/** Phrases no answer letter may hold, whatever the outcomes. */
function expectCleanFrench(text: string) {
  expect(frenchJunctionErrors(text)).toEqual([]);
  expect(text).not.toMatch(/\bà le\b|\bde le\b|\bà les\b|\bde les\b/);
  expect(text).not.toContain('ci-dessous');
  expect(text).not.toContain('{{');
}

const RIGHTS: Right[] = ['access', 'rectification', 'erasure', 'restriction', 'portability', 'objection'];
const OUTCOMES: LetterOutcome[] = ['done', 'partly', 'refused', 'no-data'];

describe('answer letter: one paragraph per right, chosen by the recorded outcome', () => {
  for (const r of RIGHTS) {
    for (const outcome of OUTCOMES) {
      it(`${r} × ${outcome}`, () => {
        const letter = write('answer-cover', context({ rights: [recorded(r, outcome)] }));
        const { says, never } = EXPECTED[r][outcome];
        expect(letter.missing).toEqual([]);
        // One paragraph, under the right's heading.
        expect(letter.text.split(HEADINGS[r]).length - 1).toBe(1);
        for (const other of RIGHTS.filter((x) => x !== r)) expect(letter.text).not.toContain(HEADINGS[other]);
        for (const phrase of says) expect(letter.flat, phrase).toContain(phrase);
        for (const phrase of never) expect(letter.flat, `never: ${phrase}`).not.toContain(phrase);
        // Remedies (art. 12(4), CJA R421-1 / R421-5) exactly when something is refused in whole or in part.
        const refusal = outcome === 'refused' || outcome === 'partly';
        expect(letter.flat.includes('dans un délai de deux mois à compter de la notification de la présente décision'), 'remedies').toBe(refusal);
        expect(letter.flat.includes('articles R. 421-1 et R. 421-5 du code de justice administrative')).toBe(refusal);
        expect(letter.flat.includes("si vous estimez, après nous avoir contactés, que vos droits ne sont pas respectés")).toBe(!refusal);
        expectCleanFrench(letter.text);
        // A decision: signed by the authority's delegate; the DPD is the contact.
        expect(letter.text).toMatch(/Pour le recteur et par délégation, la secrétaire générale\nMarie Durand\nAcadémie de Versailles$/);
        expect(letter.flat).toContain('Pour toute question, vous pouvez joindre le délégué à la protection des données : Anne Dupuis – dpd@ac-versailles.fr.');
      });
    }
  }
});

describe('answer letter: mixes', () => {
  it('access done, erasure refused, objection stopped: three paragraphs in article order, remedies, and no "effacées"', () => {
    const letter = write(
      'answer-cover',
      context({ rights: [recorded('objection', 'done'), recorded('erasure', 'refused'), recorded('access', 'done')] }),
    );
    expect(letter.missing).toEqual([]);
    const at = (h: string) => letter.text.indexOf(h);
    expect(at(HEADINGS.access)).toBeGreaterThan(0);
    expect(at(HEADINGS.access)).toBeLessThan(at(HEADINGS.erasure));
    expect(at(HEADINGS.erasure)).toBeLessThan(at(HEADINGS.objection));
    expect(letter.flat).toContain("vous avez exercé le droit d'accès (article 15 du RGPD), le droit à l'effacement (article 17 du RGPD) et le droit d'opposition (article 21 du RGPD)");
    expect(letter.flat).not.toMatch(/effacées|a été effacée/);
    expect(letter.flat).toContain('il a été mis fin au traitement des données concernant Inès Haddad.');
    expect(letter.flat).toContain('devant le tribunal administratif compétent, dans un délai de deux mois');
    expectCleanFrench(letter.text);
  });

  it('no data held anywhere: no copy is announced, nothing is said to be erased, no remedies section', () => {
    const letter = write('answer-cover', context({ rights: [recorded('access', 'no-data'), recorded('erasure', 'no-data'), recorded('portability', 'no-data')] }));
    expect(letter.missing).toEqual([]);
    expect(letter.flat).not.toMatch(/ci-joint|effacées|précisés ci-dessous/);
    expect(letter.flat).not.toContain('deux mois');
    expectCleanFrench(letter.text);
  });

  it('every right done, partly, refused: the right paragraph for each, all in one letter', () => {
    const rights = [
      recorded('access', 'partly'),
      recorded('rectification', 'done'),
      recorded('erasure', 'partly'),
      recorded('restriction', 'refused'),
      recorded('portability', 'refused'),
      recorded('objection', 'refused'),
    ];
    const letter = write('answer-cover', context({ rights }));
    expect(letter.missing).toEqual([]);
    for (const r of rights) for (const phrase of EXPECTED[r.right][r.outcome!].says) expect(letter.flat, `${r.right}: ${phrase}`).toContain(phrase);
    expectCleanFrench(letter.text);
  });

  it('the copy is electronic when the request came by email (art. 15(3)), for a copy in whole or in part', () => {
    const done = write('answer-cover', context({ medium: 'email', rights: [recorded('access', 'done')] }));
    expect(done.flat).toContain(
      "Vous en trouverez une copie ci-jointe, sous une forme électronique d'usage courant, votre demande nous étant parvenue par courriel (article 15, paragraphe 3).",
    );
    const partly = write('answer-cover', context({ medium: 'email', rights: [recorded('access', 'partly')] }));
    expect(partly.flat).toContain("une copie d'une partie de ces données, sous une forme électronique d'usage courant");
    const none = write('answer-cover', context({ medium: 'email', rights: [recorded('access', 'no-data')] }));
    expect(none.flat).not.toContain('forme électronique');
  });

  it('the requester as the person concerned: "vous concernant", no pupil named', () => {
    const letter = write('answer-cover', context({ subject: null, rights: [recorded('access', 'done'), recorded('objection', 'done')] }));
    expect(letter.flat).toContain("nous vous confirmons que des données vous concernant sont traitées dans l'ENT");
    expect(letter.flat).toContain('il a été mis fin au traitement des données vous concernant.');
    expect(letter.text).not.toContain('Inès');
    expect(letter.text).not.toContain('Personne concernée');
  });

  it('the answering party is named, with its article, as the recorded allocation says', () => {
    const commune = write('answer-cover', context({ allocation: { party: 'commune', status: 'decided' }, rights: [recorded('access', 'done')] }, { office: { party: 'commune' } }));
    expect(commune.flat).toContain('Voici la réponse de la commune de Fontenay-aux-Roses, pour le compte des responsables conjoints du traitement.');
  });
});

describe('answer letter: what the data does not hold is marked, never invented', () => {
  it('an answer not recorded for a right: a marker naming it, and no paragraph for it', () => {
    const letter = write('answer-cover', context({ rights: [recorded('access', 'done'), right('erasure')] }));
    expect(letter.missing).toEqual(["[à compléter : la suite donnée n'est pas encore enregistrée pour le droit à l'effacement (article 17 du RGPD)]"]);
    expect(letter.text).not.toContain(HEADINGS.erasure);
  });

  it('an erasure refused without its art. 17(3) point, and a partial outcome without its reason: markers', () => {
    const letter = write(
      'answer-cover',
      context({ rights: [right('erasure', { outcome: 'refused', refusalReason: 'conservation requise.' }), right('access', { outcome: 'partly' })] }),
    );
    expect(letter.missing).toEqual([
      "[à compléter : motifs enregistrés sur le droit d'accès (refus ou partie non communiquée)]",
      "[à compléter : exception de l'article 17(3) retenue (points a à e), en toutes lettres]",
    ]);
    const ctx = context({ rights: [right('erasure', { outcome: 'refused', refusalReason: 'conservation requise.' }), right('portability', { outcome: 'refused', refusalReason: 'r' })] });
    expect(letterDataGaps(ctx, 'answer-cover')).toEqual([
      "Effacement refusé ou partiel : l'exception de l'article 17(3) retenue (points a à e) n'est pas enregistrée.",
      portabilityWarning(['portability']),
    ]);
  });

  it('the facts of art. 15(1) the agreement does not hold: one marker each', () => {
    const letter = write('answer-cover', context({ rights: [recorded('access', 'done')] }, { agreement: { ...versailles, processing: { purposes: 'fournir un ENT' } } }));
    expect(letter.flat).toContain('- finalités du traitement : fournir un ENT');
    expect(letter.missing).toEqual([
      '[à compléter : catégories de données traitées (convention)]',
      '[à compléter : destinataires des données (convention)]',
      '[à compléter : transferts vers un pays tiers et garanties, ou « aucun » (convention)]',
      '[à compléter : durée de conservation des données (convention)]',
      '[à compléter : source des données (convention)]',
    ]);
  });

  it('each art. 17(3) point in its French wording', () => {
    const words: Record<string, string> = {
      a: "à l'exercice du droit à la liberté d'expression et d'information (article 17, paragraphe 3, point a), du RGPD)",
      c: "pour des motifs d'intérêt public dans le domaine de la santé publique",
      d: "à des fins archivistiques dans l'intérêt public, à des fins de recherche scientifique ou historique ou à des fins statistiques",
      e: "à la constatation, à l'exercice ou à la défense de droits en justice (article 17, paragraphe 3, point e), du RGPD)",
    };
    for (const [point, text] of Object.entries(words)) {
      const letter = write('answer-cover', context({ rights: [right('erasure', { outcome: 'refused', refusalReason: 'r.', erasureException: point as 'a' }) ] }));
      expect(letter.flat).toContain(`car le traitement de ces données reste nécessaire ${text}`);
    }
  });
});

describe('portability warning for the UI (art. 20(3))', () => {
  it('warns when portability is logged, and only then', () => {
    expect(portabilityWarning(['access', 'erasure'])).toBeNull();
    expect(portabilityWarning([])).toBeNull();
    const w = portabilityWarning(['access', 'portability']);
    expect(w).toContain('RGPD art. 20, paragraphe 3');
    expect(w).toContain("l'ENT repose sur l'article 6, paragraphe 1, point e)");
    expect(portabilityWarning([{ right: 'portability' }])).toBe(w);
  });
});
