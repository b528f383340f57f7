// Documents: the list of what was kept for a request or a meeting, and each file made again
// from its kept content, identical to the first time.
import type { HandlersOf } from '../../api/contract';
import type { ServiceContext } from '../../api/context';
import { DomainError, notFound } from '../../errors';
import type { IsoDate } from '../../domain';
import type { Agenda } from '../../documents/agenda';
import type { LetterDoc } from '../../documents/letters';
import type { WorkbookSpec } from '../../documents/workbook';
import type { documentCalls } from './calls';
import { agendaFile, documentSummaryOut, isLetterKind, letterFile, pdfRenderer, workbookFile, type MinutesLine } from './files';

export function createDocumentHandlers(ctx: ServiceContext): HandlersOf<typeof documentCalls> {
  const { store } = ctx;
  const renderPdf = pdfRenderer(ctx);
  return {
    'documents.list': (input) => {
      if ('requestId' in input) ctx.requireRequest(input.requestId);
      else if (!store.getMeeting(input.meetingId)) throw notFound('Réunion');
      return store.listDocuments(input).map(documentSummaryOut);
    },

    'documents.download': async (input) => {
      const row = store.getDocument(input.id);
      if (!row) throw notFound('Document');
      const content = JSON.parse(row.content) as unknown;
      if (isLetterKind(row.kind)) return letterFile(content as LetterDoc, row.format as 'pdf' | 'docx' | 'html', renderPdf);
      if (row.kind === 'agenda') {
        return agendaFile(content as { agenda: Agenda; office: string; minutes: MinutesLine[]; code: string; notes?: string }, row.format as 'pdf' | 'html', renderPdf);
      }
      if (row.kind === 'workbook') return workbookFile(content as { spec: WorkbookSpec; code: string; date: IsoDate });
      throw new DomainError('DOCUMENT_INCONNU', `Document d'un type inconnu (« ${row.kind} ») : il ne peut pas être produit de nouveau.`);
    },
  };
}
