// Retention of an agreement's closed requests (issue 15): the period (core/retention.ts), the
// requests past it for review, and their anonymisation (anonymise.ts), recorded in each request's
// journal as a 'request.anonymised' event that travels to the other office like any other.
import type { HandlersOf } from '../../api/contract';
import type { ServiceContext } from '../../api/context';
import { formatDateFr } from '../../explain';
import { DomainError } from '../../errors';
import { RETENTION_REASON, isPastRetention, retentionEnd } from '../../retention';
import { anonymiseRequest } from './anonymise';
import type { RetentionOverview, retentionCalls } from './calls';

/** The latest closure date that can be past a retention of `years` on `today` (the list's bound; the rule itself is core/retention.ts). */
const closedBy = (today: string, years: number) => `${String(Number(today.slice(0, 4)) - years).padStart(4, '0')}${today.slice(4)}`;

export function createRetentionHandlers(ctx: ServiceContext): HandlersOf<typeof retentionCalls> {
  const { store, clock } = ctx;

  function overview(agreementId: string): RetentionOverview {
    const agreement = ctx.requireAgreement(agreementId);
    const today = clock.today();
    const years = agreement.retentionYears;
    // 29 February: the bound is read a day later, the rule below decides.
    const bound = closedBy(today, years).endsWith('-02-28') ? `${closedBy(today, years).slice(0, 5)}02-29` : closedBy(today, years);
    const due = store
      .closedRequests(agreementId, bound)
      .filter((r) => isPastRetention(r.closedOn, years, today))
      .map((r) => ({ ...r, retentionEnd: retentionEnd(r.closedOn, years) }));
    return { agreementId, agreementName: agreement.name, years, reason: RETENTION_REASON, today, due, anonymised: store.countAnonymised(agreementId) };
  }

  return {
    'retention.overview': (input) => overview(input.agreementId),

    'retention.setPeriod': (input) => {
      ctx.requireAgreement(input.agreementId);
      store.transaction(() => store.updateAgreement(input.agreementId, { retentionYears: input.years, updatedAt: clock.now() }));
      return overview(input.agreementId);
    },

    'retention.anonymise': (input) => {
      const before = overview(input.agreementId);
      const due = new Map(before.due.map((r) => [r.id, r]));
      const ids = [...new Set(input.requestIds)];
      // Every request checked before anything is written: one that is not past its retention
      // (or already anonymised, or of another agreement) refuses the whole call.
      for (const id of ids) {
        if (due.has(id)) continue;
        const row = store.getRequest(id);
        if (!row || row.agreementId !== input.agreementId) throw new DomainError('INTROUVABLE', "Une des demandes choisies n'est pas dans cette convention : rien n'a été anonymisé.", { requestIds: 'Demande introuvable dans cette convention.' });
        const why = row.anonymisedOn
          ? `elle a déjà été anonymisée le ${formatDateFr(row.anonymisedOn)}`
          : row.closedOn === null
            ? "elle n'est pas clôturée"
            : `sa conservation court jusqu'au ${formatDateFr(retentionEnd(row.closedOn, before.years))}`;
        throw new DomainError('CONSERVATION_EN_COURS', `La demande ${row.reference} ne peut pas être anonymisée : ${why}. Rien n'a été anonymisé.`, {
          requestIds: `${row.reference} : ${why}.`,
        });
      }
      const today = clock.today();
      store.transaction(() => {
        for (const id of ids) {
          const row = ctx.requireRequest(id);
          const entry = due.get(id)!;
          const removed = anonymiseRequest(ctx, row, today);
          ctx.record(
            id,
            'request.anonymised',
            {
              on: today,
              closedOn: entry.closedOn,
              retentionYears: before.years,
              retentionEnd: entry.retentionEnd,
              confirmedBy: input.confirmedBy,
              removed,
            },
            row.agreementId,
          );
        }
      });
      // Outside the transaction: the removed values are overwritten in the file and the WAL emptied.
      store.purgeRemovedData();
      return { anonymised: ids.length, references: ids.map((id) => due.get(id)!.reference), overview: overview(input.agreementId) };
    },
  };
}
