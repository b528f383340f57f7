// Shared pieces of the contract's schemas: dates, ids, bounded texts, the domain's enums.
// Every feature module builds its calls from these, so a field reads the same everywhere.
import { z } from 'zod';
import { xmlForbiddenCharacter } from '../documents/text';
import { PARTIES, RIGHTS, STATUSES } from '../domain';
import { frenchIssueMessage } from '../zod-fr';

// Messages zod writes itself (wrong type, value not in a list…) are French, name the field and
// say what is expected in words (core/zod-fr.ts); the fields a user fills carry their own below.
z.config({ localeError: frenchIssueMessage });

/**
 * The oldest date the register accepts: the GDPR applies from 25 May 2018 (art. 99(2)), so a
 * request, a letter or a meeting dated before is a typing error (an année 2012 for 2021…).
 */
export const DATE_FLOOR = '2018-05-25';
/** The latest date accepted: beyond, a year was mistyped (20266). */
export const DATE_CEILING = '2099-12-31';

/** A real calendar date 'YYYY-MM-DD' (zod's ISO date rejects 2026-02-30), with no range: for answers. */
export const calendarDate = (what: string) =>
  z.iso.date({ error: `${what} : date invalide, attendu une date réelle au format AAAA-MM-JJ.` });

/** A date given by the user: a real calendar date between DATE_FLOOR and DATE_CEILING. */
export const isoDate = (what: string) =>
  calendarDate(what)
    .refine((d) => d >= DATE_FLOOR, `${what} : date antérieure au 25/05/2018, date d'application du RGPD : vérifiez l'année.`)
    .refine((d) => d <= DATE_CEILING, `${what} : date postérieure au 31/12/2099 : vérifiez l'année.`);

/** Refuses the characters a DOCX or XLSX file cannot carry (core/documents/text.ts), saying which and where. */
function xmlText<T extends z.ZodType<string>>(schema: T, what: string): T {
  return schema.superRefine((value, ctx) => {
    const bad = xmlForbiddenCharacter(value);
    if (bad) {
      ctx.addIssue({
        code: 'custom',
        message: `${what} : caractère invisible non autorisé (${bad.code}, en position ${bad.position}) : retirez-le ou retapez le texte.`,
      });
    }
  }) as unknown as T;
}

/** A string named for its messages: missing, or not a text. */
const named = (what: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? `${what} : à renseigner.` : `${what} : doit être un texte.`) });

export const id = xmlText(named('Identifiant').min(1, 'Identifiant manquant.').max(100, 'Identifiant : 100 caractères au plus.'), 'Identifiant');
export const text = (max: number, what: string) => xmlText(named(what).trim().max(max, `${what} : ${max} caractères au plus.`), what);
export const required = (max: number, what: string) =>
  xmlText(named(what).trim().min(1, `${what} : à renseigner.`).max(max, `${what} : ${max} caractères au plus.`), what);
/** The input of a call that takes none. */
export const empty = z.object({}).strict().default({});

export const partySchema = z.enum(PARTIES, { error: 'Partie inconnue : « commune » ou « académie » attendu.' });
export const rightSchema = z.enum(RIGHTS, { error: 'Droit inconnu.' });
export const statusSchema = z.enum(STATUSES, { error: 'Statut inconnu.' });

export const contactSchema = z.object({
  name: text(200, 'Nom du contact'),
  email: z.union([z.literal(''), z.email({ error: 'Adresse électronique du contact invalide.' }).max(200, 'Adresse électronique du contact : 200 caractères au plus.')], {
    error: 'Adresse électronique du contact invalide.',
  }),
  phone: text(40, 'Téléphone du contact'),
  address: text(400, 'Adresse du contact'),
});

/** A file handed to the renderer (saved through a Blob and <a download>). */
export const fileSchema = z.object({ filename: z.string(), mimeType: z.string(), base64: z.string() });
export type FileOut = z.infer<typeof fileSchema>;
