// The one stylesheet of the printed documents (letters, meeting agenda, annual report). The PDF is the
// HTML below printed by Chromium (Electron's printToPDF, or the browser found on the machine in
// browser mode); the print fallback shows the same HTML with the same rules in the app, so a
// document looks the same whichever way it was made. Every rule is scoped under `.doc`, except
// the page box: A4 with margins every office printer can print; the agenda's and the annual report's pages are numbered
// « Page n / N » in the bottom margin (CSS margin boxes, printed by Chromium 131 and later).
export const DOCUMENT_CSS = `
@page { size: A4; margin: 18mm 18mm 20mm 20mm; }
@page agenda {
  size: A4 landscape; margin: 12mm 12mm 14mm 12mm;
  @bottom-right { content: "Page " counter(page) " / " counter(pages); font-family: 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; font-size: 8pt; color: #333; }
}
.doc.agenda { page: agenda; }
@page report {
  size: A4; margin: 18mm 18mm 20mm 20mm;
  @bottom-right { content: "Page " counter(page) " / " counter(pages); font-family: 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; font-size: 8pt; color: #333; }
}
.doc.report { page: report; }
.doc { font-family: 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; font-size: 10pt; line-height: 1.4; color: #000; background: #fff; }
.doc * { box-sizing: border-box; }
.doc p { margin: 0 0 0.7em; }
.doc ul { margin: 0 0 0.7em; padding-left: 1.4em; }
.doc li { margin: 0 0 0.2em; }
.doc .head { display: flex; justify-content: space-between; gap: 12mm; margin-bottom: 8mm; }
.doc .letterhead { max-width: 85mm; }
.doc .letterhead .office { font-weight: 700; font-size: 11pt; }
.doc .line { display: block; }
.doc .letterhead .contact { margin-top: 2mm; font-size: 9pt; }
.doc .recipient { margin-top: 16mm; width: 80mm; }
.doc .recipient .name { font-weight: 700; }
.doc .dateline { text-align: right; margin-bottom: 6mm; }
.doc .refs { margin-bottom: 6mm; }
.doc .refs p { margin: 0 0 0.2em; }
.doc .refs .label { font-weight: 700; }
.doc .body { text-align: justify; }
.doc .closing { break-inside: avoid; }
.doc .signature { margin-top: 6mm; margin-left: 95mm; break-inside: avoid; }
.doc .signature .name { font-weight: 700; }
.doc .footer { margin-top: 14mm; padding-top: 2mm; border-top: 0.3mm solid #777; font-size: 8pt; color: #333; }
.doc h1 { font-size: 15pt; margin: 0 0 2mm; }
.doc h2 { font-size: 12pt; margin: 7mm 0 2mm; padding-bottom: 1mm; border-bottom: 0.4mm solid #000; break-after: avoid; }
.doc h3 { font-size: 10.5pt; margin: 4mm 0 1.5mm; break-after: avoid; }
.doc .meta p { margin: 0 0 0.2em; }
.doc table { width: 100%; border-collapse: collapse; margin: 0 0 3mm; font-size: 8.5pt; }
.doc th, .doc td { border: 0.25mm solid #888; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
.doc thead th { background: #e6e6e6; }
.doc tr { break-inside: avoid; }
.doc .empty { font-style: italic; color: #333; }
.doc .decision { width: 40mm; }
.doc.agenda table { font-size: 8pt; }
.doc.agenda th, .doc.agenda td { padding: 0.6mm 1.2mm; line-height: 1.25; }
.doc.agenda .note { width: 30%; }
.doc .nowrap { white-space: nowrap; }
.doc a { color: #000; text-decoration: none; }
.doc caption { caption-side: top; text-align: left; font-weight: 700; padding: 0 0 1mm; }
.doc .num { text-align: right; }
.doc td.num { white-space: nowrap; }
.doc.report table.summary { width: auto; min-width: 110mm; }
.doc.report th.sub { padding-left: 6mm; font-weight: 400; }
.doc.report tbody th { font-weight: 400; white-space: nowrap; }
.doc.report table.lines { break-inside: avoid; }
.doc.report .note { font-size: 8pt; color: #333; margin: 0 0 0.3em; }
.doc.report figure { margin: 0 0 3mm; break-inside: avoid; }
.doc.report svg.month-chart { display: block; width: 100%; height: auto; }
`;
