// The French text helpers of the letters (core/documents/text.ts): elision, contraction of
// "à"/"de" with the article, agreement; and the template filling that applies them where a
// template's text meets a value.
import { describe, expect, it } from 'vitest';
import { fillTemplate } from '../../core/documents/templates';
import { letterValues } from '../../core/documents/letters';
import { PROPORTIONATE_IDENTITY_DOCUMENTS, proportionateDocuments, stripInternalNotes } from '../../core/documents/letter-request';
import { aFr, agreeFr, deFr, frenchJunctionErrors, joinAtJunction, joinWord, startsWithVowel } from '../../core/documents/text';
import {
  exampleContext,
  exampleRight,
} from '../helpers/letter-examples';

// Fixtures: core/documents/letter-examples.ts (a fictitious request, both agreements, a letterhead).
const context = exampleContext;
const right = exampleRight;

describe('French junctions', () => {
  it('contracts à/de with le/les, elides de/que before a vowel, keeps la and l’', () => {
    expect(aFr('le droit à l’effacement')).toBe('au droit à l’effacement');
    expect(aFr('les destinataires')).toBe('aux destinataires');
    expect(aFr('la commune de Sceaux')).toBe('à la commune de Sceaux');
    expect(aFr("l'académie de Versailles")).toBe("à l'académie de Versailles");
    expect(deFr('le rectorat de Lyon')).toBe('du rectorat de Lyon');
    expect(deFr('les données')).toBe('des données');
    expect(deFr('la commune')).toBe('de la commune');
    expect(deFr('Aubagne')).toBe("d'Aubagne");
    expect(deFr('Issy-les-Moulineaux')).toBe("d'Issy-les-Moulineaux");
    expect(deFr('Yvetot')).toBe("d'Yvetot");
    expect(deFr('Yerres')).toBe('de Yerres'); // y + vowel: no elision
    expect(deFr('Haguenau')).toBe('de Haguenau'); // h: left alone (mute or aspirated depends on the word)
    expect(deFr('Fontenay-aux-Roses')).toBe('de Fontenay-aux-Roses');
    expect(joinWord('que', 'Inès')).toBe("qu'Inès");
    expect(joinWord('De', 'le droit')).toBe('Du droit');
    expect(joinWord('À', 'les parents')).toBe('Aux parents');
  });

  it('repeats the preposition before each coordinated noun phrase with an article', () => {
    expect(aFr("le droit d'accès (article 15 du RGPD), le droit de rectification et le droit d'opposition")).toBe(
      "au droit d'accès (article 15 du RGPD), au droit de rectification et au droit d'opposition",
    );
    expect(deFr("la commune de Sceaux et l'académie de Versailles")).toBe("de la commune de Sceaux et de l'académie de Versailles");
    expect(aFr('la classe, les notes ou le cahier')).toBe('à la classe, aux notes ou au cahier');
    // Without an article at the start, nothing is distributed.
    expect(deFr('Paris et le Havre')).toBe('de Paris et le Havre');
  });

  it('joins only at the junction of text and value', () => {
    expect(joinAtJunction('donner suite à ', 'le droit')).toEqual({ before: 'donner suite ', value: 'au droit' });
    expect(joinAtJunction('la commune de ', 'Aubagne')).toEqual({ before: 'la commune ', value: "d'Aubagne" });
    expect(joinAtJunction('voir ', 'le droit')).toEqual({ before: 'voir ', value: 'le droit' });
    expect(joinAtJunction('cascade ', 'le droit')).toEqual({ before: 'cascade ', value: 'le droit' });
  });

  it('agrees with the gender the request holds, or says both', () => {
    expect(agreeFr('f', 'représentant légal', 'représentante légale')).toBe('représentante légale');
    expect(agreeFr('m', 'représentant légal', 'représentante légale')).toBe('représentant légal');
    expect(agreeFr(null, 'représentant légal', 'représentante légale')).toBe('représentant légal ou représentante légale');
    expect(agreeFr(null, 'Monsieur', 'Madame', 'Madame, Monsieur')).toBe('Madame, Monsieur');
  });

  it('finds the junction errors a letter must never hold', () => {
    expect(frenchJunctionErrors("donner suite à le droit, la liste de les destinataires, la commune de Aubagne, que Inès")).toEqual([
      'à le',
      'de les',
      'de Aubagne',
      'que Inès',
    ]);
    expect(frenchJunctionErrors("au droit, des destinataires, d'Aubagne, de la commune, de Paris, l'article")).toEqual([]);
    expect(startsWithVowel('École')).toBe(true);
    expect(startsWithVowel('Haddad')).toBe(false);
  });
});

describe('templates write French where text meets a value', () => {
  it('"à {{droits_refuses}}" reads "au droit…", "de {{commune}}" reads "d\'Aubagne"; the template\'s own "de le" is left alone', () => {
    const v = letterValues(context({ rights: [right('erasure', { outcome: 'refused', refusalReason: 'r', erasureException: 'e' })] }));
    expect(fillTemplate('Nous ne pouvons pas donner suite à {{droits_refuses}}.', v)).toBe(
      "Nous ne pouvons pas donner suite au droit à l'effacement (article 17 du RGPD).",
    );
    expect(fillTemplate('La commune de {{commune}}.', { ...v, commune: 'Aubagne' })).toBe("La commune d'Aubagne.");
    expect(fillTemplate('Merci de le faire et de {{demandeur}}.', { ...v, demandeur: 'Inès' })).toBe("Merci de le faire et d'Inès.");
    // Across a conditional block.
    expect(fillTemplate('relève de {{#si prolongee}}x{{sinon}}{{co_responsable}}{{/si}}', { ...v, co_responsable: 'le rectorat de Lyon' })).toBe(
      'relève du rectorat de Lyon',
    );
    // A missing value stays a marker, not contracted.
    expect(fillTemplate('motif de {{motif_transmission}}', v)).toBe('motif de [à compléter : motif de la transmission au co-responsable]');
  });
});

describe('identity documents: proportionate, without internal notes', () => {
  it('strips parenthesised notes for the office, keeps the ones that describe the document', () => {
    expect(stripInternalNotes("Copie d'une pièce d'identité du demandeur (uniquement en cas de doute raisonnable sur son identité)")).toBe(
      "Copie d'une pièce d'identité du demandeur",
    );
    expect(stripInternalNotes('Adresse du compte ENT (note : vérifier dans la console), obligatoire')).toBe('Adresse du compte ENT, obligatoire');
    expect(stripInternalNotes("Justificatif de l'autorité parentale (livret de famille ou décision de justice)")).toBe(
      "Justificatif de l'autorité parentale (livret de famille ou décision de justice)",
    );
  });

  it('each default item says when it applies, and none carries an internal note', () => {
    for (const item of PROPORTIONATE_IDENTITY_DOCUMENTS) {
      expect(item).toMatch(/^Si /);
      expect(stripInternalNotes(item)).toBe(item);
    }
  });

  it('drops the ID for a logged-in ENT account and the livret de famille when the school names the guardian, saying why', () => {
    const items = [...PROPORTIONATE_IDENTITY_DOCUMENTS];
    expect(proportionateDocuments(items, { viaEntAccount: null, guardianOnSchoolRecords: null }).ask).toEqual(items);
    const { ask, dropped } = proportionateDocuments(items, { viaEntAccount: true, guardianOnSchoolRecords: true });
    expect(ask).toEqual([items[0], items[3]]);
    expect(dropped.map((d) => d.why)).toEqual([
      "la personne a écrit depuis son compte ENT : son identité est déjà établie par l'authentification.",
      "les registres de l'école désignent déjà le demandeur comme représentant légal de l'élève.",
    ]);
  });
});
