// The monthly DPD meeting (seed 000 annex 1, 3.2.1: "assurer la fluidité du processus et le
// respect des délais ; faire un état des lieux des demandes en cours ; effectuer la répartition
// de la réponse entre les DPD"). The agenda is generated from the requests as they are, judged
// at the meeting's date; pure: the requests and the dates are passed in.
//
// Sections (../shared/domain.md, "Monthly DPD meeting"):
//   1. deadlines: 1.1 overdue; 1.2 due before the next meeting; 1.3 extensions to decide or to
//      notify (not extended yet, and either decided at a meeting or with the latest date to
//      notify an extension before the next meeting: GDPR art. 12(3), deadlines.md algorithm 6);
//   2. open requests by party and status;
//   3. allocation: 3.1 requests to settle, 3.2 pre-emptions and settlements awaiting validation;
//   4. closed since the last meeting (for the record): from the last meeting with minutes;
//   5. other items typed by the user.
// "The next meeting" is the next one planned for the agreement, else one month later.
import { addMonths, format, parseISO } from 'date-fns';
import type { IsoDate, Party, Right, Status } from '../domain';
import { PARTY_LABELS, RIGHT_LABELS, STATUS_LABELS } from '../domain';
import { daysBetween } from '../deadlines';
import { formatDateFr } from '../explain';
import { documentHtml } from './letters';
import { escapeHtml } from './text';

/** What the meeting may decide on a line (see minutes.ts). */
export const DECISION_KINDS = ['settle-commune', 'settle-academie', 'preemption-validated', 'preemption-refused', 'extension-decided', 'comment'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

export const DECISION_LABELS: Record<DecisionKind, string> = {
  'settle-commune': 'Arbitrage : commune',
  'settle-academie': 'Arbitrage : académie',
  'preemption-validated': 'Préemption validée',
  'preemption-refused': 'Préemption refusée',
  'extension-decided': 'Prolongation décidée',
  comment: 'Commentaire',
};

/** A request as the agenda and the minutes see it. */
export interface AgendaRequest {
  id: string;
  reference: string;
  receivedOn: IsoDate;
  requesterName: string;
  subjectName: string | null;
  rights: Right[];
  status: Status;
  open: boolean;
  party: Party | null;
  allocationStatus: 'decided' | 'to-settle';
  allocationReason: string;
  /** The deadline in force; null while suspended. */
  dueOn: IsoDate | null;
  extensionNoticeDue: IsoDate | null;
  extendedDeadline: IsoDate | null;
  extended: boolean;
  pending: { kind: 'preemption' | 'settlement'; party: Party; claimedBy: Party; reason: string; missing: Party[] } | null;
  /** Closing date (closed, handed over…) or date of the last answer (answered). */
  closedOn: IsoDate | null;
  /** An extension decided at a meeting and not recorded on the request yet. */
  extensionDecidedOn: IsoDate | null;
}

export type SectionKey = 'overdue' | 'due-soon' | 'extensions' | 'open' | 'to-settle' | 'pending' | 'closed' | 'other';

export interface AgendaItem {
  /** Stable within the agenda: section key + request id, or 'other-<n>'. */
  key: string;
  requestId: string | null;
  reference: string | null;
  receivedOn: IsoDate | null;
  requester: string;
  subject: string | null;
  rights: string;
  status: string;
  party: string;
  dueOn: IsoDate | null;
  /** One French sentence: why the line is on the agenda. */
  note: string;
  decisions: DecisionKind[];
}

export interface AgendaSection {
  key: SectionKey;
  number: string;
  title: string;
  empty: string;
  items: AgendaItem[];
}

export interface Agenda {
  agreementName: string;
  date: IsoDate;
  nextDate: IsoDate;
  lastMeetingDate: IsoDate | null;
  participants: string[];
  /** Open requests per proposed party and status. */
  openCounts: { party: string; status: string; count: number }[];
  sections: AgendaSection[];
}

export interface AgendaInput {
  agreementName: string;
  date: IsoDate;
  /** The next meeting planned for the agreement, if any (else one month later). */
  nextMeetingDate: IsoDate | null;
  /** The last earlier meeting whose minutes were recorded. */
  lastMeetingDate: IsoDate | null;
  /** Section 4 lists requests closed after this date: the last meeting's, else one month before. */
  closedAfter: IsoDate;
  participants: string[];
  otherItems: string[];
  requests: AgendaRequest[];
}

export const oneMonthLater = (date: IsoDate): IsoDate => format(addMonths(parseISO(date), 1), 'yyyy-MM-dd');
export const oneMonthBefore = (date: IsoDate): IsoDate => format(addMonths(parseISO(date), -1), 'yyyy-MM-dd');

const partyText = (r: AgendaRequest) =>
  r.allocationStatus === 'to-settle' ? `À arbitrer${r.party ? ` (proposée : ${PARTY_LABELS[r.party]})` : ''}` : r.party ? PARTY_LABELS[r.party] : '—';

/** The decisions a meeting can take on a request as it is. */
export function possibleDecisions(r: AgendaRequest, date: IsoDate): DecisionKind[] {
  const out: DecisionKind[] = [];
  if (r.open && r.pending?.kind === 'preemption') out.push('preemption-validated', 'preemption-refused');
  else if (r.open && (r.allocationStatus === 'to-settle' || r.pending?.kind === 'settlement')) out.push('settle-commune', 'settle-academie');
  if (r.open && !r.extended && r.extensionNoticeDue !== null && r.extensionNoticeDue >= date && r.extensionDecidedOn === null) {
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


export function generateAgenda(input: AgendaInput): Agenda {
  const { date } = input;
  const nextDate = input.nextMeetingDate && input.nextMeetingDate > date ? input.nextMeetingDate : oneMonthLater(date);
  const open = input.requests.filter((r) => r.open);
  const fr = formatDateFr;

  const overdue = open
    .filter((r) => r.dueOn !== null && r.dueOn < date)
    .sort(byDue)
    .map((r) => item('overdue', r, `Échéance dépassée depuis le ${fr(r.dueOn!)} (${daysBetween(r.dueOn!, date)} j).`, date));

  const dueSoon = open
    .filter((r) => r.dueOn !== null && r.dueOn >= date && r.dueOn <= nextDate)
    .sort(byDue)
    .map((r) =>
      item(
        'due-soon',
        r,
        r.extended
          ? `À répondre au plus tard le ${fr(r.dueOn!)} (délai déjà prolongé).`
          : `À répondre ou à prolonger au plus tard le ${fr(r.dueOn!)}.`,
        date,
      ),
    );

  const extensions = open
    .filter(
      (r) =>
        !r.extended &&
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

  const partyOrder = (r: AgendaRequest) => (r.allocationStatus === 'to-settle' || !r.party ? 2 : r.party === 'commune' ? 0 : 1);
  const openItems = [...open]
    .sort((a, b) => partyOrder(a) - partyOrder(b) || a.status.localeCompare(b.status) || byDue(a, b))
    .map((r) =>
      item('open', r, r.dueOn ? `Échéance le ${fr(r.dueOn)}.` : 'Délai suspendu dans l’attente de pièces.', date),
    );
  const counts = new Map<string, { party: string; status: string; count: number }>();
  for (const r of open) {
    const key = `${partyText(r)}|${r.status}`;
    const c = counts.get(key) ?? { party: partyText(r), status: STATUS_LABELS[r.status], count: 0 };
    c.count++;
    counts.set(key, c);
  }

  const toSettle = open
    .filter((r) => r.allocationStatus === 'to-settle' && r.pending === null)
    .sort(byReceived)
    .map((r) => item('to-settle', r, `Répartition à arrêter : ${r.allocationReason}`, date));

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

  return {
    agreementName: input.agreementName,
    date,
    nextDate,
    lastMeetingDate: input.lastMeetingDate,
    participants: input.participants,
    openCounts: [...counts.values()],
    sections: [
      { key: 'overdue', number: '1.1', title: 'Demandes en retard', empty: 'Aucune demande en retard.', items: overdue },
      { key: 'due-soon', number: '1.2', title: `Échéance avant la prochaine réunion (${fr(nextDate)})`, empty: 'Aucune échéance avant la prochaine réunion.', items: dueSoon },
      { key: 'extensions', number: '1.3', title: 'Prolongations à décider ou à notifier', empty: 'Aucune prolongation à décider ni à notifier.', items: extensions },
      { key: 'open', number: '2', title: 'Demandes en cours par partie et par statut', empty: 'Aucune demande en cours.', items: openItems },
      { key: 'to-settle', number: '3.1', title: 'Répartitions à arbitrer', empty: 'Aucune répartition à arbitrer.', items: toSettle },
      { key: 'pending', number: '3.2', title: 'Préemptions et arbitrages en attente de validation', empty: 'Aucune préemption ni aucun arbitrage en attente.', items: pending },
      {
        key: 'closed',
        number: '4',
        title: input.lastMeetingDate
          ? `Clôturées depuis la réunion du ${fr(input.lastMeetingDate)}`
          : `Clôturées depuis le ${fr(input.closedAfter)} (aucune réunion précédente enregistrée)`,
        empty: 'Aucune demande clôturée sur la période.',
        items: closed,
      },
      { key: 'other', number: '5', title: 'Questions diverses', empty: 'Aucun autre point.', items: other },
    ],
  };
}

export const SECTION_GROUPS: { number: string; title: string; keys: SectionKey[] }[] = [
  { number: '1', title: 'Échéances', keys: ['overdue', 'due-soon', 'extensions'] },
  { number: '2', title: 'État des demandes en cours', keys: ['open'] },
  { number: '3', title: 'Répartition des réponses', keys: ['to-settle', 'pending'] },
  { number: '4', title: 'Demandes clôturées', keys: ['closed'] },
  { number: '5', title: 'Questions diverses', keys: ['other'] },
];

/** One decision of the minutes, as shown next to its line. */
export interface MinutesLine {
  itemKey: string;
  kind: DecisionKind;
  text: string;
}

/** The agenda (and, once recorded, the decisions) as a printable page. */
export function agendaHtml(agenda: Agenda, office: { name: string }, minutes: MinutesLine[] = []): string {
  const e = escapeHtml;
  const fr = formatDateFr;
  const decisionsOf = (key: string) =>
    minutes
      .filter((m) => m.itemKey === key)
      .map((m) => `${DECISION_LABELS[m.kind]}${m.text ? ` : ${m.text}` : ''}`)
      .join(' ; ');
  const requestTable = (s: AgendaSection) =>
    s.items.length === 0
      ? `<p class="empty">${e(s.empty)}</p>`
      : `<table>
<thead><tr><th scope="col">Référence</th><th scope="col">Reçue le</th><th scope="col">Demandeur / personne concernée</th><th scope="col">Droits</th><th scope="col">Statut</th><th scope="col">Répartition</th><th scope="col">Échéance</th><th scope="col">Observation</th><th scope="col" class="decision">Décision</th></tr></thead>
<tbody>
${s.items
  .map(
    (i) =>
      `<tr><td class="nowrap">${e(i.reference)}</td><td class="nowrap">${i.receivedOn ? e(fr(i.receivedOn)) : ''}</td><td>${e(i.requester)}${i.subject ? `<br>${e(i.subject)}` : ''}</td><td>${e(i.rights)}</td><td>${e(i.status)}</td><td>${e(i.party)}</td><td class="nowrap">${i.dueOn ? e(fr(i.dueOn)) : 'suspendu'}</td><td>${e(i.note)}</td><td>${e(decisionsOf(i.key))}</td></tr>`,
  )
  .join('\n')}
</tbody>
</table>`;
  const otherTable = (s: AgendaSection) =>
    s.items.length === 0
      ? `<p class="empty">${e(s.empty)}</p>`
      : `<table><thead><tr><th scope="col">Point</th><th scope="col" class="decision">Décision / commentaire</th></tr></thead><tbody>
${s.items.map((i) => `<tr><td>${e(i.note)}</td><td>${e(decisionsOf(i.key))}</td></tr>`).join('\n')}
</tbody></table>`;
  const counts =
    agenda.openCounts.length === 0
      ? ''
      : `<table><thead><tr><th scope="col">Partie</th><th scope="col">Statut</th><th scope="col">Nombre</th></tr></thead><tbody>
${agenda.openCounts.map((c) => `<tr><td>${e(c.party)}</td><td>${e(c.status)}</td><td>${c.count}</td></tr>`).join('\n')}
</tbody></table>`;
  const sectionsHtml = SECTION_GROUPS.map((g) => {
    const parts = g.keys.map((k) => agenda.sections.find((s) => s.key === k)!);
    const body = parts
      .map((s) => {
        const head = parts.length > 1 ? `<h3>${e(s.number)}. ${e(s.title)}</h3>` : '';
        if (s.key === 'other') return head + otherTable(s);
        if (s.key === 'open') return head + counts + requestTable(s);
        return head + requestTable(s);
      })
      .join('\n');
    const title = parts.length === 1 ? parts[0]!.title : g.title;
    return `<section><h2>${e(g.number)}. ${e(title)}</h2>\n${body}</section>`;
  }).join('\n');
  const inner = `<article class="doc agenda">
<h1>Point mensuel des DPD : ${minutes.length ? 'relevé de décisions' : 'ordre du jour'}</h1>
<div class="meta">
<p><strong>Convention :</strong> ${e(agenda.agreementName)}</p>
<p><strong>Date de la réunion :</strong> ${e(fr(agenda.date))} · <strong>prochaine réunion :</strong> ${e(fr(agenda.nextDate))}</p>
<p><strong>Participants :</strong> ${agenda.participants.length ? e(agenda.participants.join(', ')) : 'non renseignés'}</p>
<p><strong>Établi par :</strong> ${e(office.name)}. Objet (convention, annexe 1, § 3.2.1) : fluidité du processus et respect des délais, état des lieux des demandes en cours, répartition de la réponse entre les DPD.</p>
</div>
${sectionsHtml}
</article>`;
  return documentHtml(`Point mensuel des DPD du ${fr(agenda.date)}`, inner);
}
