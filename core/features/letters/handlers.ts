// Letters, letterhead and documents: templates per agreement (versioned, checked at save),
// drafts filled from the request, letters saved as PDF (Chromium), DOCX or printed, each saved
// letter kept with the template version that produced it and recorded as one `letter.sent` event
// whatever the number of formats it is saved in (sent.ts).
import type { HandlersOf } from '../../api/contract';
import type { ServiceContext } from '../../api/context';
import { DomainError } from '../../errors';
import type { IsoDate } from '../../domain';
import { formatDateFr } from '../../explain';
import { letterRequestFromDetail } from '../../documents/letter-input';
import {
  DEFAULT_TEMPLATES,
  LETTER_KINDS,
  LETTER_LABELS,
  letterDataGaps,
  letterDoc,
  letterMissing,
  letterValues,
  signatureLines,
  type LetterContext,
  type LetterKind,
  type LetterRequest,
  type SignedLetterhead,
} from '../../documents/letters';
import { PLACEHOLDERS, fillTemplate, missingMarkers, templateProblems, type PlaceholderName } from '../../documents/templates';
import { deFr } from '../../documents/text';
import type { Agreement } from '../agreements/calls';
import type { RequestDetail } from '../requests/calls';
import { documentSummaryOut, letterFile, pdfRenderer } from '../documents/files';
import { sameLetterDocuments } from './sent';
import type { letterCalls } from './calls';

// ---------- helpers ----------

const LETTERHEAD_KEY = 'letterhead';
/** A letterhead stored before the signatory existed reads with a blank signatory. */
const BLANK_LETTERHEAD: Required<SignedLetterhead> = {
  officeName: '',
  address: '',
  city: '',
  dpdName: '',
  dpdEmail: '',
  dpdPhone: '',
  signatoryName: '',
  signatoryTitle: '',
};
type StoredLetterhead = Required<SignedLetterhead>;

interface StoredTemplate {
  version: number;
  subject: string;
  body: string;
  updatedAt: string;
  updatedBy: string;
}

/**
 * The letterhead, its blanks filled from the agreement (the DPD contact of this office's party);
 * the signatory of decisions has no fallback: the DPD does not sign them.
 */
export type LetterheadFor = (agreement: Agreement) => StoredLetterhead;

export function createLetterHandlers(ctx: ServiceContext): { handlers: HandlersOf<typeof letterCalls>; letterheadFor: LetterheadFor } {
  const { store, clock, newId } = ctx;
  const renderPdf = pdfRenderer(ctx);
  // ----- letterhead -----

  function storedLetterhead(): StoredLetterhead | null {
    const raw = store.getSetting(LETTERHEAD_KEY) as Partial<StoredLetterhead> | undefined;
    if (!raw) return null;
    const out = { ...BLANK_LETTERHEAD };
    for (const k of Object.keys(BLANK_LETTERHEAD) as (keyof StoredLetterhead)[]) if (typeof raw[k] === 'string') out[k] = raw[k];
    return out;
  }

  /** The letterhead, its blanks filled from the agreement (the DPD contact of this office's party). */
  function letterheadFor(agreement: Agreement): StoredLetterhead {
    const stored = storedLetterhead() ?? BLANK_LETTERHEAD;
    const party = ctx.office()?.party ?? 'academie';
    const contact = agreement.dpdContacts[party];
    const fallback: StoredLetterhead = {
      officeName: party === 'academie' ? agreement.academieName : `Commune ${deFr(agreement.communeName)}`,
      address: contact.address,
      city: '',
      dpdName: contact.name,
      dpdEmail: contact.email,
      dpdPhone: contact.phone,
      signatoryName: '',
      signatoryTitle: '',
    };
    const out = { ...fallback };
    for (const k of Object.keys(stored) as (keyof StoredLetterhead)[]) if (stored[k].trim()) out[k] = stored[k];
    return out;
  }

  // ----- templates -----

  function storedTemplates(agreementId: string): Partial<Record<LetterKind, StoredTemplate>> {
    return (ctx.requireAgreement(agreementId).letterTemplates ?? {}) as Partial<Record<LetterKind, StoredTemplate>>;
  }

  function templateOut(kind: LetterKind, stored: StoredTemplate | undefined) {
    return {
      kind,
      label: LETTER_LABELS[kind],
      subject: stored?.subject ?? DEFAULT_TEMPLATES[kind].subject,
      body: stored?.body ?? DEFAULT_TEMPLATES[kind].body,
      version: stored?.version ?? 1,
      isDefault: !stored,
      updatedAt: stored?.updatedAt ?? null,
    };
  }

  function writeTemplate(agreementId: string, kind: LetterKind, subject: string, body: string) {
    const problems = [
      ...templateProblems(subject).map((p) => ({ field: 'subject', text: `objet : ${p.message}` })),
      ...templateProblems(body).map((p) => ({ field: 'body', text: `ligne ${p.line} : ${p.message}` })),
    ];
    if (problems.length > 0) {
      const fields: Record<string, string> = {};
      for (const p of problems) fields[p.field] = fields[p.field] ? `${fields[p.field]} ; ${p.text}` : p.text;
      throw new DomainError(
        'MODELE_INVALIDE',
        `Modèle non enregistré : ${problems.map((p) => p.text).join(' ; ')}. Les données possibles sont listées sous le modèle.`,
        fields,
      );
    }
    const templates = storedTemplates(agreementId);
    const next: StoredTemplate = {
      version: (templates[kind]?.version ?? 1) + 1,
      subject,
      body,
      updatedAt: clock.now(),
      updatedBy: ctx.actor(),
    };
    store.updateAgreement(agreementId, { letterTemplates: { ...templates, [kind]: next }, updatedAt: clock.now() });
    return templateOut(kind, next);
  }

  // ----- letters -----

  function letterContext(
    requestId: string,
    date: IsoDate,
  ): { ctx: LetterContext; detail: RequestDetail; request: LetterRequest; letterhead: StoredLetterhead } {
    const detail = ctx.detailOut(requestId);
    const agreement = ctx.agreementOut(ctx.requireAgreement(detail.agreementId));
    // The adapter also reads the handover and the inadmissibility reason from the journal.
    const request = letterRequestFromDetail(detail, agreement);
    const letterhead = letterheadFor(agreement);
    return { ctx: { request, agreement, office: ctx.office(), letterhead, date }, detail, request, letterhead };
  }

  /** What the request lacks for this letter (French, shown above the draft). */
  function letterWarnings(kind: LetterKind, request: LetterRequest, letterhead: StoredLetterhead): string[] {
    const w: string[] = [];
    if (!storedLetterhead()) w.push("L'en-tête de l'office n'est pas renseigné : celui-ci vient de la convention ; complétez-le dans Paramètres.");
    if (!letterhead.dpdName || !letterhead.dpdEmail) w.push("Le nom ou le courriel du DPD manque dans l'en-tête : complétez-le dans Paramètres.");
    if (kind === 'extension-notice' && !request.extension) {
      w.push("La prolongation n'est pas enregistrée sur la demande : enregistrez-la (action « Prolonger de deux mois ») pour que ses motifs et la nouvelle échéance soient repris.");
    }
    if (kind === 'information-request' && !request.identityRequest) {
      w.push(
        "Aucune demande de pièces d'identité en cours n'est enregistrée : enregistrez-la sur la demande (action « Demander des pièces ou précisions », objet « Pièces d'identité », avec le doute raisonnable) pour que les pièces demandées soient reprises et que le délai soit suspendu (décret n° 2019-536).",
      );
    }
    if (kind === 'clarification' && !request.clarificationRequest) {
      w.push(
        "Aucune demande de précisions en cours n'est enregistrée : enregistrez-la sur la demande (action « Demander des pièces ou précisions », objet « Précisions sur la demande ») pour que les points à préciser soient repris. Elle ne suspend pas le délai.",
      );
    }
    if (kind === 'refusal' && request.inadmissibleReason === null && !request.rights.some((r) => r.outcome === 'refused' || r.outcome === 'partly')) {
      w.push(
        "Aucun droit n'est enregistré comme refusé ou fait en partie, et la demande n'est pas déclarée irrecevable : enregistrez la suite donnée, avec son motif, pour que le courrier la reprenne.",
      );
    }
    if (kind === 'handover' && !request.handover) {
      w.push("La transmission au co-responsable n'est pas enregistrée sur la demande : enregistrez-la pour que sa date et son motif soient repris.");
    }
    return w;
  }

  const handlers: HandlersOf<typeof letterCalls> = {
    'letterhead.get': () => ({ ...(storedLetterhead() ?? BLANK_LETTERHEAD), configured: storedLetterhead() !== null }),

    'letterhead.set': (input) => {
      store.setSetting(LETTERHEAD_KEY, input, clock.now());
      return { ...storedLetterhead()!, configured: true };
    },

    'letters.templates': (input) => {
      const stored = storedTemplates(input.agreementId);
      return {
        templates: LETTER_KINDS.map((k) => templateOut(k, stored[k])),
        placeholders: (Object.keys(PLACEHOLDERS) as PlaceholderName[]).map((name) => ({
          name,
          type: PLACEHOLDERS[name].type,
          description: PLACEHOLDERS[name].description,
        })),
      };
    },

    'letters.saveTemplate': (input) => {
      ctx.requireAgreement(input.agreementId);
      return writeTemplate(input.agreementId, input.kind, input.subject, input.body);
    },

    'letters.resetTemplate': (input) => {
      ctx.requireAgreement(input.agreementId);
      return writeTemplate(input.agreementId, input.kind, DEFAULT_TEMPLATES[input.kind].subject, DEFAULT_TEMPLATES[input.kind].body);
    },

    'letters.draft': (input) => {
      const today = clock.today();
      const { ctx: letter, detail, request, letterhead } = letterContext(input.requestId, today);
      const template = templateOut(input.kind, storedTemplates(detail.agreementId)[input.kind]);
      const values = letterValues(letter);
      let subject: string;
      let body: string;
      try {
        subject = fillTemplate(template.subject, values);
        body = fillTemplate(template.body, values);
      } catch (e) {
        throw new DomainError('MODELE_INVALIDE', e instanceof Error ? e.message : String(e));
      }
      const doc = letterDoc(letter, input.kind, { subject, body }, template.version);
      return {
        kind: input.kind,
        label: LETTER_LABELS[input.kind],
        subject,
        body,
        date: today,
        templateVersion: template.version,
        reference: detail.reference,
        agreementId: detail.agreementId,
        recipient: doc.recipient,
        concerning: doc.concerning,
        letterhead,
        signature: signatureLines(doc),
        missing: letterMissing(doc),
        warnings: [...letterWarnings(input.kind, request, letterhead), ...letterDataGaps(letter, input.kind)],
      };
    },

    'letters.save': async (input) => {
      const row = ctx.requireRequest(input.requestId);
      ctx.checkDate(input.date, row, 'date', 'Date du courrier');
      const { ctx: letter, detail } = letterContext(input.requestId, input.date);
      const template = templateOut(input.kind, storedTemplates(detail.agreementId)[input.kind]);
      const doc = letterDoc(letter, input.kind, { subject: input.subject, body: input.body }, template.version);
      // Markers left in the subject, the body or the signature (a decision without its signatory).
      const missing = letterMissing(doc);
      if (missing.length > 0) {
        const inSubject = missingMarkers(input.subject);
        const inBody = missingMarkers(input.body);
        const unsigned = missingMarkers(signatureLines(doc).join('\n')).length > 0;
        const fields: Record<string, string> = {};
        if (inSubject.length) fields.subject = `Passages à compléter : ${inSubject.join(', ')}.`;
        if (inBody.length) fields.body = `Passages à compléter : ${inBody.join(', ')}.`;
        throw new DomainError(
          'COURRIER_INCOMPLET',
          `Courrier non enregistré : complétez d'abord ${missing.join(', ')}.${
            unsigned
              ? " Ce courrier décide : il est signé par l'autorité ou son délégataire, dont le nom et la qualité se renseignent dans Paramètres, « En-tête des courriers »."
              : ''
          }`,
          fields,
        );
      }
      // The file first: if Chromium is missing or fails, nothing is recorded.
      const file = await letterFile(doc, input.format, renderPdf);
      const label = LETTER_LABELS[input.kind];
      const content = JSON.stringify(doc);
      const createdAt = clock.now();
      const summary =
        input.kind === 'acknowledgement'
          ? `Accusé de réception envoyé le ${formatDateFr(input.date)}`
          : `Courrier « ${label} » envoyé le ${formatDateFr(input.date)}`;
      const documentId = store.transaction(() => {
        // The same letter saved before (in another format): one sending, so no second event.
        const same = sameLetterDocuments(store, input.requestId, input.kind, content);
        const sameFormat = same.find((d) => d.format === input.format);
        if (sameFormat) return sameFormat.id;
        const id = newId();
        store.insertDocument({
          id,
          requestId: input.requestId,
          meetingId: null,
          kind: input.kind,
          templateVersion: template.version,
          title: `${label} – ${detail.reference} – ${formatDateFr(input.date)}`,
          format: input.format,
          content,
          createdAt,
        });
        if (same.length > 0) return id;
        ctx.act(input.requestId, 'letter.sent', (current) => ({
          patch: input.kind === 'acknowledgement' && current.acknowledgedOn === null ? { acknowledgedOn: input.date } : {},
          data: { kind: input.kind, label, on: input.date, formats: [input.format], documentId: id, templateVersion: template.version, summary },
        }));
        return id;
      });
      return {
        document: documentSummaryOut(store.listDocuments({ requestId: input.requestId }).find((d) => d.id === documentId)!),
        file,
        acknowledgedOn: ctx.requireRequest(input.requestId).acknowledgedOn,
      };
    },
  };
  return { handlers, letterheadFor };
}
