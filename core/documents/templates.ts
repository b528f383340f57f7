// Letter templates: a tiny template language, its validation, and filling.
//
//   {{nom}}                         a value of the request (see PLACEHOLDERS)
//   {{#si nom}} … {{sinon}} … {{/si}}  a passage kept only when the value is present
//
// A list value ({{pieces_manquantes}}) alone on its line becomes one "- item" line per item;
// inside a sentence it is joined with ", ". A tag alone on its line takes its line with it, so
// conditional paragraphs leave no blank lines behind. An unknown name is an error reported when
// the template is saved (validateTemplate), never a blank in a letter; a known value that the
// request does not have yet is filled with a visible "[à compléter : …]" marker that the
// letter view lists and refuses to save.

export type PlaceholderType = 'text' | 'list' | 'flag';

export interface PlaceholderSpec {
  type: PlaceholderType;
  /** French, shown in the template editor. */
  description: string;
}

/** Every name a template may use. French names: the DPDs write the templates. */
export const PLACEHOLDERS = {
  reference: { type: 'text', description: 'Référence de la demande (ex. FAR-2026-0001)' },
  date_courrier: { type: 'text', description: 'Date du courrier (jj/mm/aaaa)' },
  date_reception: { type: 'text', description: 'Date de réception de la demande' },
  droits: { type: 'text', description: 'Droits exercés, en une phrase, avec leur article du RGPD' },
  droits_liste: { type: 'list', description: 'Droits exercés, un par ligne' },
  droit_acces: { type: 'flag', description: "Le droit d'accès est exercé (art. 15)" },
  droit_rectification: { type: 'flag', description: 'Le droit de rectification est exercé (art. 16)' },
  droit_effacement: { type: 'flag', description: "Le droit à l'effacement est exercé (art. 17)" },
  droit_limitation: { type: 'flag', description: 'Le droit à la limitation est exercé (art. 18)' },
  droit_portabilite: { type: 'flag', description: 'Le droit à la portabilité est exercé (art. 20)' },
  droit_opposition: { type: 'flag', description: "Le droit d'opposition est exercé (art. 21)" },
  echeance: { type: 'text', description: 'Date limite de réponse en vigueur (art. 12(3))' },
  echeance_initiale: { type: 'text', description: 'Date limite d’un mois, avant prolongation' },
  echeance_prolongee: { type: 'text', description: 'Date limite après prolongation de deux mois' },
  prolongee: { type: 'flag', description: 'Le délai a été prolongé' },
  motifs_prolongation: { type: 'text', description: 'Motifs de la prolongation' },
  demandeur: { type: 'text', description: 'Nom du demandeur (destinataire du courrier)' },
  personne_concernee: { type: 'text', description: 'Personne concernée (l’élève, ou le demandeur lui-même)' },
  autre_personne: { type: 'flag', description: 'La personne concernée n’est pas le demandeur' },
  pour_un_mineur: { type: 'flag', description: 'La personne concernée est un élève mineur' },
  ecole: { type: 'text', description: 'École concernée (nom et UAI)' },
  commune: { type: 'text', description: 'Nom de la commune signataire de la convention' },
  academie: { type: 'text', description: "Nom de l'académie signataire de la convention" },
  parties: { type: 'text', description: 'Les deux responsables conjoints, en une phrase' },
  partie_qui_repond: { type: 'text', description: 'Le responsable conjoint qui répond (art. 26)' },
  repartition_a_arreter: { type: 'flag', description: 'La répartition est à arrêter au point mensuel' },
  office_partie: { type: 'text', description: 'Le responsable conjoint qui écrit (cet office)' },
  co_responsable: { type: 'text', description: "L'autre responsable conjoint" },
  contact_dpd: { type: 'text', description: 'Contact du délégué à la protection des données (en-tête)' },
  contact_dpd_co_responsable: { type: 'text', description: "Contact du DPD de l'autre responsable conjoint" },
  signataire: { type: 'text', description: 'Nom du signataire (DPD de l’en-tête)' },
  pieces_manquantes: { type: 'list', description: 'Pièces justificatives encore attendues' },
  pieces_recues: { type: 'list', description: 'Pièces justificatives reçues' },
  pieces_demandees: { type: 'list', description: 'Pièces ou précisions demandées (demande en cours, sinon pièces manquantes)' },
  droits_refuses: { type: 'text', description: 'Droits auxquels il n’est pas donné suite' },
  motif_refus: { type: 'text', description: 'Motifs du refus enregistrés sur les droits' },
  date_transmission: { type: 'text', description: 'Date de transmission au co-responsable' },
  motif_transmission: { type: 'text', description: 'Motif de la transmission au co-responsable' },
} as const satisfies Record<string, PlaceholderSpec>;

export type PlaceholderName = keyof typeof PLACEHOLDERS;

export type TemplateValue = string | readonly string[] | boolean;
export type TemplateValues = Record<PlaceholderName, TemplateValue>;

export const isPlaceholderName = (name: string): name is PlaceholderName =>
  Object.prototype.hasOwnProperty.call(PLACEHOLDERS, name);

/** The marker a letter carries where a known value is missing; the user completes it by hand. */
export const MISSING_MARK = '[à compléter';
export const missingMarker = (name: PlaceholderName) =>
  `${MISSING_MARK} : ${PLACEHOLDERS[name].description.charAt(0).toLowerCase()}${PLACEHOLDERS[name].description.slice(1)}]`;

// ---------- parsing ----------

type Token =
  | { kind: 'text'; text: string }
  | { kind: 'var'; name: string; line: number; alone: boolean }
  | { kind: 'if'; name: string; line: number }
  | { kind: 'else'; line: number }
  | { kind: 'endif'; line: number };

export interface TemplateProblem {
  line: number;
  message: string;
}

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'var'; name: string; alone: boolean }
  | { kind: 'if'; name: string; then: Node[]; otherwise: Node[] };

const TAG = /\{\{([^{}]*)\}\}/g;

function lineOf(source: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}

function tokenize(source: string, problems: TemplateProblem[]): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  const pushText = (text: string) => {
    if (!text) return;
    // Braces outside a complete {{…}} are a typing mistake, not text to print.
    const stray = text.search(/\{\{|\}\}/);
    if (stray >= 0) {
      problems.push({ line: lineOf(source, last + stray), message: 'accolades « {{ » ou « }} » sans balise complète.' });
    }
    tokens.push({ kind: 'text', text });
  };
  for (const match of source.matchAll(TAG)) {
    const start = match.index;
    let end = start + match[0].length;
    const inner = match[1]!.trim();
    const lineStart = source.lastIndexOf('\n', start - 1) + 1;
    const lineEndAt = source.indexOf('\n', end);
    const lineEnd = lineEndAt === -1 ? source.length : lineEndAt;
    // Alone on its line, block tags aside ("{{pieces_manquantes}}{{/si}}" is still a list line).
    const bare = (t: string) => t.replace(/\{\{\s*(#si\s+[^{}]*|sinon|\/si)\s*\}\}/g, '').trim() === '';
    const alone = bare(source.slice(lineStart, start)) && bare(source.slice(end, lineEnd));
    const line = lineOf(source, start);
    let token: Token;
    const ifMatch = /^#si\s+(\S+)$/.exec(inner);
    if (ifMatch) token = { kind: 'if', name: ifMatch[1]!, line };
    else if (inner === 'sinon') token = { kind: 'else', line };
    else if (inner === '/si') token = { kind: 'endif', line };
    else token = { kind: 'var', name: inner, line, alone };
    let textEnd = start;
    if (token.kind !== 'var' && alone) {
      // A block tag alone on its line: drop the line (indentation and line break included).
      textEnd = lineStart >= last ? lineStart : start;
      end = lineEndAt === -1 ? source.length : lineEndAt + 1;
    }
    pushText(source.slice(last, textEnd));
    tokens.push(token);
    last = end;
  }
  pushText(source.slice(last));
  return tokens;
}

function parse(source: string): { nodes: Node[]; problems: TemplateProblem[] } {
  const problems: TemplateProblem[] = [];
  const tokens = tokenize(source, problems);
  const root: Node[] = [];
  const stack: { node: Extract<Node, { kind: 'if' }>; inElse: boolean; line: number }[] = [];
  const target = () => {
    const top = stack[stack.length - 1];
    return top ? (top.inElse ? top.node.otherwise : top.node.then) : root;
  };
  for (const t of tokens) {
    switch (t.kind) {
      case 'text':
        target().push({ kind: 'text', text: t.text });
        break;
      case 'var':
        if (!isPlaceholderName(t.name)) {
          problems.push({ line: t.line, message: `« {{${t.name}}} » n'est pas une donnée connue.` });
        } else if (PLACEHOLDERS[t.name].type === 'flag') {
          problems.push({ line: t.line, message: `« ${t.name} » est une condition : utilisez {{#si ${t.name}}} … {{/si}}.` });
        }
        target().push({ kind: 'var', name: t.name, alone: t.alone });
        break;
      case 'if': {
        if (!isPlaceholderName(t.name)) problems.push({ line: t.line, message: `« {{#si ${t.name}}} » : « ${t.name} » n'est pas une donnée connue.` });
        const node: Extract<Node, { kind: 'if' }> = { kind: 'if', name: t.name, then: [], otherwise: [] };
        target().push(node);
        stack.push({ node, inElse: false, line: t.line });
        break;
      }
      case 'else': {
        const top = stack[stack.length - 1];
        if (!top) problems.push({ line: t.line, message: '« {{sinon}} » hors d’un bloc {{#si …}}.' });
        else if (top.inElse) problems.push({ line: t.line, message: '« {{sinon}} » en double dans le même bloc.' });
        else top.inElse = true;
        break;
      }
      case 'endif':
        if (!stack.pop()) problems.push({ line: t.line, message: '« {{/si}} » sans {{#si …}} ouvrant.' });
        break;
    }
  }
  for (const open of stack) problems.push({ line: open.line, message: `« {{#si ${open.node.name}}} » n'est pas refermé par {{/si}}.` });
  return { nodes: root, problems };
}

/** Problems of a template text (empty: valid), each with its line. */
export function templateProblems(source: string): TemplateProblem[] {
  return parse(source).problems;
}

/** The placeholder names a template uses (for tests and the editor). */
export function usedPlaceholders(source: string): string[] {
  const names = new Set<string>();
  for (const m of source.matchAll(TAG)) {
    const inner = m[1]!.trim();
    const name = /^#si\s+(\S+)$/.exec(inner)?.[1] ?? (inner === 'sinon' || inner === '/si' ? null : inner);
    if (name) names.add(name);
  }
  return [...names];
}

// ---------- filling ----------

const present = (v: TemplateValue | undefined): boolean =>
  typeof v === 'boolean' ? v : typeof v === 'string' ? v.trim().length > 0 : Array.isArray(v) && v.length > 0;

function render(nodes: Node[], values: TemplateValues): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') out += node.text;
    else if (node.kind === 'if') {
      const value = isPlaceholderName(node.name) ? values[node.name] : undefined;
      out += render(present(value) ? node.then : node.otherwise, values);
    } else {
      if (!isPlaceholderName(node.name)) continue; // refused by validation; never printed blank silently
      const value = values[node.name];
      if (Array.isArray(value)) {
        const items = value as readonly string[];
        if (items.length === 0) out += node.alone ? '- (aucune)' : 'aucune';
        else out += node.alone ? items.map((i) => `- ${i}`).join('\n') : items.join(', ');
      } else if (typeof value === 'string') {
        out += value.trim() ? value : missingMarker(node.name);
      }
    }
  }
  return out;
}

/**
 * Fills a template. Throws when the template is invalid: templates are validated when saved,
 * so this only happens for a template stored by another version of the app.
 */
export function fillTemplate(source: string, values: TemplateValues): string {
  const { nodes, problems } = parse(source);
  if (problems.length > 0) {
    throw new TemplateError(problems.map((p) => `ligne ${p.line} : ${p.message}`).join(' ; '));
  }
  return render(nodes, values)
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export class TemplateError extends Error {
  readonly code = 'MODELE_INVALIDE';
  constructor(detail: string) {
    super(`Le modèle de courrier est invalide (${detail}) : corrigez-le dans la convention, onglet des modèles.`);
  }
}

/** The "[à compléter : …]" markers still in a text, in order. */
export function missingMarkers(text: string): string[] {
  return [...text.matchAll(/\[à compléter[^\]]*\]/g)].map((m) => m[0]);
}
