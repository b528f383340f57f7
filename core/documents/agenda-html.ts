// The agenda as a printable page (and, once recorded, with the decisions next to their lines),
// and the groups of sections it shows. Part of the agenda module: import from ./agenda.
import { formatDateFr } from '../explain';
import { DECISION_LABELS, MEETING_FORMAT_LABELS, SECTION_GROUPS, meetingTimeFr, type Agenda, type AgendaSection, type DecisionKind } from './agenda-types';
import { documentHtml } from './letters';
import { escapeHtml } from './text';

/**
 * The groups of an agenda with the sections it holds, in order (an agenda stored before a
 * section existed simply lacks it); the group's heading is its only section's title.
 */
export function agendaGroups(agenda: Pick<Agenda, 'sections'>): { number: string; title: string; sections: AgendaSection[] }[] {
  return SECTION_GROUPS.map((g) => {
    const sections = g.keys.flatMap((k) => agenda.sections.filter((s) => s.key === k));
    return { number: g.number, title: sections.length === 1 && sections[0]!.number === g.number ? sections[0]!.title : g.title, sections };
  }).filter((g) => g.sections.length > 0);
}

/** Text typed by the user as paragraphs (blank lines) and lines, escaped. */
const textParagraphs = (text: string) =>
  text
    .trim()
    .split(/\n\s*\n/)
    .map((p) => `<p>${p.split('\n').map(escapeHtml).join('<br>')}</p>`)
    .join('\n');

/** One decision of the minutes, as shown next to its line. */
export interface MinutesLine {
  itemKey: string;
  kind: DecisionKind;
  text: string;
}

/** The agenda (and, once recorded, the decisions and the meeting's notes) as a printable page. */
export function agendaHtml(agenda: Agenda, office: { name: string }, minutes: MinutesLine[] = [], notes = ''): string {
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
<thead><tr><th scope="col">Référence</th><th scope="col">Reçue le</th><th scope="col">Demandeur / personne concernée</th><th scope="col">Droits</th><th scope="col">Statut</th><th scope="col">Répartition</th><th scope="col">Échéance</th><th scope="col" class="note">Observation</th><th scope="col" class="decision">Décision</th></tr></thead>
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
  const sectionsHtml = agendaGroups(agenda)
    .map((g) => {
      const body = g.sections
        .map((s) => {
          const head = g.sections.length > 1 || s.number !== g.number ? `<h3>${e(s.number)}. ${e(s.title)}</h3>` : '';
          if (s.key === 'other') return head + otherTable(s);
          if (s.key === 'open') return head + counts + requestTable(s);
          return head + requestTable(s);
        })
        .join('\n');
      return `<section><h2>${e(g.number)}. ${e(g.title)}</h2>\n${body}</section>`;
    })
    .join('\n');
  const inner = `<article class="doc agenda">
<h1>${e(agenda.title)} : ${minutes.length || notes.trim() ? 'relevé de décisions' : 'ordre du jour'}</h1>
<div class="meta">
<p><strong>Convention :</strong> ${e(agenda.agreementName)}</p>
<p><strong>Date de la réunion :</strong> ${e(fr(agenda.date))}${agenda.time ? ` à ${e(meetingTimeFr(agenda.time))}` : ''}${agenda.format ? ` · <strong>modalité :</strong> ${e(MEETING_FORMAT_LABELS[agenda.format])}` : ''} · <strong>prochaine réunion :</strong> ${e(fr(agenda.nextDate))}</p>
<p><strong>Participants :</strong> ${agenda.participants.length ? e(agenda.participants.join(', ')) : 'non renseignés'}</p>
<p><strong>Établi par :</strong> ${e(office.name)}. ${e(agenda.purpose)}</p>
</div>
${sectionsHtml}
${notes.trim() ? `<section class="notes"><h2>Notes de la réunion</h2>\n${textParagraphs(notes)}</section>` : ''}
</article>`;
  return documentHtml(`${agenda.title} du ${fr(agenda.date)}`, inner);
}
