// Reading an agreement's list of schools (name, address, UAI) from an .xlsx, .ods or CSV file,
// the same way as the register (register-import.ts: columns guessed from French headers, every
// cell re-checked): each line that cannot be imported is reported with its row, column, value
// and French reason (a malformed UAI such as the seed's « 0920546Ux », a wrong check letter, a
// UAI repeated in the file or already in the agreement). Pure.
import { normalizeUai, uaiProblem } from '../uai';
import { guessColumns, headerTexts, lineCells, missingFields, type FieldInfo, type ImportProblem } from './register-import';
import type { ParsedSheet } from './workbook';

export const SCHOOL_FIELDS = ['name', 'address', 'uai'] as const;
export type SchoolField = (typeof SCHOOL_FIELDS)[number];

export const SCHOOL_FIELD_INFO: Record<SchoolField, FieldInfo> = {
  name: { label: "Nom de l'école", required: true, headers: ['nom de l ecole', 'ecole', 'nom', 'etablissement', 'nom de l etablissement', 'denomination', 'libelle'] },
  address: { label: 'Adresse', required: false, headers: ['adresse', 'adresse postale', 'adresse de l ecole'] },
  uai: { label: 'UAI', required: true, headers: ['uai', 'code uai', 'rne', 'code rne', 'uai rne'] },
};

export type SchoolMapping = Partial<Record<SchoolField, number | null>>;

export const guessSchoolMapping = (headers: readonly string[]) => guessColumns(SCHOOL_FIELDS, SCHOOL_FIELD_INFO, headers);

export interface SchoolLine {
  row: number;
  name: string;
  address: string;
  uai: string;
}

/** The lines of the first sheet that has any, checked; `existing`: the UAIs already in the agreement. */
export function readSchools(
  sheets: readonly ParsedSheet[],
  mapping: SchoolMapping,
  ctx: { existing: readonly string[]; csv: boolean },
): { lines: SchoolLine[]; problems: ImportProblem[]; total: number } {
  const sheet = sheets.find((s) => s.rows.length > 0);
  const lines: SchoolLine[] = [];
  if (!sheet) return { lines, problems: [{ row: 0, column: '', value: '', reason: 'Le fichier ne contient aucune ligne.' }], total: 0 };
  const problems = missingFields(SCHOOL_FIELDS, SCHOOL_FIELD_INFO, mapping);
  if (problems.length > 0) return { lines, problems, total: 0 };
  const headers = headerTexts(sheet.rows[0]);
  const existing = new Set(ctx.existing.map(normalizeUai));
  const seen = new Map<string, number>();
  let total = 0;
  sheet.rows.slice(1).forEach((cells, i) => {
    const row = i + 2;
    if (cells.every((c) => c === null || String(c).trim() === '')) return;
    total++;
    const lineProblems: ImportProblem[] = [];
    const { raw, text, problem } = lineCells(cells, row, mapping, headers, ctx.csv, lineProblems);
    const name = text('name', 200);
    if (name === null && raw('name') === null) problem('name', '', "nom de l'école manquant.");
    const address = text('address', 400) ?? '';
    const uaiText = text('uai', 20);
    let uai: string | null = null;
    if (uaiText === null) {
      if (raw('uai') === null) problem('uai', '', 'code UAI manquant.');
    } else {
      const bad = uaiProblem(uaiText);
      const normal = normalizeUai(uaiText);
      const first = seen.get(normal);
      if (bad) problem('uai', uaiText, bad);
      else if (first !== undefined) problem('uai', uaiText, `code UAI en double (déjà ligne ${first}).`);
      else if (existing.has(normal)) problem('uai', uaiText, 'école déjà dans la convention (même code UAI).');
      else {
        seen.set(normal, row);
        uai = normal;
      }
    }
    if (lineProblems.length > 0) problems.push(...lineProblems);
    else lines.push({ row, name: name!, address, uai: uai! });
  });
  return { lines, problems, total };
}
