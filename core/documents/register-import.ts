// Reading an office's existing register (rows of an .xlsx, .ods or CSV the host parsed as plain
// values, no formula evaluated): columns mapped to fields (guessed from French headers, the
// register export's own headers included), then each line checked cell by cell. Every line that
// cannot be imported is reported with its row, column, value and a French reason; the others
// become requests (core/features/register/handlers.ts). Pure.
import {
  CHANNELS,
  CHANNEL_LABELS,
  MEDIA,
  MEDIUM_LABELS,
  OUTCOMES,
  OUTCOME_LABELS,
  REQUESTER_CATEGORIES,
  REQUESTER_CATEGORY_LABELS,
  RIGHTS,
  RIGHT_LABELS,
  STATUS_LABELS,
  type Channel,
  type IsoDate,
  type Medium,
  type Outcome,
  type RequesterCategory,
  type Right,
  type Status,
} from '../domain';
import { parseFrenchDate } from '../french-date';
import { normalizeUai, uaiProblem } from '../uai';
import { normalizeWords } from './text';
import type { ParsedCell, ParsedSheet } from './workbook';

export const REGISTER_FIELDS = [
  'reference',
  'receivedOn',
  'channel',
  'medium',
  'requesterName',
  'requesterContact',
  'requesterCategory',
  'subjectName',
  'school',
  'uai',
  'rights',
  'outcomes',
  'answeredOn',
  'refusalReasons',
  'status',
  'closedOn',
  'summary',
] as const;
export type RegisterField = (typeof REGISTER_FIELDS)[number];

/** Each field: its French name, whether a line needs it, and the headers that name it (normalised). */
export const FIELD_INFO: Record<RegisterField, FieldInfo> = {
  reference: { label: 'Référence', required: false, headers: ['reference', 'ref', 'numero', 'n', 'no', 'n°', 'numero de dossier', 'n° dossier', 'n° de dossier', 'no dossier', 'dossier'] },
  receivedOn: { label: 'Date de réception', required: true, headers: ['date de reception', 'recue le', 'reception', 'date', 'date de la demande', 'date demande'] },
  channel: { label: 'Canal', required: false, headers: ['canal', 'recue par', 'canal de reception'] },
  medium: { label: 'Mode de réception', required: false, headers: ['mode de reception', 'mode', 'support'] },
  requesterName: { label: 'Demandeur', required: true, headers: ['demandeur', 'nom du demandeur', 'nom', 'requerant'] },
  requesterContact: { label: 'Contact du demandeur', required: false, headers: ['contact du demandeur', 'contact', 'adresse', 'courriel', 'email', 'mail'] },
  requesterCategory: { label: 'Catégorie du demandeur', required: false, headers: ['categorie du demandeur', 'categorie', 'qualite', 'qualite du demandeur', 'profil'] },
  subjectName: { label: 'Personne concernée', required: false, headers: ['personne concernee', 'eleve concerne', 'concerne', 'enfant'] },
  school: { label: 'École', required: false, headers: ['ecole', 'etablissement', 'nom de l ecole'] },
  uai: { label: 'UAI', required: false, headers: ['uai', 'rne', 'code uai'] },
  rights: { label: 'Droit(s)', required: true, headers: ['droit s', 'droits', 'droit', 'droits exerces', 'objet', 'nature de la demande'] },
  outcomes: { label: 'Issue(s)', required: false, headers: ['issue s', 'issues', 'issue', 'suite donnee', 'resultat', 'reponse'] },
  answeredOn: { label: 'Réponse le', required: false, headers: ['reponse le', 'date de reponse', 'repondu le', 'date reponse'] },
  refusalReasons: { label: 'Motif(s) de refus', required: false, headers: ['motif s de refus', 'motifs de refus', 'motif de refus', 'motif', 'motifs'] },
  status: { label: 'Statut', required: false, headers: ['statut', 'etat'] },
  closedOn: { label: 'Clôturée le', required: false, headers: ['cloturee le', 'date de cloture', 'cloture le', 'cloture'] },
  summary: { label: 'Résumé', required: false, headers: ['resume', 'observations', 'commentaire', 'commentaires', 'description'] },
};

export type ColumnMapping = Partial<Record<RegisterField, number | null>>;

export const norm = (s: string) => normalizeWords(s).replace(/[^a-z0-9° ]+/g, ' ').replace(/\s+/g, ' ').trim();

/** A field of an imported file: its French name, whether a line needs it, and the headers that name it (normalised). */
export interface FieldInfo {
  label: string;
  required: boolean;
  headers: string[];
}

/** The column of each field, guessed from the header line: an exact header first, then one that starts with it. */
export function guessColumns<F extends string>(fields: readonly F[], info: Record<F, FieldInfo>, headers: readonly string[]): Record<F, number | null> {
  const names = headers.map(norm);
  const taken = new Set<number>();
  const out = {} as Record<F, number | null>;
  for (const pass of ['exact', 'prefix'] as const) {
    for (const field of fields) {
      if (out[field] !== undefined && out[field] !== null) continue;
      const found = info[field].headers
        .map((h) => names.findIndex((n, i) => !taken.has(i) && (pass === 'exact' ? n === h : h.length > 3 && n.startsWith(h))))
        .find((i) => i >= 0);
      out[field] = found ?? null;
      if (found !== undefined) taken.add(found);
    }
  }
  return out;
}

/** The register's columns guessed from its header line. */
export const guessMapping = (headers: readonly string[]) => guessColumns(REGISTER_FIELDS, FIELD_INFO, headers);

/** The header line of a parsed sheet, as text. */
export const headerTexts = (row: readonly ParsedCell[] | undefined): string[] =>
  (row ?? []).map((h) => (typeof h === 'string' || typeof h === 'number' ? String(h).trim() : ''));

/**
 * A mapping the file's header line can hold: every column inside the line, none given to two
 * fields. null when it can, else the French reason.
 */
export function mappingProblem<F extends string>(mapping: Partial<Record<F, number | null>>, info: Record<F, FieldInfo>, headers: readonly string[]): string | null {
  const byColumn = new Map<number, F>();
  for (const [field, column] of Object.entries(mapping) as [F, number | null | undefined][]) {
    if (column === null || column === undefined) continue;
    if (column >= headers.length) return `« ${info[field].label} » : le fichier n'a que ${headers.length} colonne${headers.length > 1 ? 's' : ''}, la colonne ${column + 1} n'existe pas.`;
    const other = byColumn.get(column);
    if (other !== undefined) return `La colonne « ${headers[column] || `colonne ${column + 1}`} » est associée à deux champs (« ${info[other].label} » et « ${info[field].label} ») : choisissez-en un.`;
    byColumn.set(column, field);
  }
  return null;
}

/** A problem on the header line for each required field no column is given to. */
export function missingFields<F extends string>(fields: readonly F[], info: Record<F, FieldInfo>, mapping: Partial<Record<F, number | null>>): ImportProblem[] {
  return fields
    .filter((f) => info[f].required && (mapping[f] === null || mapping[f] === undefined))
    .map((f) => ({ row: 1, column: info[f].label, value: '', reason: `Aucune colonne n'est associée au champ obligatoire « ${info[f].label} ».` }));
}

/**
 * The cells of one line read through the mapping, each re-checked: `raw` (a string, number or
 * boolean, a formula or error value reported), `text` (trimmed, within `max` characters; in a CSV
 * an unquoted « = » text is a formula, refused; an apostrophe before =, +, -, @ says "text").
 */
export function lineCells<F extends string>(cells: readonly ParsedCell[], row: number, mapping: Partial<Record<F, number | null>>, headers: readonly string[], csv: boolean, problems: ImportProblem[]) {
  const col = (f: F) => {
    const c = mapping[f];
    return c === null || c === undefined ? '' : headers[c] || `colonne ${c + 1}`;
  };
  const problem = (f: F, value: unknown, reason: string) =>
    problems.push({ row, column: col(f), value: value === null || value === undefined ? '' : String(value), reason });
  const raw = (f: F): string | number | null => {
    const c = mapping[f];
    if (c === null || c === undefined) return null;
    const v = cells[c];
    if (typeof v === 'number') return Number.isFinite(v) ? v : null;
    if (typeof v === 'boolean') return v ? 'oui' : 'non';
    if (v && typeof v === 'object') {
      // A formula or an error value (the reader never takes a formula's stored result).
      problem(f, v.error ?? '(formule)', v.formula ? 'formule : elle n’est pas évaluée, saisissez la valeur elle-même.' : `valeur d'erreur du tableur (${v.error}).`);
      return null;
    }
    if (typeof v !== 'string') return null;
    return v.trim() === '' ? null : v;
  };
  const text = (f: F, max: number): string | null => {
    const v = raw(f);
    if (v === null) return null;
    let s = String(v).trim();
    // An apostrophe before =, +, -, @ says "text" (the register export writes it so): dropped.
    if (/^'[=+\-@]/.test(s)) s = s.slice(1);
    else if (csv && s.startsWith('=')) {
      problem(f, s, 'formule : elle n’est pas évaluée, saisissez la valeur elle-même.');
      return null;
    }
    if (s.length > max) {
      problem(f, `${s.slice(0, 40)}…`, `${max} caractères au plus (${s.length}).`);
      return null;
    }
    return s;
  };
  return { raw, text, problem };
}

export interface ImportProblem {
  /** The line in the file (1 = the header line). */
  row: number;
  column: string;
  value: string;
  reason: string;
}

/** A line ready to become a request. */
export interface ImportedLine {
  row: number;
  reference: string | null;
  receivedOn: IsoDate;
  channel: Channel;
  medium: Medium;
  requesterName: string;
  requesterContact: string;
  requesterCategory: RequesterCategory;
  subjectName: string | null;
  schoolId: string | null;
  rights: { right: Right; outcome: Outcome | null; refusalReason: string | null; answeredOn: IsoDate | null }[];
  status: Status;
  closedOn: IsoDate | null;
  summary: string;
}

export interface ImportContext {
  today: IsoDate;
  /** Where the request is received when the file does not say: this office. */
  defaultChannel: Channel;
  schools: { id: string; name: string; uai: string }[];
  referenceTaken(reference: string): boolean;
  /**
   * A CSV file: a text starting with « = » is a formula a spreadsheet would evaluate, refused. In
   * a workbook a formula cell is read as its stored value and a text cell is only text.
   */
  csv: boolean;
}

/** Statuses a line may carry: the others need what only the request's actions record (pieces, extension, hand-over). */
const IMPORTABLE_STATUSES: Status[] = ['received', 'in-progress', 'answered', 'closed', 'inadmissible', 'withdrawn'];

const MAX_TEXT = { requesterName: 200, requesterContact: 400, subjectName: 200, summary: 5000, reference: 60, refusal: 1000 } as const;

/** Excel's day 0 (1899-12-30 with its 1900 leap-year bug folded in). */
function serialDate(n: number): IsoDate | null {
  if (!Number.isInteger(n) || n < 1 || n > 2_958_465) return null;
  return new Date(Date.UTC(1899, 11, 30) + n * 86_400_000).toISOString().slice(0, 10);
}

function labelLookup<T extends string>(values: readonly T[], labels: Record<T, string>, extra: Record<string, T> = {}): (s: string) => T | undefined {
  const map = new Map<string, T>();
  for (const v of values) {
    map.set(norm(labels[v]), v);
    map.set(norm(v), v);
  }
  for (const [k, v] of Object.entries(extra)) map.set(norm(k), v);
  return (s) => map.get(norm(s));
}

const rightOf = labelLookup(RIGHTS, RIGHT_LABELS, {
  'droit d acces': 'access',
  'droit de rectification': 'rectification',
  'droit a l effacement': 'erasure',
  suppression: 'erasure',
  'droit d opposition': 'objection',
  'droit a la limitation': 'restriction',
  'limitation du traitement': 'restriction',
  'droit a la portabilite': 'portability',
});
const outcomeOf = labelLookup(OUTCOMES, OUTCOME_LABELS, { fait: 'done', satisfait: 'done', satisfaite: 'done', partiel: 'partly', refuse: 'refused', refusee: 'refused', 'aucune donnee': 'no-data' });
const statusOf = labelLookup(IMPORTABLE_STATUSES, STATUS_LABELS as Record<Status, string>, { cloture: 'closed', repondu: 'answered', 'en cours': 'in-progress', nouvelle: 'received' });
const channelOf = labelLookup(CHANNELS, CHANNEL_LABELS, { mairie: 'commune', ville: 'commune', rectorat: 'academie', dsden: 'academie', editeur: 'processor' });
const mediumOf = labelLookup(MEDIA, MEDIUM_LABELS, { lettre: 'letter', mail: 'email', 'e mail': 'email', formulaire: 'form', guichet: 'in-person' });
const categoryOf = labelLookup(REQUESTER_CATEGORIES, REQUESTER_CATEGORY_LABELS, {
  parent: 'parent',
  parents: 'parent',
  'parent d eleve': 'parent',
  enseignante: 'teacher',
  professeur: 'teacher',
  eleve: 'pupil',
  agent: 'commune-staff',
  'agent communal': 'commune-staff',
});

/** A list cell: "Accès ; Effacement", "accès, effacement", "Accès et effacement". */
const splitList = (s: string) => s.split(/\s*(?:;|,|\/|\+|\bet\b)\s*/).map((x) => x.trim()).filter(Boolean);

/** Reads the lines of the first sheet that has any. */
export function readRegister(sheets: readonly ParsedSheet[], mapping: ColumnMapping, ctx: ImportContext): { lines: ImportedLine[]; problems: ImportProblem[]; total: number } {
  const sheet = sheets.find((s) => s.rows.length > 0);
  const problems: ImportProblem[] = [];
  const lines: ImportedLine[] = [];
  if (!sheet) return { lines, problems: [{ row: 0, column: '', value: '', reason: 'Le fichier ne contient aucune ligne.' }], total: 0 };
  const headers = headerTexts(sheet.rows[0]);
  problems.push(...missingFields(REGISTER_FIELDS, FIELD_INFO, mapping));
  if (problems.length > 0) return { lines, problems, total: 0 };
  const byUai = new Map(ctx.schools.map((s) => [s.uai.toUpperCase(), s]));
  const byName = new Map(ctx.schools.map((s) => [norm(s.name), s]));
  const seenReferences = new Map<string, number>();
  let total = 0;
  sheet.rows.slice(1).forEach((cells, i) => {
    const row = i + 2;
    if (cells.every((c) => c === null || String(c).trim() === '')) return;
    total++;
    const lineProblems: ImportProblem[] = [];
    const { raw, text: textOf, problem } = lineCells(cells, row, mapping, headers, ctx.csv, lineProblems);
    const dateOf = (f: RegisterField): IsoDate | null => {
      const v = raw(f);
      if (v === null) return null;
      const serial = typeof v === 'number' ? v : /^\d{5}$/.test(v.trim()) ? Number(v) : null;
      if (serial !== null) {
        const d = serialDate(serial);
        if (!d) problem(f, v, 'nombre qui n’est pas une date de tableur.');
        else if (d > ctx.today) problem(f, v, 'date dans le futur.');
        return d && d <= ctx.today ? d : null;
      }
      const r = parseFrenchDate(String(v), { max: ctx.today });
      if (r.kind === 'date') return r.iso;
      if (r.kind === 'invalid') problem(f, v, r.message.replace(/^La date ne peut pas dépasser/, 'date dans le futur : elle ne peut pas dépasser'));
      return null;
    };
    const enumOf = <T>(f: RegisterField, lookup: (s: string) => T | undefined, fallback: T, what: string): T => {
      const v = textOf(f, 200);
      if (v === null) return fallback;
      const found = lookup(v);
      if (found === undefined) problem(f, v, `${what} inconnu(e).`);
      return found ?? fallback;
    };

    let reference = textOf('reference', MAX_TEXT.reference);
    if (reference) {
      const first = seenReferences.get(reference.toUpperCase());
      if (first !== undefined) problem('reference', reference, `référence en double (déjà ligne ${first}).`);
      else if (ctx.referenceTaken(reference)) problem('reference', reference, 'référence déjà utilisée par une demande du registre.');
      else seenReferences.set(reference.toUpperCase(), row);
    } else reference = null;
    const receivedOn = dateOf('receivedOn');
    if (!receivedOn && raw('receivedOn') === null) problem('receivedOn', '', 'date de réception manquante.');
    const requesterName = textOf('requesterName', MAX_TEXT.requesterName);
    if (!requesterName && raw('requesterName') === null) problem('requesterName', '', 'nom du demandeur manquant.');

    const rightsText = textOf('rights', 300);
    const rights: Right[] = [];
    if (rightsText === null) {
      if (raw('rights') === null) problem('rights', '', 'aucun droit indiqué.');
    } else {
      for (const item of splitList(rightsText)) {
        const r = rightOf(item);
        if (!r) problem('rights', item, `droit inconnu (attendu : ${RIGHTS.map((x) => RIGHT_LABELS[x]).join(', ')}).`);
        else if (!rights.includes(r)) rights.push(r);
      }
    }
    // Outcomes: "Accès : Fait ; Effacement : Refusé (motivé)", or one outcome for every right.
    const outcomes = new Map<Right, Outcome>();
    const outcomesText = textOf('outcomes', 500);
    if (outcomesText) {
      const parts = outcomesText.split(/\s*;\s*/).filter(Boolean);
      const single = parts.length === 1 && !parts[0]!.includes(':') ? outcomeOf(parts[0]!) : undefined;
      if (single) for (const r of rights) outcomes.set(r, single);
      else {
        for (const part of parts) {
          const [name, value] = part.split(/\s*:\s*/, 2);
          const r = name ? rightOf(name) : undefined;
          const o = value ? outcomeOf(value) : undefined;
          if (!r || !o || !rights.includes(r)) problem('outcomes', part, `issue illisible : « Droit : issue » attendu, avec un droit de la ligne et une issue parmi ${OUTCOMES.map((x) => OUTCOME_LABELS[x]).join(', ')}.`);
          else outcomes.set(r, o);
        }
      }
    }
    const answeredOn = dateOf('answeredOn');
    if (outcomes.size > 0 && !answeredOn && raw('answeredOn') === null) problem('answeredOn', '', 'date de réponse manquante pour une demande qui a une issue.');
    if (answeredOn && receivedOn && answeredOn < receivedOn) problem('answeredOn', raw('answeredOn'), 'réponse avant la réception.');
    const reasons = new Map<Right, string>();
    const reasonsText = textOf('refusalReasons', MAX_TEXT.refusal);
    if (reasonsText) {
      const refused = [...outcomes].filter(([, o]) => o === 'refused' || o === 'partly').map(([r]) => r);
      for (const part of reasonsText.split(/\s*;\s*/).filter(Boolean)) {
        const m = /^([^:]+?)\s*:\s*(.+)$/.exec(part);
        const r = m ? rightOf(m[1]!) : undefined;
        if (r && m) reasons.set(r, m[2]!);
        else for (const x of refused) reasons.set(x, reasons.has(x) ? `${reasons.get(x)} ; ${part}` : part);
      }
    }
    for (const [r, o] of outcomes) {
      if ((o === 'refused' || o === 'partly') && !reasons.get(r)) problem('refusalReasons', '', `motif manquant pour le refus (${RIGHT_LABELS[r]}) : le RGPD (art. 12(4)) impose de motiver un refus.`);
    }
    const allAnswered = rights.length > 0 && rights.every((r) => outcomes.has(r));
    const status = enumOf('status', statusOf, allAnswered ? 'answered' : 'received', 'statut importable (Reçue, En cours, Répondue, Clôturée, Irrecevable, Retirée)');
    if ((status === 'answered' || status === 'closed') && !allAnswered) problem('status', STATUS_LABELS[status], 'demande répondue ou clôturée sans issue pour chacun de ses droits.');
    let closedOn = dateOf('closedOn');
    if (status === 'closed') closedOn ??= answeredOn;
    if (status === 'closed' && !closedOn) problem('closedOn', '', 'date de clôture manquante (ni « Clôturée le », ni « Réponse le »).');
    if (status !== 'closed' && status !== 'inadmissible' && status !== 'withdrawn') closedOn = null;

    let schoolId: string | null = null;
    const uaiText = textOf('uai', 20);
    const schoolText = textOf('school', 200);
    if (uaiText) {
      const bad = uaiProblem(uaiText);
      if (bad) problem('uai', uaiText, bad);
      else {
        const s = byUai.get(normalizeUai(uaiText));
        if (!s) problem('uai', uaiText, "école inconnue : ce code UAI n'est pas dans la liste des écoles de la convention (importez d'abord les écoles).");
        else schoolId = s.id;
      }
    } else if (schoolText) {
      const s = byName.get(norm(schoolText));
      if (!s) problem('school', schoolText, "école inconnue dans la convention (importez d'abord les écoles, ou indiquez son UAI).");
      else schoolId = s.id;
    }

    const line: ImportedLine = {
      row,
      reference,
      receivedOn: receivedOn ?? '',
      channel: enumOf('channel', channelOf, ctx.defaultChannel, 'canal'),
      medium: enumOf('medium', mediumOf, 'letter', 'mode de réception'),
      requesterName: requesterName ?? '',
      requesterContact: textOf('requesterContact', MAX_TEXT.requesterContact) ?? '',
      requesterCategory: enumOf('requesterCategory', categoryOf, 'other', 'catégorie de demandeur'),
      subjectName: textOf('subjectName', MAX_TEXT.subjectName),
      schoolId,
      rights: rights.map((r) => ({
        right: r,
        outcome: outcomes.get(r) ?? null,
        refusalReason: reasons.get(r) ?? null,
        answeredOn: outcomes.has(r) ? answeredOn : null,
      })),
      status,
      closedOn,
      summary: textOf('summary', MAX_TEXT.summary) ?? '',
    };
    if (lineProblems.length > 0) problems.push(...lineProblems);
    else lines.push(line);
  });
  return { lines, problems, total };
}
