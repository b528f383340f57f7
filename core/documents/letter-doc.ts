// The letter as a document: the body as blocks (for the DOCX), who signs, the snapshot printed
// (LetterDoc), its HTML for Chromium (no-script CSP) and its plain text as the recipient reads it.
// Part of the letters module: import from ./letters.
import type { IsoDate } from '../domain';
import { formatDateFr } from '../explain';
import { LETTER_LABELS, isDecidingKind, type LetterKind, type LetterTemplate, type Letterhead, type SignedLetterhead } from './letter-kinds';
import { DEFAULT_TEMPLATES } from './letter-templates';
import { letterRequestOf, letterValues, type LetterContext } from './letter-values';
import { DOCUMENT_CSS } from './style';
import { MISSING_MARK, fillTemplate, missingMarker, missingMarkers } from './templates';
import { agreeFr, escapeHtml } from './text';

export type Block = { type: 'p'; lines: string[] } | { type: 'ul'; items: string[] };

/**
 * The body text as blocks: paragraphs separated by blank lines (a single line break stays a line
 * break), consecutive lines starting with "- " or "• " form a list.
 */
export function textBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of text.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    const lines = chunk.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
    let para: string[] = [];
    let list: string[] = [];
    const flush = () => {
      if (para.length) blocks.push({ type: 'p', lines: para });
      if (list.length) blocks.push({ type: 'ul', items: list });
      para = [];
      list = [];
    };
    for (const line of lines) {
      const item = /^\s*[-•]\s+(.*)$/.exec(line);
      if (item) {
        if (para.length) {
          blocks.push({ type: 'p', lines: para });
          para = [];
        }
        list.push(item[1]!.trim());
      } else {
        if (list.length) {
          blocks.push({ type: 'ul', items: list });
          list = [];
        }
        para.push(line.trim());
      }
    }
    flush();
  }
  return blocks;
}

/** Who signs: the authority or its delegate for a decision, the DPD otherwise. */
export interface LetterSignature {
  /** Capacity line first for a decision ("Pour le recteur et par délégation, …"), none for the DPD. */
  title: string;
  name: string;
  /** "Délégué à la protection des données" under the DPD's name; empty for a decision. */
  role: string;
  office: string;
  deciding: boolean;
}

/** Everything a letter prints, snapshotted when it is saved (so it can be made again identically). */
export interface LetterDoc {
  kind: LetterKind;
  date: IsoDate;
  reference: string;
  subject: string;
  body: string;
  letterhead: SignedLetterhead;
  recipient: { name: string; lines: string[] };
  /** "Léo Martin (élève mineur)" when the person concerned is not the requester. */
  concerning: string | null;
  templateVersion: number;
  /** Absent in letters saved before signatories existed: they were signed by the DPD. */
  signature?: LetterSignature | undefined;
}

/**
 * The signature of a letter of this kind: decisions (extension, answer, refusal) by the signatory
 * of the letterhead, the others by the DPD. A blank name or title is a "[à compléter : …]"
 * marker, so the letter cannot be saved unsigned (letterMissing).
 */
export function letterSignature(kind: LetterKind, letterhead: SignedLetterhead): LetterSignature {
  if (isDecidingKind(kind)) {
    return {
      title: (letterhead.signatoryTitle ?? '').trim() || missingMarker('qualite_signataire'),
      name: (letterhead.signatoryName ?? '').trim() || missingMarker('nom_signataire'),
      role: '',
      office: letterhead.officeName,
      deciding: true,
    };
  }
  return {
    title: '',
    name: letterhead.dpdName.trim() || missingMarker('signataire'),
    role: 'Délégué à la protection des données',
    office: letterhead.officeName,
    deciding: false,
  };
}

/** The signature block's lines, in print order (for the HTML, the DOCX and the preview). */
export function signatureLines(doc: Pick<LetterDoc, 'letterhead' | 'signature'>): string[] {
  const s = doc.signature ?? {
    title: '',
    name: doc.letterhead.dpdName,
    role: 'Délégué à la protection des données',
    office: doc.letterhead.officeName,
    deciding: false,
  };
  return [s.title, s.name, s.role, s.office].filter((l) => l.trim() !== '');
}

/** The "[à compléter : …]" markers left anywhere in the letter: subject, body and signature. */
export function letterMissing(doc: Pick<LetterDoc, 'subject' | 'body' | 'letterhead' | 'signature'>): string[] {
  return missingMarkers([doc.subject, doc.body, ...signatureLines(doc)].join('\n'));
}

export function letterDoc(
  ctx: LetterContext,
  kind: LetterKind,
  text: { subject: string; body: string },
  templateVersion: number,
): LetterDoc {
  const r = letterRequestOf(ctx);
  const minor = r.subject?.minor === true ? ` (${agreeFr(r.subject.gender, 'élève mineur', 'élève mineure', 'élève mineur')})` : '';
  return {
    kind,
    date: ctx.date,
    reference: r.reference,
    subject: text.subject,
    body: text.body,
    letterhead: ctx.letterhead,
    recipient: {
      name: r.requester.name,
      lines: r.requester.contact
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    },
    concerning: r.subject ? `${r.subject.name}${minor}` : null,
    templateVersion,
    signature: letterSignature(kind, ctx.letterhead),
  };
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

const letterheadContact = (lh: Letterhead) =>
  [lh.dpdName && `Délégué à la protection des données : ${lh.dpdName}`, lh.dpdEmail, lh.dpdPhone].filter(Boolean);

const dateLine = (doc: LetterDoc) => `${doc.letterhead.city.trim() ? `${doc.letterhead.city.trim()}, le ` : 'Le '}${formatDateFr(doc.date)}`;

/** The letter's markup, without <html>: also what the print fallback shows in the app. */
export function letterInnerHtml(doc: LetterDoc): string {
  const e = escapeHtml;
  const lh = doc.letterhead;
  const contact = letterheadContact(lh);
  const html = textBlocks(doc.body).map((b) =>
    b.type === 'p' ? `<p>${b.lines.map(e).join('<br>')}</p>` : `<ul>${b.items.map((i) => `<li>${e(i)}</li>`).join('')}</ul>`,
  );
  // The last paragraph (the salutation) stays on the page of the signature: no signature alone
  // at the top of a page.
  const closing = html.length > 1 ? html.pop()! : '';
  const blocks = html.join('\n');
  const sig = signatureLines(doc);
  const nameAt = doc.signature?.deciding ? (doc.signature.title.trim() ? 1 : 0) : 0;
  return `<article class="doc letter">
<div class="head">
<div class="letterhead">
<span class="line office">${e(lh.officeName)}</span>
${lines(lh.address).map((l) => `<span class="line">${e(l)}</span>`).join('\n')}
<div class="contact">${contact.map((c) => `<span class="line">${e(c)}</span>`).join('\n')}</div>
</div>
<div class="recipient">
<span class="line name">${e(doc.recipient.name)}</span>
${doc.recipient.lines.map((l) => `<span class="line">${e(l)}</span>`).join('\n')}
</div>
</div>
<p class="dateline">${e(dateLine(doc))}</p>
<div class="refs">
<p><span class="label">Objet :</span> ${e(doc.subject)}</p>
<p><span class="label">Référence :</span> ${e(doc.reference)}</p>
${doc.concerning ? `<p><span class="label">Personne concernée :</span> ${e(doc.concerning)}</p>` : ''}
</div>
<div class="body">
${blocks}
</div>
<div class="closing">
${closing ? `<div class="body">\n${closing}\n</div>\n` : ''}<div class="signature">
${sig.map((l, i) => `<span class="line${i === nameAt ? ' name' : ''}">${e(l)}</span>`).join('\n')}
</div>
</div>
</article>`;
}

/**
 * The letter as its recipient reads it, in plain text: letterhead, recipient, date, subject,
 * reference, person concerned, body (lists as "- item") and signature.
 */
export function letterPlainText(doc: LetterDoc): string {
  const body = textBlocks(doc.body)
    .map((b) => (b.type === 'p' ? b.lines.join('\n') : b.items.map((i) => `- ${i}`).join('\n')))
    .join('\n\n');
  return [
    [doc.letterhead.officeName, ...lines(doc.letterhead.address), ...letterheadContact(doc.letterhead)].join('\n'),
    [doc.recipient.name, ...doc.recipient.lines].join('\n'),
    dateLine(doc),
    [`Objet : ${doc.subject}`, `Référence : ${doc.reference}`, ...(doc.concerning ? [`Personne concernée : ${doc.concerning}`] : [])].join('\n'),
    body,
    signatureLines(doc).join('\n'),
  ]
    .filter((x) => x.trim() !== '')
    .join('\n\n');
}

/** A letter drafted from a template (the default of its kind unless given), as the recipient reads it. */
export interface DraftedLetter {
  doc: LetterDoc;
  /** letterPlainText(doc). */
  text: string;
  /** The text with every run of white space as one space: sentences read across line ends. */
  flat: string;
  /** letterMissing(doc): markers left in the subject, body or signature. */
  missing: string[];
}

export function draftLetter(ctx: LetterContext, kind: LetterKind, template: LetterTemplate = DEFAULT_TEMPLATES[kind], templateVersion = 1): DraftedLetter {
  const values = letterValues(ctx);
  const doc = letterDoc(ctx, kind, { subject: fillTemplate(template.subject, values), body: fillTemplate(template.body, values) }, templateVersion);
  const text = letterPlainText(doc);
  return { doc, text, flat: text.replace(/\s+/g, ' '), missing: letterMissing(doc) };
}

/** A complete HTML page, for Chromium to print to PDF (A4, the shared stylesheet). */
export function documentHtml(title: string, inner: string): string {
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>${DOCUMENT_CSS}</style>
</head>
<body>
${inner}
</body>
</html>`;
}

export function letterHtml(doc: LetterDoc): string {
  return documentHtml(`${LETTER_LABELS[doc.kind]} ${doc.reference}`, letterInnerHtml(doc));
}

export const hasMissingMarks = (text: string) => text.includes(MISSING_MARK);
