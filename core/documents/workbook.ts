// The joint-review workbook of a DPD meeting: one sheet per group of agenda sections (each row
// says its section in the "Point" column) plus all open requests, built here as plain data (sheets of typed cells); core/documents/xlsx.ts writes it
// with SheetJS. Reading it back (after the other office or the meeting filled the "Décision"
// column) is validated here, row by row, with a report naming sheet, row, column and reason.
// Pure.
import { DECISION_KINDS, DECISION_LABELS, SECTION_GROUPS, type Agenda, type AgendaItem, type AgendaRequest, type AgendaSection, type DecisionKind, type SectionKey } from './agenda';
import { formatDateFr } from '../explain';
import { CLOSED_STATUSES, STATUS_LABELS } from '../domain';
import { minutesProblems, type MinutesDecision } from './minutes';
import { sha256Hex } from '../journal';
import { normalizeWords, xmlForbiddenCharacter } from './text';

export type Cell =
  | { t: 's'; v: string }
  /** A calendar date 'YYYY-MM-DD', written as a real date cell shown dd/mm/yyyy. */
  | { t: 'd'; v: string }
  | { t: 'n'; v: number }
  | null;

export interface SheetSpec {
  name: string;
  headers: string[];
  /** Column widths in characters; hidden columns are listed in `hidden`. */
  widths: number[];
  hidden: number[];
  rows: Cell[][];
  /** Frozen header row and autofilter over the table. */
  table: boolean;
}

export interface WorkbookSpec {
  title: string;
  author: string;
  sheets: SheetSpec[];
}

/** Text a spreadsheet program could take for a formula (=, +, -, @, tab, carriage return). */
export const looksLikeFormula = (s: string) => /^[=+\-@\t\r]/.test(s);

/** A text cell (empty for no text). */
export const textCell = (v: string | null | undefined): Cell => (v === null || v === undefined || v === '' ? null : { t: 's', v });
/** A date cell (empty for no date). */
export const dateCell = (v: string | null | undefined): Cell => (v ? { t: 'd', v } : null);
const text = textCell;
const date = dateCell;

const INSTRUCTIONS_SHEET = "Mode d'emploi";
const MEETING_ID_LABEL = 'Identifiant de la réunion';
const CONTROL_LABEL = 'Contrôle (ne pas modifier)';
const OPEN_SHEET = 'Toutes les demandes ouvertes';
const OTHER_SHEET = '5. Questions diverses';

/**
 * Request sheets: the sections each holds, the agenda's groups 1 to 4 (SECTION_GROUPS), so a
 * section added to a group reaches the workbook, one row per line, with the same key
 * (`section:requestId`) the minutes and the re-import check.
 */
const SHEET_NAMES: Record<string, string> = { '1': '1. Échéances', '2': '2. Demandes en cours', '3': '3. Répartition', '4': '4. Clôturées' };
const REQUEST_SHEETS: { name: string; keys: SectionKey[] }[] = SECTION_GROUPS.filter((g) => SHEET_NAMES[g.number]).map((g) => ({
  name: SHEET_NAMES[g.number]!,
  keys: g.keys,
}));

const REQUEST_HEADERS = [
  'Clé',
  'Référence',
  'Point',
  'Reçue le',
  'Demandeur',
  'Personne concernée',
  'Droits',
  'Statut',
  'Répartition',
  'Échéance',
  'Observation',
  'Décision',
  'Motifs ou commentaire',
] as const;
const REQUEST_WIDTHS = [12, 16, 30, 11, 24, 22, 24, 18, 24, 11, 60, 24, 40];
const COL = {
  key: 0,
  reference: 1,
  decision: REQUEST_HEADERS.indexOf('Décision'),
  text: REQUEST_HEADERS.indexOf('Motifs ou commentaire'),
} as const;

const OTHER_HEADERS = ['Clé', 'Point', 'Décision', 'Motifs ou commentaire'] as const;

const columnLetter = (i: number) => String.fromCharCode(65 + i);

function requestRow(section: AgendaSection, i: AgendaItem, key = i.key): Cell[] {
  return [
    text(key),
    text(i.reference),
    text(`${section.number} ${section.title}`),
    date(i.receivedOn),
    text(i.requester),
    text(i.subject),
    text(i.rights),
    text(i.status),
    text(i.party),
    date(i.dueOn),
    text(i.note),
    null,
    null,
  ];
}

/** The meeting a workbook is made for: its id, agreement and date are sealed in the control value. */
export interface WorkbookMeeting {
  id: string;
  agreementId: string;
  date: string;
}

/**
 * The control value written in the instructions: a digest of the meeting's id, agreement and date.
 * A file whose meeting id was edited, or made for another meeting, or before the meeting's date
 * changed, does not carry the control of this meeting, and is refused on re-import. (Against
 * mistakes and casual edits: whoever types decisions into the app can type them anyway.)
 */
export function workbookControl(meeting: WorkbookMeeting): string {
  return sha256Hex(`classeur|${meeting.id}|${meeting.agreementId}|${meeting.date}`).slice(0, 20).toUpperCase();
}

export function workbookSpec(agenda: Agenda, meeting: WorkbookMeeting, office: string): WorkbookSpec {
  /** The section, or none: left out for this agreement (no processor clause), or an agenda stored before it existed. */
  const section = (k: SectionKey) => agenda.sections.find((s) => s.key === k);
  const instructions: SheetSpec = {
    name: INSTRUCTIONS_SHEET,
    headers: ['Rubrique', 'Valeur'],
    widths: [28, 100],
    hidden: [],
    table: false,
    rows: [
      [text('Réunion'), text(`${agenda.title} du ${formatDateFr(agenda.date)}`)],
      [text('Date de la réunion'), date(agenda.date)],
      [text('Convention'), text(agenda.agreementName)],
      [text('Participants'), text(agenda.participants.join(', ') || 'non renseignés')],
      [text('Établi par'), text(office)],
      [text(MEETING_ID_LABEL), text(meeting.id)],
      [text(CONTROL_LABEL), text(workbookControl(meeting))],
      [text('Colonne « Décision »'), text(`Une valeur parmi : ${DECISION_KINDS.map((k) => DECISION_LABELS[k]).join(' ; ')}.`)],
      [text('Colonne « Motifs ou commentaire »'), text('Motifs de la prolongation ou de l’arbitrage, ou le commentaire. Un texte sans décision est repris comme commentaire.')],
      [text('À ne pas modifier'), text('Les colonnes « Clé » (masquée) et « Référence » : elles relient chaque ligne à sa demande.')],
      [text('Retour'), text('Dans la réunion, « Importer les décisions » relit ce classeur, affiche les décisions et les erreurs, et n’enregistre rien avant confirmation.')],
    ],
  };
  const requestSheets: SheetSpec[] = REQUEST_SHEETS.map((s) => ({
    name: s.name,
    headers: [...REQUEST_HEADERS],
    widths: REQUEST_WIDTHS,
    hidden: [COL.key],
    table: true,
    rows: s.keys.flatMap((k) => {
      const sec = section(k);
      return sec ? sec.items.map((i) => requestRow(sec, i)) : [];
    }),
  }));
  const other = section('other') ?? { items: [] };
  const otherSheet: SheetSpec = {
    name: OTHER_SHEET,
    headers: [...OTHER_HEADERS],
    widths: [12, 70, 24, 50],
    hidden: [0],
    table: true,
    rows: other.items.map((i) => [text(i.key), text(i.note), null, null]),
  };
  const open = section('open') ?? { key: 'open' as const, number: '2.1', title: '', empty: '', items: [] };
  // Every open request, whichever section lists it (an agenda lists each request once; one
  // stored before that listed them all in 2.1 as well: kept once).
  const closedLabels = new Set(CLOSED_STATUSES.map((s) => STATUS_LABELS[s]));
  const openItems = new Map<string, AgendaItem>();
  for (const sec of agenda.sections) {
    if (sec.key === 'closed') continue;
    for (const i of sec.items) if (i.requestId && !closedLabels.has(i.status) && !openItems.has(i.requestId)) openItems.set(i.requestId, i);
  }
  const openSheet: SheetSpec = {
    name: OPEN_SHEET,
    headers: [...REQUEST_HEADERS],
    widths: REQUEST_WIDTHS,
    hidden: [COL.key],
    table: true,
    rows: [...openItems.values()]
      .sort((a, b) => ((a.reference ?? '') < (b.reference ?? '') ? -1 : 1))
      .map((i) => requestRow({ ...open, number: '—', title: 'Demande ouverte' }, i, `all:${i.requestId}`)),
  };
  return {
    title: `${agenda.title} du ${formatDateFr(agenda.date)} : ${agenda.agreementName}`,
    author: office,
    sheets: [instructions, ...requestSheets, otherSheet, openSheet],
  };
}

// ---------- reading back ----------

/**
 * A cell whose value is not read: a formula (its stored result is whatever the program that last
 * saved the file wrote) or an error value (#REF!, #N/A…).
 */
export interface UnreadCell {
  formula: boolean;
  /** The error shown in the cell ('#REF!'), or null. */
  error: string | null;
}

export type ParsedCell = string | number | boolean | null | UnreadCell;

/** A sheet as the host's reader returns it: rows of plain values (row 0 = the header row). */
export interface ParsedSheet {
  name: string;
  rows: ParsedCell[][];
}

export interface ImportProblem {
  sheet: string;
  /** Spreadsheet row number (1 = headers); 0 for the whole file. */
  row: number;
  /** Column letter and header, e.g. "L (Décision)"; '' for a whole row or sheet. */
  column: string;
  reason: string;
}

export interface ImportedDecision extends MinutesDecision {
  sheet: string;
  row: number;
  reference: string | null;
}

export interface ImportReport {
  decisions: ImportedDecision[];
  problems: ImportProblem[];
}

/** At most this many rows per sheet are read; a longer sheet is refused (the file is not ours). */
export const MAX_IMPORT_ROWS = 5000;

const KNOWN_DECISIONS = new Map<string, DecisionKind>(
  DECISION_KINDS.flatMap((k) => {
    const label = normalizeWords(DECISION_LABELS[k]).replace(/\s*:\s*/g, ' ');
    return [
      [label, k],
      [normalizeWords(DECISION_LABELS[k]), k],
    ] as [string, DecisionKind][];
  }),
);

/** The decision typed in a cell ("Arbitrage : académie", "arbitrage academie"…), or null. */
export function parseDecision(value: string): DecisionKind | null {
  const n = normalizeWords(value).replace(/\s*:\s*/g, ' ').replace(/\.$/, '');
  return KNOWN_DECISIONS.get(n) ?? null;
}

const isUnread = (v: ParsedCell | undefined): v is UnreadCell => v !== null && typeof v === 'object';
const cellText = (v: ParsedCell | undefined) => (v === null || v === undefined || isUnread(v) ? '' : String(v).trim());

/** Why an unread cell is refused, in words. */
function unreadReason(cell: UnreadCell): string {
  if (cell.error) return `valeur d'erreur ${cell.error} (une formule dont la référence ou le calcul a échoué) : tapez la valeur elle-même.`;
  return 'formule refusée : ses résultats ne sont pas relus (ils peuvent ne pas être à jour) ; tapez la valeur elle-même.';
}

/** The longest motives or comment a decision may carry: the same as typed minutes (meetings.saveMinutes). */
export const DECISION_TEXT_MAX = 2000;

/**
 * Reads the decisions of a filled workbook. `requests` are the agreement's requests as they are
 * now (by id); a decision is checked against the request's current state, so a pre-emption
 * validated since the export is refused rather than applied twice.
 */
export function readDecisions(
  sheets: readonly ParsedSheet[],
  ctx: { meetingId: string; agreementId: string; date: string; requests: ReadonlyMap<string, AgendaRequest>; otherItemKeys: readonly string[] },
): ImportReport {
  const problems: ImportProblem[] = [];
  const decisions: ImportedDecision[] = [];
  const byReference = new Map([...ctx.requests.values()].map((r) => [r.reference, r]));

  // The file must say it belongs to this meeting: instructions sheet, meeting id and control value.
  const instructions = sheets.find((s) => s.name === INSTRUCTIONS_SHEET);
  const refuse = (row: number, column: string, reason: string): ImportReport => ({ decisions: [], problems: [{ sheet: INSTRUCTIONS_SHEET, row, column, reason }] });
  if (!instructions) {
    return refuse(0, '', `feuille « ${INSTRUCTIONS_SHEET} » absente : elle relie le classeur à sa réunion. Exportez de nouveau le classeur de cette réunion.`);
  }
  const rowOf = (label: string) => instructions.rows.findIndex((r) => cellText(r[0]) === label);
  const idAt = rowOf(MEETING_ID_LABEL);
  const controlAt = rowOf(CONTROL_LABEL);
  if (idAt < 0 || controlAt < 0) {
    return refuse(0, 'A (Rubrique)', `ligne « ${idAt < 0 ? MEETING_ID_LABEL : CONTROL_LABEL} » absente du mode d'emploi : exportez de nouveau le classeur de cette réunion.`);
  }
  for (const at of [idAt, controlAt]) {
    const cell = instructions.rows[at]![1];
    if (isUnread(cell)) return refuse(at + 1, 'B (Valeur)', unreadReason(cell));
  }
  if (cellText(instructions.rows[idAt]![1]) !== ctx.meetingId) {
    return refuse(idAt + 1, 'B (Valeur)', 'ce classeur a été produit pour une autre réunion : exportez celui de cette réunion.');
  }
  if (cellText(instructions.rows[controlAt]![1]) !== workbookControl({ id: ctx.meetingId, agreementId: ctx.agreementId, date: ctx.date })) {
    return refuse(
      controlAt + 1,
      'B (Valeur)',
      "valeur de contrôle différente : le classeur a été modifié dans son mode d'emploi, ou produit pour une autre réunion, ou avant un changement de date de la réunion. Exportez de nouveau le classeur de cette réunion.",
    );
  }

  const known = sheets.filter((s) => s.name !== INSTRUCTIONS_SHEET);
  const expectedNames = [...REQUEST_SHEETS.map((s) => s.name), OTHER_SHEET, OPEN_SHEET];
  if (!known.some((s) => expectedNames.includes(s.name))) {
    problems.push({ sheet: '', row: 0, column: '', reason: `aucune feuille du classeur de réunion (attendu : ${expectedNames.map((n) => `« ${n} »`).join(', ')}).` });
    return { decisions, problems };
  }

  for (const sheet of known) {
    if (!expectedNames.includes(sheet.name)) continue; // a sheet the user added: not ours to read
    const isOther = sheet.name === OTHER_SHEET;
    const headers: readonly string[] = isOther ? OTHER_HEADERS : REQUEST_HEADERS;
    const header = sheet.rows[0] ?? [];
    const keyCol = 0;
    const refCol = isOther ? -1 : COL.reference;
    const decisionCol = isOther ? OTHER_HEADERS.indexOf('Décision') : COL.decision;
    const textCol = isOther ? OTHER_HEADERS.indexOf('Motifs ou commentaire') : COL.text;
    const checked = [keyCol, refCol, decisionCol, textCol].filter((c) => c >= 0);
    const moved = checked.filter((c) => isUnread(header[c]) || cellText(header[c]) !== headers[c]);
    if (moved.length > 0) {
      for (const c of moved) {
        problems.push({
          sheet: sheet.name,
          row: 1,
          column: `${columnLetter(c)} (${headers[c]})`,
          reason: `colonne « ${headers[c]} » modifiée ou déplacée (lu : « ${cellText(header[c]) || 'vide'} ») : la feuille n'est pas lue.`,
        });
      }
      continue;
    }
    if (sheet.rows.length - 1 > MAX_IMPORT_ROWS) {
      problems.push({ sheet: sheet.name, row: 0, column: '', reason: `plus de ${MAX_IMPORT_ROWS} lignes : la feuille n'est pas lue.` });
      continue;
    }
    sheet.rows.slice(1).forEach((row, i) => {
      const rowNumber = i + 2;
      const at = (c: number) => `${columnLetter(c)} (${headers[c]})`;
      // A formula or an error value in a column that is read: reported, the row is not read.
      const unread = checked.filter((c) => isUnread(row[c]));
      if (unread.length > 0) {
        for (const c of unread) problems.push({ sheet: sheet.name, row: rowNumber, column: at(c), reason: unreadReason(row[c] as UnreadCell) });
        return;
      }
      const decisionText = cellText(row[decisionCol]);
      const reasons = cellText(row[textCol]);
      if (!decisionText && !reasons) return;
      if (reasons.length > DECISION_TEXT_MAX) {
        problems.push({ sheet: sheet.name, row: rowNumber, column: at(textCol), reason: `texte trop long (${reasons.length} caractères) : ${DECISION_TEXT_MAX} au plus, comme dans le compte rendu saisi.` });
        return;
      }
      const bad = xmlForbiddenCharacter(reasons) ?? xmlForbiddenCharacter(decisionText);
      if (bad) {
        problems.push({ sheet: sheet.name, row: rowNumber, column: at(xmlForbiddenCharacter(reasons) ? textCol : decisionCol), reason: `caractère invisible non autorisé (${bad.code}) : retirez-le.` });
        return;
      }
      const kind = decisionText ? parseDecision(decisionText) : 'comment';
      if (!kind) {
        problems.push({
          sheet: sheet.name,
          row: rowNumber,
          column: at(decisionCol),
          reason: `décision inconnue « ${decisionText} » : valeurs possibles ${DECISION_KINDS.map((k) => `« ${DECISION_LABELS[k]} »`).join(', ')}.`,
        });
        return;
      }
      const key = cellText(row[keyCol]);
      if (isOther) {
        if (!ctx.otherItemKeys.includes(key)) {
          problems.push({ sheet: sheet.name, row: rowNumber, column: at(keyCol), reason: 'point divers inconnu de cet ordre du jour (ligne ajoutée ou clé modifiée).' });
          return;
        }
        decisions.push({ sheet: sheet.name, row: rowNumber, reference: null, itemKey: key, requestId: null, kind, text: reasons });
        return;
      }
      const reference = cellText(row[refCol]);
      if (!reference) {
        problems.push({ sheet: sheet.name, row: rowNumber, column: at(refCol), reason: 'référence vide : la décision ne peut être rattachée à aucune demande.' });
        return;
      }
      const keyId = key.includes(':') ? key.slice(key.indexOf(':') + 1) : '';
      const byKey = keyId ? ctx.requests.get(keyId) : undefined;
      if (byKey && byKey.reference !== reference) {
        problems.push({ sheet: sheet.name, row: rowNumber, column: at(refCol), reason: `référence modifiée : cette ligne est celle de ${byKey.reference}, pas de ${reference}.` });
        return;
      }
      const request = byKey ?? byReference.get(reference);
      if (!request) {
        problems.push({ sheet: sheet.name, row: rowNumber, column: at(refCol), reason: `référence inconnue « ${reference} » dans cette convention.` });
        return;
      }
      decisions.push({
        sheet: sheet.name,
        row: rowNumber,
        reference: request.reference,
        itemKey: byKey ? key : `all:${request.id}`,
        requestId: request.id,
        kind,
        text: reasons,
      });
    });
  }

  // Each decision against the request as it is now, and against the other decisions of the file.
  for (const p of minutesProblems(decisions, ctx.requests, ctx.date)) {
    const d = decisions[p.index]!;
    problems.push({ sheet: d.sheet, row: d.row, column: `${columnLetter(d.requestId === null ? 2 : COL.decision)} (Décision)`, reason: p.message });
  }
  const bad = new Set(problems.map((p) => `${p.sheet}|${p.row}`));
  const order = (name: string) => sheets.findIndex((x) => x.name === name);
  problems.sort((a, b) => order(a.sheet) - order(b.sheet) || a.row - b.row);
  return { decisions: decisions.filter((d) => !bad.has(`${d.sheet}|${d.row}`)), problems };
}
