// The agenda generated from the requests as they are, judged at the meeting's date. Part of the
// agenda module: import from ./agenda.
//
// Sections (../shared/domain.md, "Monthly DPD meeting"; numbered by SECTION_GROUPS, a section the
// agreement does not provide for is left out and the others keep their order):
//   1. deadlines: 1.1 overdue (a late extension notice, or a suspension opened after the
//      deadline, leaves the request overdue: deadlines.md, algorithms 3, 5 and 6); 1.2 due
//      before the next meeting; 1.3 extensions to decide or to notify (not extended yet, and
//      either decided at a meeting or with the latest date to notify an extension before the
//      next meeting: GDPR art. 12(3), deadlines.md algorithm 6); 1.4 suspended deadlines, with
//      the days elapsed (decree 2019-536); 1.5 the processor's forwarding and deletion
//      deadlines and deletion certificates, only where the agreement has a processor clause
//      (seed 003 annex 2 X.4);
//   2. requests in progress: 2.1 by party and status; 2.2 handed over to the co-controller and
//      still open there (GDPR art. 26(3): the handing office keeps following them); 2.3
//      acknowledgements not sent (seed 000 annex 1, 3.2.1: the joint model acknowledgement is
//      used "pour toute demande"); 2.4 personal-data files asked and not received (seed 000
//      annex 1, 3.2.1: a file "dans un format structuré et lisible par un ordinateur");
//   3. allocation: 3.1 requests to settle, 3.2 pre-emptions and settlements awaiting validation;
//   4. closed since the last meeting (for the record): from the last meeting with minutes;
//   5. other items typed by the user.
// "The next meeting" is the next one planned for the agreement, else one month later moved to a
// working day (Mon–Fri, not a public holiday of the agreement's calendar: core/holidays.ts).
// Each request is listed once, in the section that matters most (SECTION_PRIORITY: a deadline
// passed first, then the processor's, the decisions to take, the deadline before the next meeting…);
// its note says why it is there and, after « Aussi : », what the other sections would have
// said of it, so a long agenda stays readable and nothing is lost. Section 2.1 counts every
// open request and lists only those no other section holds.
import type { HolidayCalendar, IsoDate, Party, ProcessorClause } from '../domain';
import { PARTY_LABELS, RIGHT_LABELS, STATUS_LABELS } from '../domain';
import { daysBetween, isProcessorDeadlineLate, rollForward } from '../deadlines';
import { formatDateFr } from '../explain';
import {
  SECTION_GROUPS,
  oneMonthLater,
  type Agenda,
  type AgendaInput,
  type AgendaItem,
  type AgendaProcessor,
  type AgendaRequest,
  type AgendaSection,
  type DecisionKind,
  type SectionKey,
} from './agenda-types';

const TO_PARTY: Record<Party, string> = { commune: 'à la commune', academie: 'à l’académie' };

const partyText = (r: AgendaRequest) =>
  r.allocationStatus === 'to-settle' ? `À arbitrer${r.party ? ` (proposée : ${PARTY_LABELS[r.party]})` : ''}` : r.party ? PARTY_LABELS[r.party] : '—';

/** The extension recorded on the request is in force (notified in time). */
const extensionInForce = (r: AgendaRequest) => r.extended && !r.extensionLate;

/** The decisions a meeting can take on a request as it is. */
export function possibleDecisions(r: AgendaRequest, date: IsoDate): DecisionKind[] {
  const out: DecisionKind[] = [];
  if (r.open && r.pending?.kind === 'preemption') out.push('preemption-validated', 'preemption-refused');
  else if (r.open && (r.allocationStatus === 'to-settle' || r.pending?.kind === 'settlement')) out.push('settle-commune', 'settle-academie');
  // A handed-over request is answered (and extended, if need be) by the co-controller.
  if (r.open && !r.extended && r.handedOver === null && r.extensionNoticeDue !== null && r.extensionNoticeDue >= date && r.extensionDecidedOn === null) {
    out.push('extension-decided');
  }
  out.push('comment');
  return out;
}

function item(section: SectionKey, r: AgendaRequest, note: string, date: IsoDate): AgendaItem {
  return {
    key: `${section}:${r.id}`,
    requestId: r.id,
    reference: r.reference,
    receivedOn: r.receivedOn,
    requester: r.requesterName,
    subject: r.subjectName,
    rights: r.rights.map((x) => RIGHT_LABELS[x]).join(', '),
    status: STATUS_LABELS[r.status],
    party: partyText(r),
    dueOn: r.dueOn,
    note,
    decisions: possibleDecisions(r, date),
  };
}

const byDue = (a: AgendaRequest, b: AgendaRequest) =>
  (a.dueOn ?? '9999') < (b.dueOn ?? '9999') ? -1 : (a.dueOn ?? '9999') > (b.dueOn ?? '9999') ? 1 : a.reference < b.reference ? -1 : 1;
const byReceived = (a: AgendaRequest, b: AgendaRequest) => (a.receivedOn < b.receivedOn ? -1 : a.receivedOn > b.receivedOn ? 1 : a.reference < b.reference ? -1 : 1);

const fr = formatDateFr;
/** The rule's first sentence (what it proposes and why): the line stays readable, the request holds the rest. */
const firstSentence = (text: string) => /^.*?[.!?](?=\s+[A-ZÀÂÉÈÊÎÔÛÇ]|$)/s.exec(text.trim())?.[0] ?? text.trim();
/** "(N j)" counted from `from` to the meeting date, never negative. */
const daysSince = (from: IsoDate, date: IsoDate) => Math.max(0, daysBetween(from, date));

/**
 * An open suspension that started after the deadline in force suspends nothing: the request
 * stays overdue (deadlines.md, algorithm 3: "A suspension that starts after a deadline has
 * passed changes nothing for that deadline"; the engine then keeps the date, urgency 'overdue').
 */
const suspendedAfterDeadline = (r: AgendaRequest) => r.suspension !== null && r.dueOn !== null && r.dueOn < r.suspension.since;

const handedOverText = (h: { on: IsoDate; to: Party | null }) => `Transmise${h.to ? ` ${TO_PARTY[h.to]}` : ' au co-responsable'} le ${fr(h.on)}`;

function overdueNote(r: AgendaRequest, date: IsoDate): string {
  const base = `Échéance dépassée depuis le ${fr(r.dueOn!)} (${daysSince(r.dueOn!, date)} j)`;
  const why: string[] = [];
  // deadlines.md, algorithm 6: "A late notice is recorded and shown, but the deadline in force
  // stays the one-month deadline: the request is overdue from then on, and the agenda lists it as such."
  if (r.extensionLate) {
    why.push(`prolongation notifiée hors délai${r.extensionNotifiedOn ? ` (le ${fr(r.extensionNotifiedOn)})` : ''}, sans effet (RGPD art. 12(3))`);
  }
  if (suspendedAfterDeadline(r)) why.push(`pièces demandées le ${fr(r.suspension!.since)}, après l’échéance : la suspension ne la reporte pas`);
  if (r.handedOver) why.push(`${handedOverText(r.handedOver).toLowerCase()}, réponse attendue du co-responsable`);
  return `${base}${why.length ? ` : ${why.join(' ; ')}` : ''}.`;
}

/** The processor's notes for a request, joined in one sentence (seed 003 annex 2 X.4). */
function processorNote(p: AgendaProcessor, clause: ProcessorClause, date: IsoDate, nextDate: IsoDate, since: IsoDate): string | null {
  const parts: string[] = [];
  const late = (dueOn: IsoDate, doneOn: IsoDate | null) => isProcessorDeadlineLate({ dueOn, doneOn, today: date });
  if (p.forwardBy) {
    const within = `${clause.forwardWorkingDays} jour${clause.forwardWorkingDays >= 2 ? 's' : ''} ouvré${clause.forwardWorkingDays >= 2 ? 's' : ''}`;
    if (p.forwardedOn === null && late(p.forwardBy, null)) {
      parts.push(`transmission par le sous-traitant en retard : reçue par lui le ${fr(p.receivedOn!)}, à transmettre dans les ${within}, au plus tard le ${fr(p.forwardBy)}`);
    } else if (p.forwardedOn === null && p.forwardBy <= nextDate) {
      parts.push(`transmission par le sous-traitant attendue au plus tard le ${fr(p.forwardBy)} (reçue par lui le ${fr(p.receivedOn!)}, ${within})`);
    } else if (p.forwardedOn !== null && p.forwardedOn > since && late(p.forwardBy, p.forwardedOn)) {
      parts.push(`transmise par le sous-traitant le ${fr(p.forwardedOn)}, après l’échéance du ${fr(p.forwardBy)}`);
    }
  }
  if (p.deleteBy) {
    const within = `${clause.deletionDays} jours calendaires maximum`;
    const note = p.deleteByNote ? ` ; ${p.deleteByNote}` : '';
    if (p.deletedOn === null && late(p.deleteBy, null)) {
      parts.push(`effacement par le sous-traitant en retard : demandé le ${fr(p.deletionInstructedOn!)}, à faire dans les ${within}, au plus tard le ${fr(p.deleteBy)}`);
    } else if (p.deletedOn === null && p.deleteBy <= nextDate) {
      parts.push(`effacement par le sous-traitant demandé le ${fr(p.deletionInstructedOn!)}, à faire au plus tard le ${fr(p.deleteBy)}${note}`);
    } else if (p.deletedOn !== null && p.deletedOn > since && late(p.deleteBy, p.deletedOn)) {
      parts.push(`effacement fait par le sous-traitant le ${fr(p.deletedOn)}, après l’échéance du ${fr(p.deleteBy)}`);
    }
  }
  // Seed 003 annex 2 X.4: "fournir à première demande … un certificat de suppression".
  if (p.deletedOn !== null && !p.certificate) parts.push(`effacement fait le ${fr(p.deletedOn)} : certificat de suppression à obtenir du sous-traitant`);
  if (parts.length === 0) return null;
  const text = parts.join(' ; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

interface SectionDraft {
  key: SectionKey;
  title: string;
  empty: string;
  items: AgendaItem[];
}

export function generateAgenda(input: AgendaInput): Agenda {
  const { date } = input;
  const nextDate = input.nextMeetingDate && input.nextMeetingDate > date ? input.nextMeetingDate : nextMeetingDefault(date, input.holidayCalendar);
  const open = input.requests.filter((r) => r.open);

  const overdue = open
    .filter((r) => r.dueOn !== null && r.dueOn < date)
    .sort(byDue)
    .map((r) => item('overdue', r, overdueNote(r, date), date));

  const handedSuffix = (r: AgendaRequest) => (r.handedOver ? ` ${handedOverText(r.handedOver)} : réponse attendue du co-responsable.` : '');
  const dueSoon = open
    .filter((r) => r.dueOn !== null && r.dueOn >= date && r.dueOn <= nextDate)
    .sort(byDue)
    .map((r) =>
      item(
        'due-soon',
        r,
        (extensionInForce(r) || r.handedOver
          ? `À répondre au plus tard le ${fr(r.dueOn!)}${extensionInForce(r) ? ' (délai déjà prolongé)' : ''}.`
          : `À répondre ou à prolonger au plus tard le ${fr(r.dueOn!)}.`) + handedSuffix(r),
        date,
      ),
    );

  const extensions = open
    .filter(
      (r) =>
        !r.extended &&
        r.handedOver === null &&
        r.extensionNoticeDue !== null &&
        (r.extensionDecidedOn !== null || (r.extensionNoticeDue >= date && r.extensionNoticeDue <= nextDate)),
    )
    .sort(byDue)
    .map((r) =>
      item(
        'extensions',
        r,
        r.extensionDecidedOn
          ? `Prolongation décidée le ${fr(r.extensionDecidedOn)} : à notifier à la personne avec ses motifs au plus tard le ${fr(r.extensionNoticeDue!)}${r.extendedDeadline ? ` (nouvelle échéance : ${fr(r.extendedDeadline)})` : ''}.`
          : `Prolongation à décider : la personne doit en être informée au plus tard le ${fr(r.extensionNoticeDue!)}${r.extendedDeadline ? ` (échéance prolongée : ${fr(r.extendedDeadline)})` : ''}.`,
        date,
      ),
    );

  // Decree 2019-536: the time limits are suspended until the identity information is received;
  // the days already elapsed are shown (deadlines.md, algorithm 5).
  const suspended = open
    .filter((r) => r.suspension !== null)
    .sort((a, b) => (a.suspension!.since < b.suspension!.since ? -1 : a.suspension!.since > b.suspension!.since ? 1 : a.reference < b.reference ? -1 : 1))
    .map((r) => {
      const s = r.suspension!;
      const days = daysSince(s.since, date);
      return item(
        'suspended',
        r,
        suspendedAfterDeadline(r)
          ? `Déjà en retard avant la suspension : pièces demandées le ${fr(s.since)}${s.what ? ` (${s.what})` : ''}, ${days} j écoulés, après l’échéance du ${fr(r.dueOn!)} ; la suspension ne s’applique pas, la demande reste en retard.`
          : `Délai suspendu depuis le ${fr(s.since)} (${days} j écoulés) dans l’attente des pièces d’identité${s.what ? ` : ${s.what}` : ''}.`,
        date,
      );
    });

  const clause = input.processorClause;
  const processor = clause
    ? input.requests
        .filter((r) => r.processor !== null)
        .sort(byReceived)
        .flatMap((r) => {
          const note = processorNote(r.processor!, clause, date, nextDate, input.closedAfter);
          return note ? [item('processor', r, note, date)] : [];
        })
    : null;

  const partyOrder = (r: AgendaRequest) => (r.allocationStatus === 'to-settle' || !r.party ? 2 : r.party === 'commune' ? 0 : 1);
  const openItems = [...open]
    .sort((a, b) => partyOrder(a) - partyOrder(b) || (a.status < b.status ? -1 : a.status > b.status ? 1 : 0) || byDue(a, b))
    .map((r) =>
      item(
        'open',
        r,
        (r.dueOn ? `Échéance le ${fr(r.dueOn)}.` : 'Délai suspendu dans l’attente de pièces.') + (r.handedOver ? ` ${handedOverText(r.handedOver)}.` : ''),
        date,
      ),
    );
  const counts = new Map<string, { party: string; status: string; count: number }>();
  for (const r of open) {
    const key = `${partyText(r)}|${r.status}`;
    const c = counts.get(key) ?? { party: partyText(r), status: STATUS_LABELS[r.status], count: 0 };
    c.count++;
    counts.set(key, c);
  }

  // GDPR art. 26(3): the person may exercise their rights against each controller, so the
  // handing office follows the request until the co-controller has answered and it is closed.
  const handedOver = open
    .filter((r) => r.handedOver !== null)
    .sort((a, b) => (a.handedOver!.on < b.handedOver!.on ? -1 : a.handedOver!.on > b.handedOver!.on ? 1 : a.reference < b.reference ? -1 : 1))
    .map((r) =>
      item(
        'handed-over',
        r,
        `${handedOverText(r.handedOver!)} (${daysSince(r.handedOver!.on, date)} j) : à suivre jusqu’à la réponse du co-responsable ; ${r.dueOn ? `échéance le ${fr(r.dueOn)}` : 'délai suspendu'}.`,
        date,
      ),
    );

  // Seed 000 annex 1, 3.2.1: the joint model acknowledgement is used "pour toute demande".
  const unacknowledged = open
    .filter((r) => r.acknowledgedOn === null)
    .sort(byReceived)
    .map((r) => item('unacknowledged', r, `Aucun accusé de réception enregistré : demande reçue le ${fr(r.receivedOn)} (${daysSince(r.receivedOn, date)} j).`, date));

  // Seed 000 annex 1, 3.2.1: the DPDs must be able to receive, from each controller and
  // processor, a file with all the requester's data "dans un format structuré et lisible par un ordinateur".
  const dataFiles = open
    .filter((r) => r.dataFile.requestedOn !== null && r.dataFile.receivedOn === null)
    .sort((a, b) => (a.dataFile.requestedOn! < b.dataFile.requestedOn! ? -1 : a.dataFile.requestedOn! > b.dataFile.requestedOn! ? 1 : a.reference < b.reference ? -1 : 1))
    .map((r) =>
      item(
        'data-files',
        r,
        `Fichier des données (format structuré, lisible par machine) demandé le ${fr(r.dataFile.requestedOn!)}${r.dataFile.from ? ` (auprès de : ${r.dataFile.from})` : ''}, non reçu (${daysSince(r.dataFile.requestedOn!, date)} j).`,
        date,
      ),
    );

  const toSettle = open
    .filter((r) => r.allocationStatus === 'to-settle' && r.pending === null)
    .sort(byReceived)
    .map((r) => item('to-settle', r, `Répartition à arrêter : ${firstSentence(r.allocationReason)}`, date));

  const pending = open
    .filter((r) => r.pending !== null)
    .sort(byReceived)
    .map((r) => {
      const p = r.pending!;
      const what =
        p.kind === 'preemption'
          ? `Préemption par ${PARTY_LABELS[p.claimedBy].toLowerCase()} (${p.reason})`
          : `Arbitrage proposé : ${PARTY_LABELS[p.party].toLowerCase()} (${p.reason})`;
      return item('pending', r, `${what} ; validation attendue : ${p.missing.map((x) => PARTY_LABELS[x].toLowerCase()).join(' et ')}.`, date);
    });

  const closed = input.requests
    .filter((r) => !r.open && r.closedOn !== null && r.closedOn <= date && r.closedOn > input.closedAfter)
    .sort((a, b) => (a.closedOn! < b.closedOn! ? -1 : a.closedOn! > b.closedOn! ? 1 : a.reference < b.reference ? -1 : 1))
    .map((r) => ({ ...item('closed', r, `${STATUS_LABELS[r.status]} le ${fr(r.closedOn!)}.`, date), decisions: ['comment'] as DecisionKind[] }));

  const other: AgendaItem[] = input.otherItems
    .map((t) => t.trim())
    .filter(Boolean)
    .map((text, i) => ({
      key: `other-${i + 1}`,
      requestId: null,
      reference: null,
      receivedOn: null,
      requester: '',
      subject: null,
      rights: '',
      status: '',
      party: '',
      dueOn: null,
      note: text,
      decisions: ['comment'],
    }));

  const drafts: SectionDraft[] = [
    { key: 'overdue', title: 'Demandes en retard', empty: 'Aucune demande en retard.', items: overdue },
    { key: 'due-soon', title: `Échéance avant la prochaine réunion (${fr(nextDate)})`, empty: 'Aucune échéance avant la prochaine réunion.', items: dueSoon },
    { key: 'extensions', title: 'Prolongations à décider ou à notifier', empty: 'Aucune prolongation à décider ni à notifier.', items: extensions },
    { key: 'suspended', title: 'Délais suspendus dans l’attente de pièces d’identité', empty: 'Aucun délai suspendu.', items: suspended },
    ...(processor
      ? [
          {
            key: 'processor' as const,
            title: 'Sous-traitant : transmissions, effacements et certificats de suppression',
            empty: 'Aucune transmission ni aucun effacement du sous-traitant à suivre.',
            items: processor,
          },
        ]
      : []),
    {
      key: 'open',
      title: 'Demandes en cours par partie et par statut',
      empty: open.length ? 'Chaque demande en cours figure dans une autre section.' : 'Aucune demande en cours.',
      items: openItems,
    },
    { key: 'handed-over', title: 'Transmises au co-responsable et suivies jusqu’à leur clôture', empty: 'Aucune demande transmise en cours.', items: handedOver },
    { key: 'unacknowledged', title: 'Accusés de réception non envoyés', empty: 'Aucun accusé de réception en attente.', items: unacknowledged },
    { key: 'data-files', title: 'Fichiers des données demandés et non reçus', empty: 'Aucun fichier des données en attente.', items: dataFiles },
    { key: 'to-settle', title: 'Répartitions à arbitrer', empty: 'Aucune répartition à arbitrer.', items: toSettle },
    { key: 'pending', title: 'Préemptions et arbitrages en attente de validation', empty: 'Aucune préemption ni aucun arbitrage en attente.', items: pending },
    {
      key: 'closed',
      title: input.lastMeetingDate
        ? `Clôturées depuis la réunion du ${fr(input.lastMeetingDate)}`
        : `Clôturées depuis le ${fr(input.closedAfter)} (aucune réunion précédente enregistrée)`,
      empty: 'Aucune demande clôturée sur la période.',
      items: closed,
    },
    { key: 'other', title: 'Questions diverses', empty: 'Aucun autre point.', items: other },
  ];

  return {
    title: input.meeting.title,
    shortTitle: input.meeting.shortTitle,
    purpose: input.meeting.purpose,
    agreementName: input.agreementName,
    date,
    nextDate,
    lastMeetingDate: input.lastMeetingDate,
    participants: input.participants,
    openCounts: [...counts.values()],
    sections: numberSections(oncePerRequest(drafts)),
  };
}

/** One month after the meeting, moved to the next working day of the agreement's calendar. */
export function nextMeetingDefault(date: IsoDate, calendar: HolidayCalendar): IsoDate {
  return rollForward(oneMonthLater(date), calendar);
}

/**
 * The sections from the one that matters most to the least: a request is listed in the first of
 * them that holds it (section 4 holds only closed requests, 5 none). A deadline passed comes
 * first, then the processor's (3 working days, 15 days: shorter than the answer's), then what
 * the meeting decides (validations, allocations, an extension decided and still to notify),
 * then the deadline before the next meeting (« à répondre ou à prolonger »: an extension still
 * to decide is listed there), then what is followed. Every line shows its deadline anyway.
 */
export const SECTION_PRIORITY: readonly SectionKey[] = [
  'overdue',
  'processor',
  'pending',
  'to-settle',
  'extensions',
  'due-soon',
  'suspended',
  'handed-over',
  'data-files',
  'unacknowledged',
  'open',
  'closed',
];

/** An extension still to decide is due before the next meeting: its place is under that deadline. */
const rank = (key: SectionKey, note: string) =>
  key === 'extensions' && !note.startsWith('Prolongation décidée') ? SECTION_PRIORITY.indexOf('due-soon') + 0.5 : SECTION_PRIORITY.indexOf(key);

/** What a section says of a request in another line's « Aussi : » (its own note, shortened where it repeats the line). */
const ALSO: Partial<Record<SectionKey, (note: string) => string>> = {
  // An extension still to decide is due before the next meeting: its line already says « à répondre ou à prolonger ».
  extensions: (n) => (n.startsWith('Prolongation décidée') ? lowerFirst(n) : ''),
  'due-soon': (n) => lowerFirst(n).replace(/\. Transmise .*$/, ''),
  pending: (n) => lowerFirst(n),
  'to-settle': () => 'répartition à arbitrer',
  // « Déjà en retard avant la suspension »: the overdue line already says so.
  suspended: (n) => (n.startsWith('Déjà en retard') ? '' : lowerFirst(n)),
  processor: (n) => lowerFirst(n),
  'handed-over': (n) => lowerFirst(n.split(' (')[0]!),
  'data-files': (n) => lowerFirst(n),
  unacknowledged: () => 'aucun accusé de réception enregistré',
};
const lowerFirst = (t: string) => `${t.charAt(0).toLowerCase()}${t.slice(1)}`.replace(/\.$/, '');

/** Keeps each request in the first section of SECTION_PRIORITY that holds it, the others' notes added after « Aussi : ». */
function oncePerRequest(drafts: SectionDraft[]): SectionDraft[] {
  const notes = new Map<string, { key: SectionKey; note: string }[]>();
  for (const key of SECTION_PRIORITY) {
    for (const i of drafts.find((d) => d.key === key)?.items ?? []) {
      if (!i.requestId) continue;
      const list = notes.get(i.requestId) ?? [];
      list.push({ key, note: i.note });
      notes.set(i.requestId, list);
    }
  }
  for (const list of notes.values()) list.sort((a, b) => rank(a.key, a.note) - rank(b.key, b.note));
  return drafts.map((d) => ({
    ...d,
    items: d.items.flatMap((i) => {
      if (!i.requestId) return [i];
      const [first, ...others] = notes.get(i.requestId)!;
      if (first!.key !== d.key) return [];
      // An extension decided says its own dates: « à répondre ou à prolonger » would contradict it.
      const also = others
        .filter((o) => !(o.key === 'due-soon' && first!.key === 'extensions'))
        .map((o) => ALSO[o.key]?.(o.note) ?? '').filter((t) => t !== '' && !i.note.toLowerCase().includes(t.toLowerCase()));
      return [also.length ? { ...i, note: `${i.note.replace(/\.?$/, '.')} Aussi : ${also.join(' ; ')}.` } : i];
    }),
  }));
}

/** Numbers the sections present by their group: "1.1"… or the group's number when it holds one. */
function numberSections(drafts: SectionDraft[]): AgendaSection[] {
  return SECTION_GROUPS.flatMap((g) => {
    const parts = g.keys.flatMap((k) => drafts.filter((d) => d.key === k));
    return parts.map((d, i) => ({ ...d, number: g.keys.length === 1 ? g.number : `${g.number}.${i + 1}` }));
  });
}
