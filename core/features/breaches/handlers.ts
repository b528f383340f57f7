// The breach register: declare a breach, record each step of the alert chain and of the decision
// on the CNIL notification, close it, produce its documents and the register. Every step is one
// event of the breach's hash-chained journal (core/journal.ts), written in the same transaction
// as the new state. The deadlines are recomputed from the facts at each read (core/breaches/
// countdowns.ts), never stored.
import { z } from 'zod';
import type { HandlersOf } from '../../api/contract';
import type { ServiceContext } from '../../api/context';
import type { BreachEventRow, BreachRow } from '../../api/breach-store';
import type { FileOut } from '../../api/schemas';
import { breachDeadlines, mostUrgent, type BreachFacts } from '../../breaches/countdowns';
import { breachDocHtml } from '../../breaches/document-html';
import { BREACH_EVENT_LABELS, type BreachEventType } from '../../breaches/events';
import {
  REGISTER_HEADERS,
  UPDATABLE_FIELDS,
  cnilCopy,
  crisisMinutes,
  declarationForm,
  formAtVersion,
  personsCommunication,
  registerRow,
  timeFr,
  type BreachDoc,
  type BreachForDocs,
  type FormFacts,
  type Office,
} from '../../breaches/form';
import { alertChainFor, breachRulesFor, proposedNotifyingParty } from '../../breaches/rules';
import { orderedUpdates } from '../../breaches/state';
import { parisInstant, parisLocal } from '../../breaches/time';
import { PARTIES, PARTY_LABELS, type Party } from '../../domain';
import { safeFileName, toBase64 } from '../../documents/text';
import { DomainError, notFound } from '../../errors';
import { verifyChain } from '../../journal';
import { pdfRenderer } from '../documents/files';
import type { LetterheadFor } from '../letters/handlers';
import type { BreachDetail, BreachSummary, breachCalls } from './calls';
import { createBreachJournal } from './journal';

const REF_OFFICE = { academie: 'A', commune: 'C' } as const;
const MIME = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html;charset=utf-8',
} as const;

/** What the journal keeps of the form: the declaration's facts, then each update's changes. */
const formFactsSchema = z.record(z.string(), z.unknown());
const declaredData = z.object({ form: formFactsSchema });
const updatedData = z.object({ summary: z.string(), at: z.string(), changes: formFactsSchema });

const factsOf = (row: BreachRow): FormFacts => ({
  service: row.service,
  hosting: row.hosting,
  startedAt: row.startedAt,
  endedAt: row.endedAt,
  knownAt: row.knownAt,
  knownHow: row.knownHow,
  discoveredBy: row.discoveredBy,
  discovererName: row.discovererName,
  origin: row.origin,
  nature: row.nature,
  dataCategories: row.dataCategories,
  personCategories: row.personCategories,
  personsCount: row.personsCount,
  recordsCount: row.recordsCount,
  consequences: row.consequences,
  measures: row.measures,
  securityIncident: row.securityIncident,
  securityIncidentOnly: row.securityIncidentOnly,
  highRisk: row.highRisk,
});

const countdownFacts = (row: BreachRow): BreachFacts => ({
  knownAt: row.knownAt,
  discoveredBy: row.discoveredBy,
  securityIncidentOnly: row.securityIncidentOnly,
  notifiedAt: row.notifiedAt,
  updates: row.updateTimes,
  crisisCellAt: row.cnilDecision?.crisisCell ? row.cnilDecision.at : null,
  cnilDecision: row.cnilDecision ? { decision: row.cnilDecision.decision, at: row.cnilDecision.at } : null,
  cnilNotifiedAt: row.cnilNotification?.at ?? null,
  highRisk: row.highRisk,
  personsInformedAt: row.personsCommunication?.at ?? null,
  closedAt: row.closedAt,
});

const missingConfirmations = (np: NonNullable<BreachRow['notifyingParty']>): Party[] =>
  PARTIES.filter((p) => !np.confirmations.some((c) => c.party === p));

export function createBreachHandlers(ctx: ServiceContext, letterheadFor: LetterheadFor): HandlersOf<typeof breachCalls> {
  const { store, clock, newId, hash } = ctx;
  const renderPdf = pdfRenderer(ctx);

  function requireBreach(id: string): BreachRow {
    const row = store.getBreach(id);
    if (!row) throw notFound('Violation');
    return row;
  }

  /** A Paris time typed by the user, as an instant: not in the future, not before `after`. */
  function instant(local: string, field: string, label: string, after?: { at: string; what: string }): string {
    const at = parisInstant(local, field, label);
    const now = clock.now();
    if (Date.parse(at) > Date.parse(now)) {
      throw new DomainError('DATE_FUTURE', `${label} : pas dans le futur.`, { [field]: `${label} : pas après maintenant (${timeFr(now)}).` });
    }
    if (after && Date.parse(at) < Date.parse(after.at)) {
      throw new DomainError('DATE_ANTERIEURE', `${label} : pas avant ${after.what}.`, { [field]: `${label} : pas avant ${after.what} (${timeFr(after.at)}).` });
    }
    return at;
  }
  const sinceKnown = (row: BreachRow) => ({ at: row.knownAt, what: 'la connaissance de la violation' });

  const { record, refold } = createBreachJournal(ctx);

  /**
   * One step of an open breach, in one transaction: `change` checks it against the breach as it is
   * and returns the event's data, which holds everything the step sets; the row is then
   * recomputed from the journal (core/breaches/state.ts), as the other office will compute it.
   */
  function act(id: string, type: BreachEventType, change: (row: BreachRow) => Record<string, unknown> & { summary: string }): BreachDetail {
    return store.transaction(() => {
      const row = requireBreach(id);
      if (row.status === 'closed') {
        throw new DomainError('VIOLATION_CLOSE', `Cette violation est close depuis le ${timeFr(row.closedAt)} : plus aucune étape ne peut y être ajoutée.`);
      }
      record(id, type, change(row));
      refold(id);
      return detailOut(id);
    });
  }

  function office(agreementId: string): Office {
    const agreement = ctx.agreementOut(ctx.requireAgreement(agreementId));
    const lh = letterheadFor(agreement);
    return { name: lh.officeName, lines: lh.address.split('\n').filter((l) => l.trim()), dpdName: lh.dpdName, dpdEmail: lh.dpdEmail, dpdPhone: lh.dpdPhone };
  }

  function docsOf(row: BreachRow): BreachForDocs {
    return {
      ...factsOf(row),
      reference: row.reference,
      agreementName: ctx.requireAgreement(row.agreementId).name,
      notifiedAt: row.notifiedAt,
      notifiedTo: row.notifiedTo,
      decision: row.cnilDecision,
      notifyingParty: row.notifyingParty,
      cnilNotification: row.cnilNotification,
      personsCommunication: row.personsCommunication,
      closedAt: row.closedAt,
      closureNote: row.closureNote,
    };
  }

  function summaryOut(row: BreachRow, now: string): BreachSummary {
    const deadlines = breachDeadlines(row.rules, countdownFacts(row), now);
    return {
      id: row.id,
      agreementId: row.agreementId,
      agreementCode: ctx.requireAgreement(row.agreementId).code,
      reference: row.reference,
      status: row.status,
      knownAt: row.knownAt,
      service: row.service,
      nature: row.nature,
      discoveredBy: row.discoveredBy,
      securityIncidentOnly: row.securityIncidentOnly,
      highRisk: row.highRisk,
      personsCount: row.personsCount,
      cnilDecision: row.cnilDecision?.decision ?? null,
      cnilNotifiedAt: row.cnilNotification?.at ?? null,
      closedAt: row.closedAt,
      urgent: row.status === 'open' ? mostUrgent(deadlines) : null,
      deadlines,
      now,
    };
  }

  /** The form's versions from the journal: the declared facts, then each update's changes. */
  function formHistory(events: BreachEventRow[]) {
    const declared = events.find((e) => e.type === 'breach.declared');
    const form = declared ? declaredData.safeParse(declared.data) : null;
    if (!declared || !form?.success) throw new DomainError('JOURNAL_ILLISIBLE', 'La déclaration de cette violation est illisible dans son journal : le formulaire ne peut pas être refait.');
    // In their order of instants, as the fold orders them (an update may come from the other office).
    const updates = orderedUpdates(
      events.map((e) => {
        if (e.type === 'breach.updated' && !updatedData.safeParse(e.data).success) throw new DomainError('JOURNAL_ILLISIBLE', `La mise à jour du ${timeFr(e.at)} est illisible dans le journal.`);
        return e;
      }),
    ).map(({ data }) => ({ at: data.at, summary: data.summary, changes: data.changes as Partial<FormFacts> }));
    return { declared: { at: declared.at, facts: form.data.form as unknown as FormFacts }, updates };
  }

  function detailOut(id: string): BreachDetail {
    const row = requireBreach(id);
    const now = clock.now();
    const events = store.getBreachEvents(id);
    const chain = verifyChain(
      events.map((e) => ({ id: e.id, requestId: e.breachId, at: e.at, actor: e.actor, type: e.type, data: e.data, prevHash: e.prevHash, hash: e.hash })),
      { hash, ...(row.journalHead ? { expectedHead: row.journalHead } : {}), expectedCount: row.eventCount },
    );
    const summary = summaryOut(row, now);
    const o = office(row.agreementId);
    return {
      ...summary,
      knownHow: row.knownHow,
      discovererName: row.discovererName,
      origin: row.origin,
      hosting: row.hosting,
      startedAt: row.startedAt,
      endedAt: row.endedAt,
      dataCategories: row.dataCategories,
      personCategories: row.personCategories,
      recordsCount: row.recordsCount,
      consequences: row.consequences,
      measures: row.measures,
      securityIncident: row.securityIncident,
      notifiedAt: row.notifiedAt,
      notifiedTo: row.notifiedTo,
      updateTimes: row.updateTimes,
      decision: row.cnilDecision,
      notifyingParty: row.notifyingParty ? { ...row.notifyingParty, missing: missingConfirmations(row.notifyingParty) } : null,
      proposedNotifyingParty: proposedNotifyingParty(row.rules, row.origin),
      cnilNotification: row.cnilNotification,
      personsCommunication: row.personsCommunication,
      closureNote: row.closureNote,
      rulesSource: row.rules.source,
      crisisCell: row.rules.crisisCell,
      alertChain: alertChainFor(row.rules, { securityIncident: row.securityIncident || row.securityIncidentOnly }).map(({ label, email, clause }) => ({ label, email, clause })),
      formVersions: 1 + row.updateTimes.length,
      cnilCopy: cnilCopy(docsOf(row), o, summary.deadlines).map((s) => ({ section: s.heading, lines: s.lines ?? [] })),
      events: events.map((e) => {
        const data = e.data as { summary?: unknown };
        return {
          id: e.id,
          seq: e.seq,
          at: e.at,
          actor: e.actor,
          type: e.type,
          label: BREACH_EVENT_LABELS[e.type],
          summary: typeof data?.summary === 'string' ? data.summary : '',
          hash: e.hash,
          author: e.officeId === null ? null : e.officeId === ctx.exchange?.self.officeId ? ('self' as const) : ('other' as const),
        };
      }),
      journal: chain.ok ? { ok: true, message: `Journal intègre (${chain.count} événement${chain.count > 1 ? 's' : ''}).` } : { ok: false, message: chain.reason },
    };
  }

  async function fileOf(doc: BreachDoc, base: string, format: 'pdf' | 'docx' | 'html'): Promise<FileOut> {
    const name = `${safeFileName(base)}`;
    if (format === 'pdf') return { filename: `${name}.pdf`, mimeType: MIME.pdf, base64: toBase64(await renderPdf(breachDocHtml(doc))) };
    if (format === 'docx') {
      const { breachDocx } = await import('../../breaches/document-docx');
      return { filename: `${name}.docx`, mimeType: MIME.docx, base64: toBase64(await breachDocx(doc)) };
    }
    return { filename: `${name}.html`, mimeType: MIME.html, base64: toBase64(new TextEncoder().encode(breachDocHtml(doc))) };
  }

  const theParty = (p: Party) => (p === 'academie' ? 'l’académie' : 'la commune');

  return {
    'breaches.declare': (input) => {
      const agreement = ctx.requireAgreement(input.agreementId);
      const knownAt = instant(input.knownAt, 'knownAt', 'Connaissance de la violation');
      const startedAt = input.startedAt === null ? null : instant(input.startedAt, 'startedAt', 'Début de la violation');
      if (startedAt !== null && Date.parse(startedAt) > Date.parse(knownAt)) {
        throw new DomainError('DATE_INCOHERENTE', 'Début de la violation : pas après sa connaissance.', { startedAt: `Le début ne peut pas suivre la connaissance de la violation (${timeFr(knownAt)}).` });
      }
      const endedAt = input.endedAt === null ? null : instant(input.endedAt, 'endedAt', 'Fin de la violation', startedAt ? { at: startedAt, what: 'son début' } : undefined);
      const party = ctx.office()?.party ?? 'academie';
      const year = Number(parisLocal(knownAt).slice(0, 4));
      const now = clock.now();
      const id = newId();
      const rules = breachRulesFor(agreement.preset);
      return store.transaction(() => {
        const refOffice = REF_OFFICE[party];
        const seq = store.nextBreachSeq(agreement.id, year, refOffice);
        // <agreement code>-V-<year>-<n> as the issue asks, with the office letter after the V so the
        // two offices never mint the same reference (as requests do: FAR-A-2026-0001).
        const reference = `${agreement.code}-V-${refOffice}-${year}-${String(seq).padStart(4, '0')}`;
        const row: BreachRow = {
          id,
          agreementId: agreement.id,
          reference,
          year,
          seq,
          refOffice,
          status: 'open',
          rules,
          knownAt,
          knownHow: input.knownHow,
          discoveredBy: input.discoveredBy,
          discovererName: input.discovererName,
          origin: input.origin,
          service: input.service,
          hosting: input.hosting,
          startedAt,
          endedAt,
          nature: input.nature,
          dataCategories: input.dataCategories,
          personCategories: input.personCategories,
          personsCount: input.personsCount,
          recordsCount: input.recordsCount,
          consequences: input.consequences,
          measures: input.measures,
          securityIncident: input.securityIncident || input.securityIncidentOnly,
          securityIncidentOnly: input.securityIncidentOnly,
          highRisk: input.highRisk,
          notifiedAt: null,
          notifiedTo: [],
          updateTimes: [],
          cnilDecision: null,
          notifyingParty: null,
          cnilNotification: null,
          personsCommunication: null,
          closedAt: null,
          closureNote: null,
          journalHead: null,
          eventCount: 0,
          createdAt: now,
          updatedAt: now,
        };
        store.insertBreach(row);
        record(id, 'breach.declared', {
          summary: `Violation connue le ${timeFr(knownAt)} (${input.knownHow}), déclarée au registre ; règles : ${rules.source}.`,
          form: factsOf(row),
        });
        return detailOut(id);
      });
    },

    'breaches.list': (input) => {
      const now = clock.now();
      return { rows: store.listBreaches(input).map((row) => summaryOut(row, now)) };
    },

    'breaches.get': ({ id }) => detailOut(id),

    'breaches.notify': (input) =>
      act(input.id, 'breach.notified', (row) => {
        if (row.notifiedAt) {
          throw new DomainError('DEJA_NOTIFIEE', `Les DPD ont déjà été notifiés le ${timeFr(row.notifiedAt)} : envoyez une mise à jour du formulaire.`);
        }
        const at = instant(input.at, 'at', 'Notification envoyée le', sinceKnown(row));
        return { summary: `Formulaire de déclaration envoyé le ${timeFr(at)} à : ${input.recipients.join(', ')}.`, at, recipients: input.recipients };
      }),

    'breaches.update': (input) =>
      act(input.id, 'breach.updated', (row) => {
        if (!row.notifiedAt) throw new DomainError('PAS_NOTIFIEE', 'Enregistrez d’abord la notification aux DPD : les mises à jour la suivent toutes les 24 heures.');
        const last = row.updateTimes[row.updateTimes.length - 1] ?? row.notifiedAt;
        const at = instant(input.at, 'at', 'Mise à jour envoyée le', { at: last, what: row.updateTimes.length ? 'la mise à jour précédente' : 'la notification' });
        const facts = factsOf(row);
        const changes: Partial<FormFacts> = {};
        const before: Partial<FormFacts> = {};
        for (const field of UPDATABLE_FIELDS) {
          const value = input[field];
          if (value === undefined) continue;
          const next = field === 'endedAt' && typeof value === 'string' ? instant(value, 'endedAt', 'Fin de la violation', { at: row.startedAt ?? row.knownAt, what: row.startedAt ? 'son début' : 'sa connaissance' }) : value;
          if (JSON.stringify(next) === JSON.stringify(facts[field])) continue;
          (changes as Record<string, unknown>)[field] = next;
          (before as Record<string, unknown>)[field] = facts[field];
        }
        const version = row.updateTimes.length + 2;
        return { summary: input.summary, at, version, changes, before };
      }),

    'breaches.decideCnil': (input) =>
      act(input.id, 'breach.cnil-decided', (row) => {
        if (row.securityIncidentOnly) throw new DomainError('SANS_DONNEES', 'Incident de sécurité sans données personnelles : aucune notification à la CNIL à décider.');
        if (row.cnilDecision) throw new DomainError('DEJA_DECIDEE', `La décision a déjà été prise le ${timeFr(row.cnilDecision.at)}.`);
        if (row.rules.crisisCell && !input.participants) {
          throw new DomainError('PARTICIPANTS', 'Participants : indiquez qui a tenu la cellule de crise.', { participants: 'Participants : à renseigner (annexe 1 art. 4.2).' });
        }
        const at = instant(input.at, 'at', 'Décision prise le', sinceKnown(row));
        let notifyingParty: BreachRow['notifyingParty'] = null;
        const proposal = proposedNotifyingParty(row.rules, row.origin);
        if (input.decision === 'notify') {
          const party = input.notifyingParty ?? proposal.party;
          if (!party) {
            throw new DomainError('PARTIE_A_CHOISIR', 'Partie qui notifie : l’origine de la faille est inconnue, choisissez la partie qui notifie la CNIL.', {
              notifyingParty: 'Choisissez la partie qui notifie (origine inconnue).',
            });
          }
          notifyingParty = { party, proposed: proposal.party, clause: proposal.clause, confirmations: [] };
        }
        const decision = { at, decision: input.decision, reasons: input.reasons, crisisCell: row.rules.crisisCell, participants: input.participants };
        const what = input.decision === 'notify' && notifyingParty ? `notifier la CNIL (par ${theParty(notifyingParty.party)})` : 'ne pas notifier la CNIL';
        return { summary: `${row.rules.crisisCell ? 'Cellule de crise' : 'Décision'} du ${timeFr(at)} : ${what}. Argumentation : ${input.reasons}`, decision, notifyingParty };
      }),

    'breaches.confirmNotifyingParty': (input) =>
      act(input.id, 'breach.notifying-party-confirmed', (row) => {
        const np = row.notifyingParty;
        if (!np) throw new DomainError('PAS_DE_PARTIE', 'Aucune partie ne notifie : la décision de notifier la CNIL n’est pas enregistrée.');
        if (np.confirmations.some((c) => c.party === input.party)) throw new DomainError('DEJA_CONFIRMEE', `${PARTY_LABELS[input.party]} : confirmation déjà enregistrée.`);
        const self = ctx.office()?.party ?? null;
        if (input.party !== self && !input.evidence) {
          throw new DomainError('PREUVE', 'Preuve de la confirmation : l’autre partie confirme depuis son office ; pour l’enregistrer ici, dites ce qui la prouve.', {
            evidence: 'Preuve de la confirmation : à renseigner (courriel, compte rendu…).',
          });
        }
        // Each office confirms for its own party; its event travels to the other office.
        const evidence = input.party === self ? null : input.evidence;
        return {
          summary: `${PARTY_LABELS[input.party]} confirme que ${theParty(np.party)} notifie la CNIL (${input.by}${evidence ? ` ; preuve : ${evidence}` : ''}).`,
          party: input.party,
          by: input.by,
          evidence,
        };
      }),

    'breaches.notifyCnil': (input) =>
      act(input.id, 'breach.cnil-notified', (row) => {
        if (row.cnilDecision?.decision !== 'notify') {
          throw new DomainError(
            'PAS_DE_DECISION',
            row.cnilDecision ? 'La décision enregistrée est de ne pas notifier la CNIL.' : 'Enregistrez d’abord la décision de notifier la CNIL (cellule de crise ou décision des parties).',
          );
        }
        if (row.cnilNotification) throw new DomainError('DEJA_NOTIFIEE', `La CNIL a déjà été notifiée le ${timeFr(row.cnilNotification.at)} (${row.cnilNotification.reference}).`);
        const at = instant(input.at, 'at', 'Notification à la CNIL le', sinceKnown(row));
        const party = row.notifyingParty!.party;
        return { summary: `Notification à la CNIL le ${timeFr(at)}, référence ${input.reference}.`, at, reference: input.reference, party };
      }),

    'breaches.informPersons': (input) =>
      act(input.id, 'breach.persons-informed', (row) => {
        if (row.personsCommunication) throw new DomainError('DEJA_INFORMEES', `Les personnes ont déjà été informées le ${timeFr(row.personsCommunication.at)}.`);
        const at = instant(input.at, 'at', 'Personnes informées le', sinceKnown(row));
        return { summary: `Personnes informées le ${timeFr(at)} : ${input.who} (${input.how}).`, at, who: input.who, how: input.how };
      }),

    'breaches.close': (input) =>
      act(input.id, 'breach.closed', (row) => {
        if (!row.securityIncidentOnly && !row.cnilDecision) {
          throw new DomainError('PAS_DE_DECISION', 'Avant de clore : enregistrez la décision de notifier ou non la CNIL, avec son argumentation (elle reste au registre).');
        }
        const at = instant(input.at, 'at', 'Résolution le', sinceKnown(row));
        return { summary: `Incident résolu le ${timeFr(at)} : ${input.note}`, at, note: input.note };
      }),

    'breaches.document': async (input) => {
      const row = requireBreach(input.id);
      const o = office(row.agreementId);
      const b = docsOf(row);
      const now = clock.now();
      let doc: BreachDoc;
      let base: string;
      if (input.kind === 'form') {
        const { declared, updates } = formHistory(store.getBreachEvents(row.id));
        const latest = 1 + updates.length;
        const version = input.version ?? latest;
        if (version > latest) throw new DomainError('VERSION_INCONNUE', `Version ${version} : le formulaire n’a que ${latest} version${latest > 1 ? 's' : ''}.`);
        const facts = formAtVersion(declared.facts, updates, version);
        const of = version === 1 ? { at: row.notifiedAt ?? declared.at, summary: null } : { at: updates[version - 2]!.at, summary: updates[version - 2]!.summary };
        // Only the latest version lists the deadlines still to come.
        doc = declarationForm(b, facts, version, of, o, version === latest ? breachDeadlines(row.rules, countdownFacts(row), now) : []);
        base = `${row.reference}-formulaire-v${version}`;
      } else if (input.kind === 'minutes') {
        if (!row.cnilDecision) throw new DomainError('PAS_DE_DECISION', 'Pas encore de décision : le compte rendu se fait après la cellule de crise.');
        doc = crisisMinutes(b, o);
        base = `${row.reference}-${row.cnilDecision.crisisCell ? 'cellule-de-crise' : 'decision-CNIL'}`;
      } else {
        doc = personsCommunication(b, o);
        base = `${row.reference}-communication-personnes`;
      }
      const file = await fileOf(doc, base, input.format);
      store.transaction(() => {
        record(row.id, 'breach.document', { summary: `${doc.title} (${doc.subtitle}) produit en ${input.format.toUpperCase()}.`, kind: input.kind, format: input.format, ...(input.kind === 'form' ? { version: input.version ?? 1 + row.updateTimes.length } : {}) });
      });
      return file;
    },

    'breaches.register': async (input) => {
      const now = clock.now();
      const rows = store.listBreaches(input);
      const { writeWorkbook } = await import('../../documents/xlsx');
      const bytes = writeWorkbook({
        title: 'Registre des violations de données',
        author: ctx.actor(),
        sheets: [
          {
            name: 'Violations',
            headers: REGISTER_HEADERS,
            widths: [20, 10, 18, 24, 40, 30, 30, 12, 36, 36, 14, 40, 24, 30, 18, 36],
            hidden: [],
            table: true,
            rows: rows.map((row) => registerRow({ ...docsOf(row), status: row.status }, breachDeadlines(row.rules, countdownFacts(row), now)).map((v) => (v ? { t: 's' as const, v } : null))),
          },
        ],
      });
      return { filename: `Registre-des-violations-${now.slice(0, 10)}.xlsx`, mimeType: MIME.xlsx, base64: toBase64(bytes) };
    },
  };
}
