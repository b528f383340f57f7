// A breach document (core/breaches/form.ts) as printable HTML, on the documents' one stylesheet
// and page (core/documents/style.ts, documentHtml). Every value is escaped. Pure.
import { documentHtml } from '../documents/letter-doc';
import { escapeHtml } from '../documents/text';
import type { BreachDoc, Section } from './form';

const FORM_CSS = `
.doc.breach h1 { font-size: 13pt; margin: 0 0 1mm; }
.doc.breach .subtitle { margin: 0 0 5mm; }
.doc.breach h2 { font-size: 10.5pt; margin: 5mm 0 1.5mm; padding-bottom: 0.5mm; border-bottom: 0.3mm solid #777; break-after: avoid; }
.doc.breach table { width: 100%; border-collapse: collapse; }
.doc.breach th, .doc.breach td { text-align: left; vertical-align: top; padding: 1mm 1.5mm; border: 0.2mm solid #bbb; white-space: pre-wrap; }
.doc.breach th { width: 38%; font-weight: 700; background: #f2f2f2; }
.doc.breach tr { break-inside: avoid; }
`;

function sectionHtml(s: Section): string {
  const lines = s.lines?.length
    ? `<table><tbody>${s.lines.map((l) => `<tr><th scope="row">${escapeHtml(l.label)}</th><td>${escapeHtml(l.value)}</td></tr>`).join('')}</tbody></table>`
    : '';
  const paragraphs = (s.paragraphs ?? []).map((p) => `<p>${escapeHtml(p)}</p>`).join('');
  return `<section><h2>${escapeHtml(s.heading)}</h2>${lines}${paragraphs}</section>`;
}

export function breachDocHtml(doc: BreachDoc): string {
  const inner = `<style>${FORM_CSS}</style>
<div class="doc breach">
<div class="head"><div class="letterhead"><div class="office">${escapeHtml(doc.office.name)}</div>${doc.office.lines.map((l) => `<span class="line contact">${escapeHtml(l)}</span>`).join('')}</div><div class="refs"><p><span class="label">Référence : </span>${escapeHtml(doc.reference)}</p></div></div>
<h1>${escapeHtml(doc.title)}</h1>
<p class="subtitle">${escapeHtml(doc.subtitle)}</p>
${doc.sections.map(sectionHtml).join('\n')}
<div class="footer">${escapeHtml(doc.footer)}</div>
</div>`;
  return documentHtml(`${doc.title} ${doc.reference}`, inner);
}
