// The French messages zod gives when a schema has none of its own: they name the field and say
// what is expected in words, never zod's tokens ("asc"|"desc", >=0, « Entrée invalide »).
// core/api/schemas.ts makes them zod's default; core/allocation/ruleset.ts uses the text alone
// (it names the place itself). Pure.
import type { z } from 'zod';

type Issue = z.core.$ZodRawIssue;

const TYPES: Record<string, string> = {
  string: 'un texte',
  number: 'un nombre',
  int: 'un nombre entier',
  bigint: 'un nombre entier',
  boolean: 'vrai ou faux',
  array: 'une liste',
  object: 'un objet',
  date: 'une date',
  null: 'vide (null)',
  file: 'un fichier',
};

const FORMATS: Record<string, string> = {
  email: 'une adresse électronique (nom@domaine.fr)',
  date: 'une date au format AAAA-MM-JJ',
  datetime: 'une date et une heure ISO',
  time: 'une heure',
  url: 'une adresse web',
  uuid: 'un identifiant',
  base64: 'un contenu encodé en base64',
  base64url: 'un contenu encodé en base64url',
};

/** « a », « a » ou « b », « a », « b » ou « c ». */
export function quotedChoice(values: readonly unknown[]): string {
  const quoted = values.map((v) => `« ${String(v)} »`);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} ou ${quoted[quoted.length - 1]}`;
}

const plural = (n: number | bigint, word: string) => `${String(n)} ${word}${Number(n) > 1 ? 's' : ''}`;

/** What is wrong, without saying where (the caller names the place). */
export function frenchIssueText(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'à renseigner.';
      return `doit être ${TYPES[issue.expected] ?? 'une autre valeur'}.`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `doit valoir ${quotedChoice(issue.values)}.`
        : `valeur non prévue : ${quotedChoice(issue.values)} attendu.`;
    case 'too_small': {
      const n = issue.minimum;
      if (issue.origin === 'string') return Number(n) <= 1 ? 'à renseigner.' : `${plural(n, 'caractère')} au moins.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `${plural(n, 'élément')} au moins.`;
      return issue.inclusive === false ? `doit être supérieur à ${String(n)}.` : `doit être au moins ${String(n)}.`;
    }
    case 'too_big': {
      const n = issue.maximum;
      if (issue.origin === 'string') return `${plural(n, 'caractère')} au plus.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `${plural(n, 'élément')} au plus.`;
      return issue.inclusive === false ? `doit être inférieur à ${String(n)}.` : `doit être au plus ${String(n)}.`;
    }
    case 'invalid_format':
      return `format non valide : ${FORMATS[issue.format] ?? 'la forme attendue'} est attendu.`;
    case 'not_multiple_of':
      return `doit être un multiple de ${String(issue.divisor)}.`;
    case 'unrecognized_keys':
      return `champ${issue.keys.length > 1 ? 's' : ''} inconnu${issue.keys.length > 1 ? 's' : ''} : ${issue.keys.map((k) => `« ${k} »`).join(', ')}.`;
    case 'invalid_key':
      return 'nom de champ non valide.';
    case 'invalid_element':
      return 'élément non valide.';
    case 'invalid_union': {
      // A discriminated union: the discriminator's value is not one of the options.
      const options = (issue as { options?: unknown[] }).options;
      if (options?.length) return `valeur non prévue : ${quotedChoice(options)} attendu.`;
      // Otherwise the alternative that came closest (fewest problems) says what to fix; its
      // messages (made by this map) already name their fields.
      const branches = issue.errors.filter((b) => b.length > 0).sort((a, b) => a.length - b.length);
      const best = branches[0]?.map((i) => i.message);
      return best?.length ? `ne correspond à aucune forme prévue. ${best.join(' ')}` : 'ne correspond à aucune forme prévue.';
    }
    default:
      return 'valeur refusée.';
  }
}

/** Where the problem is: the field's path, or the call's data as a whole. */
export function fieldName(path: readonly PropertyKey[] | undefined): string {
  return path?.length ? `Champ « ${path.map(String).join('.')} »` : "Données de l'appel";
}

/** zod's default message: the field, then what is wrong with it. */
export function frenchIssueMessage(issue: Issue): string {
  return `${fieldName(issue.path)} : ${frenchIssueText(issue)}`;
}
