// The files the app hands out (letters, agenda, workbook), made from what was kept when they
// were first saved, so `documents.download` gives the same file again. PDF is always Chromium
// (ServiceDeps.renderPdf); XLSX and DOCX are written in memory by pure libraries, loaded on demand
// so the renderer's bundle (which imports the contract) never carries them.
import type { ServiceDeps } from '../../api/context';
import type { DocumentRow } from '../../api/document-store';
import { DomainError } from '../../errors';
import { PDF_UNAVAILABLE_MESSAGE, PdfUnavailableError } from '../../api/host-errors';
import type { FileOut } from '../../api/schemas';
import type { IsoDate } from '../../domain';
import { agendaHtml, type Agenda, type DecisionKind } from '../../documents/agenda';
import { LETTER_KINDS, LETTER_LABELS, letterHtml, type LetterDoc, type LetterKind } from '../../documents/letters';
import { safeFileName, toBase64 } from '../../documents/text';
import type { WorkbookSpec } from '../../documents/workbook';
import type { DocumentSummary } from './calls';

const MIME = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html;charset=utf-8',
} as const;

const encoder = new TextEncoder();

export const isLetterKind = (k: string): k is LetterKind => (LETTER_KINDS as readonly string[]).includes(k);

const documentLabel = (kind: string) =>
  isLetterKind(kind) ? LETTER_LABELS[kind] : kind === 'agenda' ? 'Ordre du jour' : kind === 'workbook' ? 'Classeur de revue conjointe' : kind;

export function documentSummaryOut(row: Omit<DocumentRow, 'content'>): DocumentSummary {
  return {
    id: row.id,
    requestId: row.requestId,
    meetingId: row.meetingId,
    kind: row.kind,
    label: documentLabel(row.kind),
    title: row.title,
    format: row.format,
    templateVersion: row.templateVersion,
    createdAt: row.createdAt,
  };
}

/** One decision of the minutes as printed under the agenda. */
export interface MinutesLine {
  itemKey: string;
  kind: DecisionKind;
  text: string;
}

export type RenderPdf = (html: string) => Promise<Uint8Array>;

/** The host's PDF renderer, its failures turned into French refusals. */
export function pdfRenderer(deps: Pick<ServiceDeps, 'renderPdf'>): RenderPdf {
  return async (html) => {
    if (!deps.renderPdf) throw new DomainError('NAVIGATEUR_ABSENT', PDF_UNAVAILABLE_MESSAGE);
    try {
      return await deps.renderPdf(html);
    } catch (e) {
      if (e instanceof PdfUnavailableError) throw new DomainError('NAVIGATEUR_ABSENT', e.message || PDF_UNAVAILABLE_MESSAGE);
      throw new DomainError('PDF_ECHEC', `Le PDF n'a pas pu être produit (${e instanceof Error ? e.message : String(e)}) ; rien n'a été enregistré.`);
    }
  };
}

export async function letterFile(doc: LetterDoc, format: 'pdf' | 'docx' | 'html', renderPdf: RenderPdf): Promise<FileOut> {
  const base = `${doc.reference}-${safeFileName(LETTER_LABELS[doc.kind])}-${doc.date}`;
  if (format === 'pdf') {
    return { filename: `${base}.pdf`, mimeType: MIME.pdf, base64: toBase64(await renderPdf(letterHtml(doc))) };
  }
  if (format === 'docx') {
    const { letterDocx } = await import('../../documents/docx');
    return { filename: `${base}.docx`, mimeType: MIME.docx, base64: toBase64(await letterDocx(doc)) };
  }
  return { filename: `${base}.html`, mimeType: MIME.html, base64: toBase64(encoder.encode(letterHtml(doc))) };
}

export async function agendaFile(
  content: { agenda: Agenda; office: string; minutes: MinutesLine[]; code: string; notes?: string },
  format: 'pdf' | 'html',
  renderPdf: RenderPdf,
): Promise<FileOut> {
  const html = agendaHtml(content.agenda, { name: content.office }, content.minutes, content.notes ?? '');
  // Named after the meeting: a DSDEN 13 agreement has no monthly meeting (its art. 4), only DPD meetings.
  const meeting = content.agenda.title === 'Réunion des DPD' ? 'Reunion-DPD' : 'Point-mensuel-DPD';
  const base = `${meeting}-${safeFileName(content.code)}-${content.agenda.date}`;
  if (format === 'pdf') return { filename: `${base}.pdf`, mimeType: MIME.pdf, base64: toBase64(await renderPdf(html)) };
  return { filename: `${base}.html`, mimeType: MIME.html, base64: toBase64(encoder.encode(html)) };
}

export async function workbookFile(content: { spec: WorkbookSpec; code: string; date: IsoDate }): Promise<FileOut> {
  const { writeWorkbook } = await import('../../documents/xlsx');
  return {
    filename: `Revue-conjointe-${safeFileName(content.code)}-${content.date}.xlsx`,
    mimeType: MIME.xlsx,
    base64: toBase64(writeWorkbook(content.spec)),
  };
}
