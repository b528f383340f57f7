// Correcting what was typed (issue 13): one `act` whose event holds the reason, the corrected
// facts as the user reads them (before → after), the rights added or removed, and the columns
// changed (what the exchange applies on the other office). Deadlines and allocation follow from
// the corrected facts; a date the record already holds bounds the received date; an unlikely
// date and the replacement of a decision taken by both parties are asked for confirmation.
import { allocate, type AllocationState } from '../../allocation';
import type { ServiceContext } from '../../api/context';
import type { RequestRow } from '../../api/store';
import {
  CORRECTABLE_FIELDS,
  CORRECTABLE_FIELD_NAMES,
  allocationAfterCorrection,
  correctionValue,
  laterRecordedDate,
  questionReceivedDate,
  receivedDateDoubts,
  rightsText,
  type CorrectableField,
  type CorrectionLine,
} from '../../corrections';
import { ANSWERABLE_STATUSES, CLOSED_STATUSES, OUTCOME_LABELS, RIGHT_LABELS, type Status } from '../../domain';
import { DomainError } from '../../errors';
import { resolveModule } from '../../modules';
import { explanationText, formatDateFr } from '../../explain';
import { searchTextPatch } from '../../search';
import { PRESET_DEFAULTS } from '../../presets';
import type { z } from 'zod';
import type { requestActionCalls } from './calls';

type CorrectInput = z.output<(typeof requestActionCalls)['requests.correct']['input']>;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function correctRequest(ctx: ServiceContext, input: CorrectInput) {
  const { store, clock, newId } = ctx;
  return ctx.act(
    input.id,
    'request.corrected',
    (row, calendar) => {
      const agreement = ctx.requireAgreement(row.agreementId);
      const today = clock.today();
      const module = resolveModule(agreement.modules, input.moduleName, input.moduleOwner);
      // The facts as intake stores them (blank texts are null).
      const facts: Pick<RequestRow, CorrectableField> = {
        receivedOn: input.receivedOn,
        channel: input.channel,
        medium: input.medium,
        processorReceivedOn: input.channel === 'processor' ? input.processorReceivedOn : null,
        requesterName: input.requesterName,
        requesterContact: input.requesterContact,
        requesterCategory: input.requesterCategory,
        subjectName: input.subjectName || null,
        subjectIsMinor: input.subjectName ? input.subjectIsMinor : null,
        subjectRelation: input.subjectName ? input.subjectRelation || null : null,
        schoolId: input.schoolId,
        moduleName: module.name,
        moduleOwner: module.owner,
        schoolsScope: input.schoolsScope,
        summary: input.summary,
      };
      const changed = CORRECTABLE_FIELD_NAMES.filter((f) => !same(row[f], facts[f]));
      const rights = store.getRights(row.id);
      const added = input.rights.filter((r) => !rights.some((x) => x.right === r));
      const removed = rights.filter((x) => !input.rights.includes(x.right));
      if (changed.length === 0 && added.length === 0 && removed.length === 0) {
        throw new DomainError('AUCUNE_CORRECTION', "Rien n'a été modifié : corrigez au moins un champ avant d'enregistrer.");
      }
      // A right already answered stays: its answer is part of the record.
      const answered = removed.find((x) => x.outcome !== null);
      if (answered) {
        throw new DomainError(
          'DROIT_AVEC_SUITE',
          `Le droit « ${RIGHT_LABELS[answered.right]} » a déjà une suite (${OUTCOME_LABELS[answered.outcome!].toLowerCase()}${answered.answeredOn ? `, le ${formatDateFr(answered.answeredOn)}` : ''}) : il ne peut pas être retiré de la demande.`,
          { rights: `« ${RIGHT_LABELS[answered.right]} » a une suite : il reste coché.` },
        );
      }
      if (facts.schoolId && facts.schoolId !== row.schoolId) {
        const school = store.getSchool(facts.schoolId);
        if (!school || school.agreementId !== agreement.id) {
          throw new DomainError('ECOLE_INCONNUE', 'École : elle ne fait pas partie de cette convention.', { schoolId: 'Choisissez une école de la liste de la convention.' });
        }
      }
      if (facts.processorReceivedOn && (facts.processorReceivedOn > today || facts.processorReceivedOn > facts.receivedOn)) {
        throw new DomainError('DATE_INCOHERENTE', "Date de réception par l'éditeur : ni dans le futur, ni après la réception par le responsable.", {
          processorReceivedOn: "Cette date ne peut être ni dans le futur ni après la date de réception par le responsable.",
        });
      }
      const suspensions = store.getSuspensions([row.id]);
      if (changed.includes('receivedOn')) {
        // What happened after receipt stays after it: the received date cannot pass it.
        const later = laterRecordedDate(
          [
            ...suspensions.map((s) => ({ label: s.kind === 'identity' ? 'la demande de pièces' : 'la demande de précisions', date: s.sentOn })),
            ...rights.map((r) => ({ label: `la réponse « ${RIGHT_LABELS[r.right]} »`, date: r.answeredOn })),
            { label: "l'accusé de réception", date: row.acknowledgedOn },
            { label: 'la notification de la prolongation', date: row.extensionNotifiedOn },
            { label: 'la clôture', date: row.closedOn },
          ],
          facts.receivedOn,
        );
        if (later) {
          const message = `Date de réception : elle ne peut pas suivre ${later.label}, enregistrée le ${formatDateFr(later.date)}.`;
          throw new DomainError('DATE_POSTERIEURE', message, { receivedOn: `Pas après le ${formatDateFr(later.date)} (${later.label}).` });
        }
      }

      const next: RequestRow = { ...row, ...facts };
      const before = ctx.read.deadlinesOf(row, suspensions, calendar);
      const after = ctx.read.deadlinesOf(next, suspensions, calendar);
      if (changed.includes('receivedOn')) {
        const open = !CLOSED_STATUSES.includes(row.status);
        questionReceivedDate(
          receivedDateDoubts({ receivedOn: facts.receivedOn, today, dueOn: open ? after.current : null, agreementDate: PRESET_DEFAULTS[agreement.preset].agreementDate }),
          input.confirmed.includes('date'),
        );
      }

      const patch: Partial<RequestRow> = Object.fromEntries(changed.map((f) => [f, facts[f]]));
      const sentences: string[] = [];
      Object.assign(patch, searchTextPatch(row, patch));

      // The allocation follows the facts it rests on.
      if (changed.some((f) => f === 'requesterCategory' || f === 'channel' || f === 'moduleOwner' || f === 'schoolsScope')) {
        const fresh = allocate(agreement.rules, {
          requesterCategory: next.requesterCategory,
          channel: next.channel,
          ...(next.moduleOwner ? { module: { owner: next.moduleOwner } } : {}),
          ...(next.schoolsScope ? { schoolsScope: next.schoolsScope } : {}),
        });
        const change = allocationAfterCorrection(ctx.allocationStateOf(row), row.preemption, fresh);
        if (change.kind === 'confirm' && !input.confirmed.includes('allocation')) {
          throw new DomainError('REPARTITION_A_CONFIRMER', change.question);
        }
        if (change.kind !== 'same') {
          Object.assign(patch, ctx.allocationColumns(change.allocation as AllocationState), { preemption: null });
          sentences.push(change.sentence);
        }
      }

      // Rights: one added reopens an answered request; removing the last unanswered one answers it.
      for (const right of added) {
        store.insertRight({ id: newId(), requestId: row.id, right, outcome: null, refusalReason: null, erasureException: null, answeredOn: null });
      }
      for (const r of removed) store.deleteRight(row.id, r.right);
      let status: Status = row.status;
      if (added.length > 0 && (row.status === 'answered' || row.status === 'closed')) status = 'in-progress';
      else if (removed.length > 0 && row.status !== 'answered' && ANSWERABLE_STATUSES.includes(row.status) && rights.filter((r) => !removed.includes(r)).every((r) => r.outcome !== null)) {
        status = 'answered';
      }
      if (status !== row.status) {
        Object.assign(patch, ctx.transition(row, status, input.reason), status === 'in-progress' ? { closedOn: null } : {});
      }

      const school = (id: string) => {
        const s = store.getSchool(id);
        return s ? `${s.name} (${s.uai})` : id;
      };
      const lines: CorrectionLine[] = changed.map((f) => ({
        field: f,
        label: CORRECTABLE_FIELDS[f],
        before: correctionValue(f, row[f], school),
        after: correctionValue(f, facts[f], school),
      }));
      if (added.length || removed.length) {
        lines.push({ field: 'rights', label: 'Droits exercés', before: rightsText(rights.map((r) => r.right)), after: rightsText(input.rights) });
      }
      if (before.current !== after.current || before.responseDeadline !== after.responseDeadline) {
        sentences.unshift(
          `échéance recalculée : ${after.current ? formatDateFr(after.current) : 'suspendue'} (au lieu du ${before.current ? formatDateFr(before.current) : '—'}) ; ${explanationText(after.explanation)}`,
        );
      }
      return {
        patch,
        data: {
          reason: input.reason,
          corrections: lines,
          ...(added.length || removed.length ? { rights: { added, removed: removed.map((r) => r.right) } } : {}),
          ...(sentences.length ? { summary: sentences.join(' ; ') } : {}),
        },
      };
    },
    'correct',
  );
}
