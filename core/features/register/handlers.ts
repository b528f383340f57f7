// The register in and out: export of the requests the list's filters select (all pages, the
// list's order) as an .xlsx sheet or a CSV for French Excel; import of an existing register
// (preview: mapping, first lines, report; then the importable lines in one transaction); import
// of an agreement's schools the same way.
import { allocate } from '../../allocation';
import type { HandlersOf } from '../../api/contract';
import type { ServiceContext } from '../../api/context';
import { MAX_REGISTER_BYTES } from '../../api/host-errors';
import type { SchoolRow } from '../../api/store';
import { PARTY_LABELS, RIGHTS, RIGHT_LABELS, STATUS_LABELS, type Party } from '../../domain';
import { registerCsv, registerSheet, type RegisterEntry } from '../../documents/register';
import {
  FIELD_INFO,
  REGISTER_FIELDS,
  guessMapping,
  headerTexts,
  mappingProblem,
  readRegister,
  type ColumnMapping,
  type FieldInfo,
  type ImportedLine,
} from '../../documents/register-import';
import { SCHOOL_FIELDS, SCHOOL_FIELD_INFO, guessSchoolMapping, readSchools, type SchoolMapping } from '../../documents/schools-import';
import { fromBase64, safeFileName, toBase64 } from '../../documents/text';
import type { ParsedSheet } from '../../documents/workbook';
import { DomainError } from '../../errors';
import { dueRange } from '../requests/handlers';
import { REF_OFFICE, newRequestRow } from '../requests/new-row';
import type { registerCalls } from './calls';

/** Requests read per query while exporting (the store's page). */
const PAGE = 1000;
/** Problems listed in a preview (the count says how many more). */
const MAX_PROBLEMS_SHOWN = 2000;
/** Lines shown in a preview, as they will be recorded. */
const PREVIEW_LINES = 20;

const partyText = (a: { party: Party | null; status: string }) => (a.party ? `${PARTY_LABELS[a.party]}${a.status === 'to-settle' ? ' (à confirmer)' : ''}` : 'À répartir');

const fieldsOut = <F extends string>(fields: readonly F[], info: Record<F, FieldInfo>) =>
  fields.map((field) => ({ field, label: info[field].label, required: info[field].required }));

export function createRegisterHandlers(ctx: ServiceContext): HandlersOf<typeof registerCalls> {
  const { store, clock, newId, requireAgreement, record, allocationColumns } = ctx;
  const { storedDeadlines } = ctx.read;

  function insertLine(
    id: string,
    reference: string,
    numbering: { refOffice: string; year: number; seq: number },
    line: ImportedLine,
    agreement: ReturnType<typeof requireAgreement>,
    now: string,
  ) {
    const allocation = allocate(agreement.rules, { requesterCategory: line.requesterCategory, channel: line.channel });
    const deadlines = storedDeadlines({ receivedOn: line.receivedOn, extended: false, extensionNotifiedOn: null }, [], agreement.holidayCalendar);
    store.insertRequest(
      newRequestRow({
        id,
        agreementId: agreement.id,
        reference,
        ...numbering,
        receivedOn: line.receivedOn,
        channel: line.channel,
        medium: line.medium,
        requesterName: line.requesterName,
        requesterContact: line.requesterContact,
        requesterCategory: line.requesterCategory,
        subjectName: line.subjectName,
        schoolId: line.schoolId,
        summary: line.summary,
        ...allocationColumns(allocation),
        ...deadlines,
        status: line.status,
        closedOn: line.closedOn,
        createdAt: now,
      }),
      line.rights.map((x) => ({ id: newId(), requestId: id, right: x.right, outcome: x.outcome, refusalReason: x.refusalReason, erasureException: null, answeredOn: x.answeredOn })),
    );
    return { allocation, responseDeadline: deadlines.responseDeadline };
  }

  /** The picked file checked (name, encoding, size), parsed in the host's limited worker, and its header line. */
  async function parse(input: { agreementId: string; filename: string; base64: string }) {
    const agreement = requireAgreement(input.agreementId);
    if (!/\.(xlsx|ods|csv|txt)$/i.test(input.filename)) {
      throw new DomainError('FICHIER_ILLISIBLE', `« ${input.filename} » : importez un fichier .xlsx, .ods ou .csv.`);
    }
    const bytes = fromBase64(input.base64);
    if (!bytes) throw new DomainError('FICHIER_ILLISIBLE', 'Le fichier reçu est altéré (encodage invalide) : choisissez-le de nouveau.');
    if (bytes.length > MAX_REGISTER_BYTES) {
      throw new DomainError('FICHIER_ILLISIBLE', `Fichier trop volumineux (${Math.round(bytes.length / 1_000_000)} Mo) : ${MAX_REGISTER_BYTES / 1_000_000} Mo au plus.`);
    }
    if (!ctx.readRegister) throw new DomainError('FICHIER_ILLISIBLE', "La lecture des registres n'est pas disponible dans cette installation.");
    let sheets: ParsedSheet[];
    try {
      sheets = await ctx.readRegister(bytes);
    } catch (e) {
      throw new DomainError('FICHIER_ILLISIBLE', e instanceof Error ? e.message : String(e));
    }
    const headers = headerTexts(sheets.find((sh) => sh.rows.length > 0)?.rows[0]);
    // A zip (.xlsx, .ods) holds typed cells; anything else was read as CSV text.
    return { agreement, sheets, headers, csv: !(bytes[0] === 0x50 && bytes[1] === 0x4b) };
  }

  /** The guessed columns with the user's choices over them, refused when the file cannot hold them. */
  function chosenMapping<F extends string>(guessed: Record<F, number | null>, chosen: Partial<Record<F, number | null>> | undefined, info: Record<F, FieldInfo>, headers: string[]) {
    const mapping = { ...guessed, ...(chosen ?? {}) };
    const bad = mappingProblem(mapping, info, headers);
    if (bad) throw new DomainError('COLONNES_INCOHERENTES', bad, { mapping: bad });
    return mapping;
  }

  async function readFile(input: { agreementId: string; filename: string; base64: string; mapping?: ColumnMapping | undefined }) {
    const { agreement, sheets, headers, csv } = await parse(input);
    const mapping = chosenMapping(guessMapping(headers), input.mapping, FIELD_INFO, headers);
    const result = readRegister(sheets, mapping, {
      today: clock.today(),
      defaultChannel: ctx.office()?.party ?? 'academie',
      schools: store.listSchools(agreement.id),
      referenceTaken: (r) => store.isReferenceTaken(r),
      csv,
    });
    return { agreement, headers, mapping, ...result };
  }

  async function readSchoolFile(input: { agreementId: string; filename: string; base64: string; mapping?: SchoolMapping | undefined }) {
    const { agreement, sheets, headers, csv } = await parse(input);
    const mapping = chosenMapping(guessSchoolMapping(headers), input.mapping, SCHOOL_FIELD_INFO, headers);
    const result = readSchools(sheets, mapping, { existing: store.listSchools(agreement.id).map((s) => s.uai), csv });
    return { agreement, headers, mapping, ...result };
  }

  return {
    'register.preview': async (input) => {
      const r = await readFile(input);
      const schools = new Map(store.listSchools(r.agreement.id).map((x) => [x.id, x.name]));
      return {
        headers: r.headers,
        fields: fieldsOut(REGISTER_FIELDS, FIELD_INFO),
        mapping: r.mapping,
        total: r.total,
        valid: r.lines.length,
        problemCount: r.problems.length,
        problems: r.problems.slice(0, MAX_PROBLEMS_SHOWN),
        preview: r.lines.slice(0, PREVIEW_LINES).map((l) => ({
          row: l.row,
          reference: l.reference,
          receivedOn: l.receivedOn,
          requesterName: l.requesterName,
          rights: l.rights.map((x) => RIGHT_LABELS[x.right]).join(', '),
          school: l.schoolId ? (schools.get(l.schoolId) ?? null) : null,
          party: partyText(allocate(r.agreement.rules, { requesterCategory: l.requesterCategory, channel: l.channel })),
          status: STATUS_LABELS[l.status],
        })),
      };
    },

    'register.import': async (input) => {
      const r = await readFile(input);
      if (r.lines.length === 0) {
        throw new DomainError('AUCUNE_LIGNE', "Aucune ligne importable : corrigez le fichier d'après le rapport, puis importez-le de nouveau. Rien n'a été enregistré.");
      }
      const { agreement } = r;
      const refOffice = REF_OFFICE[ctx.office()?.party ?? 'academie'];
      const ours = new RegExp(`^${agreement.code.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-([AC])-(\\d{4})-(\\d{4,})$`);
      const now = clock.now();
      const references = store.transaction(() =>
        r.lines.map((line) => {
          const id = newId();
          const year = Number(line.receivedOn.slice(0, 4));
          // A reference this agreement minted (FAR-A-2026-0012) keeps its office, year and number, so
          // the offices' next numbers follow it; any other original reference is kept as written,
          // numbered apart (office '' as the references issued before the exchange); none: minted.
          const m = line.reference ? ours.exec(line.reference) : null;
          const numbering = m
            ? { refOffice: m[1]!, year: Number(m[2]), seq: Number(m[3]) }
            : line.reference
              ? { refOffice: '', year, seq: store.nextRequestSeq(agreement.id, year, '') }
              : { refOffice, year, seq: store.nextRequestSeq(agreement.id, year, refOffice) };
          const reference = line.reference ?? `${agreement.code}-${refOffice}-${year}-${String(numbering.seq).padStart(4, '0')}`;
          const computed = insertLine(id, reference, numbering, line, agreement, now);
          record(id, 'request.created', {
            reference,
            receivedOn: line.receivedOn,
            rights: line.rights.map((x) => x.right),
            ...computed,
            status: line.status,
            summary: `importée depuis ${input.filename}, ligne ${line.row}`,
            imported: { file: input.filename, line: line.row },
          }, agreement.id);
          return reference;
        }),
      );
      return { imported: references.length, skipped: r.total - references.length, references };
    },

    'register.previewSchools': async (input) => {
      const r = await readSchoolFile(input);
      return {
        headers: r.headers,
        fields: fieldsOut(SCHOOL_FIELDS, SCHOOL_FIELD_INFO),
        mapping: r.mapping,
        total: r.total,
        valid: r.lines.length,
        problemCount: r.problems.length,
        problems: r.problems.slice(0, MAX_PROBLEMS_SHOWN),
        preview: r.lines.slice(0, PREVIEW_LINES),
      };
    },

    'register.importSchools': async (input) => {
      const r = await readSchoolFile(input);
      if (r.lines.length === 0) {
        throw new DomainError('AUCUNE_LIGNE', "Aucune école importable : corrigez le fichier d'après le rapport, puis importez-le de nouveau. Rien n'a été enregistré.");
      }
      const now = clock.now();
      store.transaction(() => {
        for (const line of r.lines) store.insertSchool({ id: newId(), agreementId: r.agreement.id, name: line.name, address: line.address, uai: line.uai, createdAt: now });
      });
      return { imported: r.lines.length, skipped: r.total - r.lines.length };
    },

    'register.export': async (input) => {
      const today = clock.today();
      const { format, urgency, statuses, party, openOnly, ...base } = input;
      const query = {
        ...base,
        openOnly: openOnly || urgency !== undefined,
        ...(statuses ? { statuses } : {}),
        ...(party ? { party } : {}),
        ...(urgency ? { due: dueRange(urgency, today) } : {}),
      };
      const codes = new Map<string, string>();
      const schools = new Map<string, SchoolRow>();
      const agreementCode = (id: string) => {
        let code = codes.get(id);
        if (code === undefined) {
          code = store.getAgreement(id)?.code ?? '';
          codes.set(id, code);
          for (const s of store.listSchools(id)) schools.set(s.id, s);
        }
        return code;
      };
      const entries: RegisterEntry[] = [];
      for (let offset = 0; ; offset += PAGE) {
        const page = store.listRequests({ ...query, offset, limit: PAGE });
        // The list's order (the store reads the rights of a page in any order).
        const full = new Map(store.getRequestsWithRights(page.map((r) => r.id)).map((x) => [x.row.id, x]));
        for (const r of page) {
          const { row, rights } = full.get(r.id)!;
          const sorted = [...rights].sort((a, b) => RIGHTS.indexOf(a.right) - RIGHTS.indexOf(b.right));
          entries.push({ row, rights: sorted, agreementCode: agreementCode(row.agreementId), school: row.schoolId ? (schools.get(row.schoolId) ?? null) : null });
        }
        if (page.length < PAGE) break;
      }
      const scope = input.agreementId ? safeFileName(agreementCode(input.agreementId)) : 'toutes-conventions';
      const sheet = registerSheet(entries);
      if (format === 'csv') {
        return { filename: `Registre-${scope}-${today}.csv`, mimeType: 'text/csv;charset=utf-8', base64: toBase64(new TextEncoder().encode(registerCsv(sheet))) };
      }
      const { writeWorkbook } = await import('../../documents/xlsx');
      const author = ctx.office()?.label ?? '';
      return {
        filename: `Registre-${scope}-${today}.xlsx`,
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        base64: toBase64(writeWorkbook({ title: 'Registre des demandes', author, sheets: [sheet] })),
      };
    },
  };
}
