// The annual report as documents: a printable page (the shared stylesheet, printed to PDF by
// Chromium) with its month-by-month chart as inline SVG (title and description for screen
// readers, and the same figures in the table below it), and a workbook (core/documents/xlsx.ts:
// one sheet of the summary, one per breakdown, the months, the refusals). French labels, dates
// dd/mm/yyyy, French number formats. Pure.
import { format, parseISO } from 'date-fns';
import { fr } from 'date-fns/locale/fr';
import { formatDateFr } from '../explain';
import type { AnnualReport, ReportLine } from '../features/reports/calls';
import { documentHtml } from './letters';
import { escapeHtml } from './text';
import { dateCell, textCell, type Cell, type SheetSpec, type WorkbookSpec } from './workbook';

const numberFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
/** A figure as French readers write it: « 1 234 », « 15,5 ». */
export const numberFr = (n: number): string => numberFormat.format(n);
/** « 75 % », or a dash when there is nothing to divide. */
export const shareFr = (part: number, whole: number): string => (whole === 0 ? '—' : `${numberFr(Math.round((part / whole) * 1000) / 10)} %`);
/** « 12 jours », or « — » when no request was answered. */
export const daysFr = (n: number | null): string => (n === null ? '—' : `${numberFr(n)} jour${n >= 2 ? 's' : ''}`);

/** The report's title and what it covers, as a heading and a sentence. */
export function reportTitle(r: AnnualReport): string {
  return `Rapport annuel ${r.year} des demandes d'exercice de droits`;
}

export function reportScope(r: AnnualReport): string {
  const who = r.agreement ? `Convention ${r.agreement.name} (${r.agreement.code})` : 'Toutes les conventions';
  const period = r.complete ? `demandes reçues du ${formatDateFr(r.from)} au ${formatDateFr(r.to)}` : `demandes reçues du ${formatDateFr(r.from)} au ${formatDateFr(r.to)} (année en cours)`;
  return `${who} : ${period}, situation au ${formatDateFr(r.asOf)}.`;
}

/** What each figure means, printed under the summary and written in the workbook. */
export const REPORT_NOTES = [
  'Les demandes annulées (saisies par erreur) ne sont pas comptées. Une demande portant sur plusieurs droits compte pour chacun de ses droits.',
  'Répondue : une réponse est enregistrée pour chaque droit demandé (une demande transmise, une fois que l’autre responsable a répondu à chaque droit) ; la date de réponse est la dernière de ces réponses.',
  'Dans le délai : réponse au plus tard à l’échéance en vigueur de la demande (RGPD art. 12(3) : un mois, trois mois si la prolongation a été notifiée dans le premier mois ; reportée des suspensions pour pièces d’identité, décret n° 2019-536 ; au jour ouvré suivant, règlement n° 1182/71).',
  'Délai de réponse : jours calendaires de la réception à la réponse ; médiane et 90e centile calculés comme CENTILE.INCLUS.',
];

/** The summary as label/value pairs, in the order the report prints them. */
export function summaryLines(r: AnnualReport): [string, string][] {
  const t = r.totals;
  return [
    ['Demandes reçues', numberFr(t.requests)],
    ['Répondues', numberFr(t.answered)],
    ['dont dans le délai', `${numberFr(t.onTime)} (${shareFr(t.onTime, t.answered)})`],
    ['dont en retard', `${numberFr(t.late)} (${shareFr(t.late, t.answered)})`],
    ['Sans réponse à ce jour', numberFr(t.pending)],
    ['dont échéance dépassée', numberFr(t.pendingOverdue)],
    ['Irrecevables', numberFr(t.inadmissible)],
    ['Retirées', numberFr(t.withdrawn)],
    ['Délai médian de réponse', daysFr(t.medianDays)],
    ['90e centile du délai de réponse', daysFr(t.p90Days)],
    ['Prolongations (RGPD art. 12(3))', numberFr(t.extensions)],
    ['dont notifiées trop tard (sans effet)', numberFr(t.extensionsNotInForce)],
    ['Refus (droits refusés ou satisfaits en partie)', numberFr(t.refusals)],
  ];
}

/** The columns of every breakdown table, with the value each shows. */
export const LINE_COLUMNS: { label: string; value: (l: ReportLine) => number }[] = [
  { label: 'Demandes', value: (l) => l.requests },
  { label: 'Répondues', value: (l) => l.answered },
  { label: 'Dans le délai', value: (l) => l.onTime },
  { label: 'En retard', value: (l) => l.late },
  { label: 'Sans réponse', value: (l) => l.pending },
  { label: 'Irrecevables ou retirées', value: (l) => l.other },
];

/** The breakdowns, each with its title (its table's caption and its sheet's name) and first column. */
export function breakdowns(r: AnnualReport): { title: string; sheet: string; first: string; lines: ReportLine[] }[] {
  return [
    { title: 'Demandes par droit exercé', sheet: 'Par droit', first: 'Droit', lines: r.byRight },
    { title: 'Demandes par partie qui répond (répartition)', sheet: 'Par partie', first: 'Partie', lines: r.byParty },
    { title: 'Demandes par canal de réception', sheet: 'Par canal', first: 'Canal', lines: r.byChannel },
    { title: 'Demandes par mois de réception', sheet: 'Par mois', first: 'Mois', lines: r.months },
  ];
}

/** The three parts of a month's bar, bottom to top, with the class that colours them. */
const SEGMENTS = [
  { label: 'répondues dans le délai', value: (l: ReportLine) => l.onTime, className: 'on-time', fill: '#2f6f9f' },
  { label: 'répondues en retard', value: (l: ReportLine) => l.late, className: 'late', fill: '#c0392b' },
  { label: 'sans réponse, irrecevables ou retirées', value: (l: ReportLine) => l.pending + l.other, className: 'pending', fill: '#c8c8c8' },
] as const;

/**
 * The month-by-month chart as SVG markup: one stacked bar per month of receipt (answered on
 * time, late, the rest), its height the requests received, the count above it, a legend. The
 * chart is an image with a title and a description saying every figure (role="img").
 */
export function monthChartSvg(r: AnnualReport, idPrefix = 'chart'): string {
  const e = escapeHtml;
  const width = 680;
  const plot = 200;
  const top = 18;
  const legendY = plot + 44;
  const max = Math.max(1, ...r.months.map((m) => m.requests));
  const slot = width / 12;
  const barWidth = slot * 0.6;
  const title = `Demandes reçues en ${r.year} par mois, selon leur réponse`;
  const desc = r.months
    .map((m) => `${m.label} : ${m.requests} reçue${m.requests > 1 ? 's' : ''}, ${m.onTime} dans le délai, ${m.late} en retard, ${m.pending + m.other} sans réponse, irrecevable${m.pending + m.other > 1 ? 's' : ''} ou retirée${m.pending + m.other > 1 ? 's' : ''}`)
    .join(' ; ');
  const bars = r.months
    .map((m, i) => {
      const x = i * slot + (slot - barWidth) / 2;
      let y = plot;
      const parts = SEGMENTS.map((s) => {
        const h = (s.value(m) / max) * plot;
        y -= h;
        return h > 0 ? `<rect class="${s.className}" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${h.toFixed(1)}" fill="${s.fill}"/>` : '';
      }).join('');
      const short = format(parseISO(`${m.key}-01`), 'LLL', { locale: fr });
      return `<g>${parts}<text x="${(x + barWidth / 2).toFixed(1)}" y="${(y - 4).toFixed(1)}" text-anchor="middle" font-size="11">${m.requests}</text><text x="${(x + barWidth / 2).toFixed(1)}" y="${plot + 16}" text-anchor="middle" font-size="11">${e(short)}</text></g>`;
    })
    .join('');
  const legend = SEGMENTS.map((s, i) => `<rect x="${i * 220}" y="${legendY - 10}" width="12" height="12" fill="${s.fill}"/><text x="${i * 220 + 18}" y="${legendY}" font-size="11">${e(s.label)}</text>`).join('');
  return `<svg class="month-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 ${-top} ${width} ${legendY + top + 8}" role="img" aria-labelledby="${idPrefix}-title ${idPrefix}-desc" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif"><title id="${idPrefix}-title">${e(title)}</title><desc id="${idPrefix}-desc">${e(desc)}.</desc><line x1="0" y1="${plot}" x2="${width}" y2="${plot}" stroke="#000" stroke-width="1"/>${bars}${legend}</svg>`;
}

/** A breakdown as an HTML table with its caption. */
function lineTable(caption: string, first: string, lines: ReportLine[]): string {
  const e = escapeHtml;
  const head = `<tr><th scope="col">${e(first)}</th>${LINE_COLUMNS.map((c) => `<th scope="col" class="num">${e(c.label)}</th>`).join('')}</tr>`;
  const body = lines.map((l) => `<tr><th scope="row">${e(l.label)}</th>${LINE_COLUMNS.map((c) => `<td class="num">${numberFr(c.value(l))}</td>`).join('')}</tr>`).join('\n');
  return `<table class="lines"><caption>${e(caption)}</caption><thead>${head}</thead><tbody>\n${body}\n</tbody></table>`;
}

/** The annual report as a printable page (A4 portrait, the shared stylesheet). */
export function annualReportHtml(r: AnnualReport, office: string): string {
  const e = escapeHtml;
  const summary = summaryLines(r)
    .map(([label, value]) => `<tr><th scope="row"${label.startsWith('dont') ? ' class="sub"' : ''}>${e(label)}</th><td class="num">${e(value)}</td></tr>`)
    .join('\n');
  const [byRight, byParty, byChannel, byMonth] = breakdowns(r);
  const refusals =
    r.refusals.length === 0
      ? '<p class="empty">Aucun refus cette année.</p>'
      : `<table><caption>Motifs des refus</caption><thead><tr><th scope="col">Motif</th><th scope="col" class="num">Nombre</th></tr></thead><tbody>
${r.refusalGrounds.map((g) => `<tr><td>${e(g.ground)}</td><td class="num">${numberFr(g.count)}</td></tr>`).join('\n')}
</tbody></table>
<table><caption>Refus, demande par demande</caption><thead><tr><th scope="col">Référence</th><th scope="col">Droit</th><th scope="col">Issue</th><th scope="col">Motif</th><th scope="col" class="nowrap">Réponse le</th></tr></thead><tbody>
${r.refusals.map((x) => `<tr><td class="nowrap">${e(x.reference)}</td><td>${e(x.right)}</td><td>${e(x.outcome)}</td><td>${e(x.ground)}</td><td class="nowrap">${x.answeredOn ? e(formatDateFr(x.answeredOn)) : ''}</td></tr>`).join('\n')}
</tbody></table>`;
  const inner = `<article class="doc report">
<h1>${e(reportTitle(r))}</h1>
<div class="meta">
<p>${e(reportScope(r))}</p>
<p><strong>Établi par :</strong> ${e(office)}.</p>
</div>
<section><h2>1. Synthèse</h2>
<table class="summary"><caption>Chiffres de l'année</caption><tbody>
${summary}
</tbody></table>
${REPORT_NOTES.map((n) => `<p class="note">${e(n)}</p>`).join('\n')}
</section>
<section><h2>2. Mois par mois</h2>
<figure class="chart">${monthChartSvg(r)}</figure>
${lineTable(byMonth!.title, byMonth!.first, byMonth!.lines)}
</section>
<section><h2>3. Par droit, par partie, par canal</h2>
${[byRight!, byParty!, byChannel!].map((b) => lineTable(b.title, b.first, b.lines)).join('\n')}
</section>
<section><h2>4. Refus et leurs motifs</h2>
${refusals}
</section>
</article>`;
  return documentHtml(`${reportTitle(r)} — ${r.agreement?.code ?? 'toutes les conventions'}`, inner);
}

const n = (v: number | null): Cell => (v === null ? null : { t: 'n', v });

/** The annual report as a workbook: the summary, each breakdown, the refusals. */
export function annualReportWorkbook(r: AnnualReport, author: string): WorkbookSpec {
  const t = r.totals;
  const summary: SheetSpec = {
    name: 'Synthèse',
    headers: ['Indicateur', 'Valeur'],
    widths: [48, 16],
    hidden: [],
    table: false,
    rows: [
      [textCell(reportTitle(r)), null],
      [textCell(reportScope(r)), null],
      [textCell('Période du'), { t: 'd', v: r.from }],
      [textCell('au'), { t: 'd', v: r.to }],
      [textCell('Situation au'), { t: 'd', v: r.asOf }],
      [textCell('Demandes reçues'), n(t.requests)],
      [textCell('Répondues'), n(t.answered)],
      [textCell('dont dans le délai'), n(t.onTime)],
      [textCell('dont en retard'), n(t.late)],
      [textCell('Sans réponse à ce jour'), n(t.pending)],
      [textCell('dont échéance dépassée'), n(t.pendingOverdue)],
      [textCell('Irrecevables'), n(t.inadmissible)],
      [textCell('Retirées'), n(t.withdrawn)],
      [textCell('Délai médian de réponse (jours)'), n(t.medianDays)],
      [textCell('90e centile du délai de réponse (jours)'), n(t.p90Days)],
      [textCell('Prolongations (RGPD art. 12(3))'), n(t.extensions)],
      [textCell('dont notifiées trop tard (sans effet)'), n(t.extensionsNotInForce)],
      [textCell('Refus (droits refusés ou satisfaits en partie)'), n(t.refusals)],
      ...REPORT_NOTES.map((note): Cell[] => [textCell(note), null]),
    ],
  };
  const lineSheets = breakdowns(r).map(
    (b): SheetSpec => ({
      name: b.sheet,
      headers: [b.first, ...LINE_COLUMNS.map((c) => c.label)],
      widths: [24, ...LINE_COLUMNS.map(() => 14)],
      hidden: [],
      table: true,
      rows: b.lines.map((l) => [textCell(l.label), ...LINE_COLUMNS.map((c) => n(c.value(l)))]),
    }),
  );
  const refusals: SheetSpec = {
    name: 'Refus',
    headers: ['Référence', 'Droit', 'Issue', 'Motif', 'Réponse le'],
    widths: [18, 16, 18, 60, 12],
    hidden: [],
    table: true,
    rows: r.refusals.map((x) => [textCell(x.reference), textCell(x.right), textCell(x.outcome), textCell(x.ground), dateCell(x.answeredOn)]),
  };
  return { title: reportTitle(r), author, sheets: [summary, ...lineSheets, refusals] };
}
