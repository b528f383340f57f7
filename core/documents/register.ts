// The register as a table: one row per request with its rights and outcomes, dates, deadlines,
// allocation and status, French headers. Written as an .xlsx sheet (core/documents/xlsx.ts, the
// same injection-safe cells as the meeting workbook) or as CSV for French Excel: UTF-8 with a
// byte order mark, `;` between fields, dates dd/mm/yyyy, CRLF line ends, and every text that a
// spreadsheet would take for a formula (=, +, -, @, tab, CR: workbook.ts looksLikeFormula)
// prefixed with an apostrophe, the OWASP "CSV injection" defence (a CSV cell has no type to
// say "text"). The import (core/documents/register-import.ts) reads these same headers back.
// Pure.
import { CHANNEL_LABELS, MEDIUM_LABELS, OUTCOME_LABELS, PARTY_LABELS, REQUESTER_CATEGORY_LABELS, RIGHT_LABELS, STATUS_LABELS } from '../domain';
import type { RequestRow, RightRow, SchoolRow } from '../api/store';
import { formatDateFr } from '../explain';
import { dateCell, looksLikeFormula, textCell, type Cell, type SheetSpec } from './workbook';

export const REGISTER_HEADERS = [
  'Référence',
  'Convention',
  'Reçue le',
  'Canal',
  'Mode de réception',
  'Demandeur',
  'Contact du demandeur',
  'Catégorie du demandeur',
  'Personne concernée',
  'École',
  'UAI',
  'Droit(s)',
  'Issue(s)',
  'Réponse le',
  'Motif(s) de refus',
  'Statut',
  'Clôturée le',
  'Répartition',
  'Règle de répartition',
  'Échéance',
  'Échéance prolongée',
  'Échéance en vigueur',
  'Résumé',
] as const;
export type RegisterHeader = (typeof REGISTER_HEADERS)[number];
const WIDTHS = [18, 10, 11, 16, 14, 24, 28, 20, 22, 28, 10, 28, 36, 11, 36, 16, 11, 14, 30, 11, 11, 11, 60];

/** Separates the items of a list in one cell ("Accès ; Effacement"). */
export const LIST_SEPARATOR = ' ; ';

export interface RegisterEntry {
  row: RequestRow;
  rights: RightRow[];
  agreementCode: string;
  school: SchoolRow | null;
}

const text = textCell;
const date = dateCell;

/** The last answer date of the request's rights (null while one is unanswered). */
function lastAnswer(rights: RightRow[]): string | null {
  const dates = rights.map((r) => r.answeredOn);
  if (dates.length === 0 || dates.some((d) => !d)) return null;
  return (dates as string[]).sort().at(-1) ?? null;
}

export function registerRow(e: RegisterEntry): Cell[] {
  const { row } = e;
  const answered = e.rights.filter((r) => r.outcome);
  const refused = e.rights.filter((r) => r.refusalReason);
  return [
    text(row.reference),
    text(e.agreementCode),
    date(row.receivedOn),
    text(CHANNEL_LABELS[row.channel]),
    text(MEDIUM_LABELS[row.medium]),
    text(row.requesterName),
    text(row.requesterContact),
    text(REQUESTER_CATEGORY_LABELS[row.requesterCategory]),
    text(row.subjectName),
    text(e.school?.name),
    text(e.school?.uai),
    text(e.rights.map((r) => RIGHT_LABELS[r.right]).join(LIST_SEPARATOR)),
    text(answered.map((r) => `${RIGHT_LABELS[r.right]} : ${OUTCOME_LABELS[r.outcome!]}`).join(LIST_SEPARATOR)),
    date(lastAnswer(e.rights)),
    text(refused.map((r) => `${RIGHT_LABELS[r.right]} : ${r.refusalReason}`).join(LIST_SEPARATOR)),
    text(STATUS_LABELS[row.status]),
    date(row.closedOn),
    text(row.allocationParty ? PARTY_LABELS[row.allocationParty] : 'À arbitrer'),
    text(row.allocationReason),
    date(row.responseDeadline),
    date(row.extended ? row.extendedDeadline : null),
    date(row.dueOn),
    text(row.summary),
  ];
}

export function registerSheet(entries: RegisterEntry[]): SheetSpec {
  return {
    name: 'Registre',
    headers: [...REGISTER_HEADERS],
    widths: WIDTHS,
    hidden: [],
    rows: entries.map(registerRow),
    table: true,
  };
}

/** One CSV field: dates dd/mm/yyyy, formula-like text behind an apostrophe, quoted when needed. */
function csvField(c: Cell): string {
  if (c === null) return '';
  const raw = c.t === 'd' ? formatDateFr(c.v) : c.t === 'n' ? String(c.v).replace('.', ',') : looksLikeFormula(c.v) ? `'${c.v}` : c.v;
  return /[;"\r\n]/.test(raw) ? `"${raw.replace(/"/g, '""')}"` : raw;
}

/** The sheet as CSV text for French Excel (the caller encodes it as UTF-8 after the BOM). */
export function registerCsv(sheet: SheetSpec): string {
  const lines = [sheet.headers.map((h) => csvField({ t: 's', v: h })), ...sheet.rows.map((r) => r.map(csvField))];
  return `\uFEFF${lines.map((l) => l.join(';')).join('\r\n')}\r\n`;
}
