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
// letter view lists and refuses to save. A template may write that marker itself
// ("[à compléter : …]") where the data lacks something no single value stands for.
//
// Where the template's text ends with "à", "de" or "que" and a value follows, the pair is
// written as French writes it (text.ts joinWord): "donner suite à {{droits_refuses}}" gives
// "donner suite au droit à l'effacement", "la commune de {{commune}}" gives "la commune d'Aubagne".

import { joinWord } from './text';

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
  civilite: { type: 'text', description: '« Madame », « Monsieur », ou « Madame, Monsieur » si la demande ne le dit pas' },
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
  delai_suspendu: { type: 'flag', description: "Le délai est suspendu par une demande de pièces d'identité enregistrée (décret n° 2019-536)" },
  echeance_avant_suspension: { type: 'text', description: 'Délai suspendu : la date limite telle qu’elle était à la demande de pièces' },
  date_demande_pieces: { type: 'text', description: "Date de la demande de pièces d'identité enregistrée" },
  prolongee: { type: 'flag', description: 'Le délai a été prolongé' },
  motifs_prolongation: { type: 'text', description: 'Motifs de la prolongation' },
  date_limite_notification: { type: 'text', description: 'Date limite pour notifier la prolongation (fin du premier mois, art. 12(3))' },
  prolongation_tardive: {
    type: 'flag',
    description: 'Le courrier est daté après la date limite de notification, ou la prolongation est enregistrée comme tardive : elle ne prend pas effet',
  },
  demandeur: { type: 'text', description: 'Nom du demandeur (destinataire du courrier)' },
  personne_concernee: { type: 'text', description: 'Personne concernée (l’élève, ou le demandeur lui-même)' },
  autre_personne: { type: 'flag', description: 'La personne concernée n’est pas le demandeur' },
  pour_un_mineur: { type: 'flag', description: 'La personne concernée est un élève mineur' },
  eleve_mineur: { type: 'text', description: '« élève mineur » ou « élève mineure », selon la personne concernée' },
  agit_comme_representant: { type: 'flag', description: "Le demandeur agit pour un élève mineur, et son lien avec l'élève est enregistré (mère, père, tuteur…)" },
  representant_legal: { type: 'text', description: '« le représentant légal » ou « la représentante légale », selon le demandeur' },
  ecole: { type: 'text', description: 'École concernée (nom et UAI)' },
  commune: { type: 'text', description: 'Nom de la commune signataire de la convention' },
  academie: { type: 'text', description: "Nom de l'académie signataire de la convention" },
  parties: { type: 'text', description: 'Les deux responsables conjoints, en une phrase' },
  partie_qui_repond: { type: 'text', description: 'Le responsable conjoint qui répond (art. 26) ; la partie proposée tant que la répartition est à confirmer' },
  repartition_a_arreter: { type: 'flag', description: 'La répartition doit encore être confirmée par les deux parties (la partie proposée répond sans attendre)' },
  office_partie: { type: 'text', description: 'Le responsable conjoint qui écrit (cet office)' },
  co_responsable: { type: 'text', description: "L'autre responsable conjoint" },
  essentiel_accord: { type: 'text', description: "Où lire l'essentiel de l'accord entre responsables conjoints (lien ou adresse, art. 26(2)) : fixé dans la convention" },
  contact_dpd: {
    type: 'text',
    description: 'Contact du délégué à la protection des données (en-tête ; pour la convention DSDEN 13, celui du DPD académique, art. 8.2)',
  },
  contact_dpd_co_responsable: { type: 'text', description: "Contact du DPD de l'autre responsable conjoint" },
  signataire: { type: 'text', description: 'Nom du DPD de l’en-tête (il signe les courriers qui ne décident rien)' },
  nom_signataire: { type: 'text', description: "Nom de l'autorité ou de son délégataire, qui signe les décisions (prolongation, réponse, refus)" },
  qualite_signataire: { type: 'text', description: "Qualité du signataire des décisions (ex. « Pour le recteur et par délégation, la secrétaire générale »)" },
  pieces_manquantes: { type: 'list', description: 'Pièces justificatives encore attendues (sans les notes internes)' },
  pieces_recues: { type: 'list', description: 'Pièces justificatives reçues' },
  pieces_demandees: {
    type: 'list',
    description: "Pièces d'identité demandées (demande enregistrée, sinon pièces manquantes), sans les notes internes ni ce qui n'est pas nécessaire",
  },
  doute_identite: { type: 'text', description: "Le doute raisonnable sur l'identité du demandeur, tel qu'enregistré avec la demande de pièces (art. 12(6))" },
  precisions_demandees: { type: 'list', description: 'Ce qui est à préciser (demande de précisions enregistrée, considérant 63)' },
  date_demande_precisions: { type: 'text', description: 'Date de la demande de précisions enregistrée' },
  copie_electronique: { type: 'flag', description: 'La demande est arrivée par courriel : la copie est fournie sous forme électronique (art. 15(3))' },
  finalites: { type: 'text', description: 'Finalités du traitement (convention), pour la réponse au droit d’accès' },
  categories_donnees: { type: 'text', description: 'Catégories de données traitées (convention)' },
  destinataires: { type: 'text', description: 'Destinataires des données (convention)' },
  transferts_hors_ue: { type: 'text', description: 'Transferts vers un pays tiers et garanties, ou « aucun » (convention)' },
  duree_conservation: { type: 'text', description: 'Durée de conservation des données (convention)' },
  source_donnees: { type: 'text', description: 'Source des données (convention)' },
  droits_sans_suite: { type: 'text', description: "Droits dont la suite donnée n'est pas encore enregistrée" },
  acces_fait: { type: 'flag', description: "Droit d'accès : fait (copie jointe)" },
  acces_partiel: { type: 'flag', description: "Droit d'accès : fait en partie" },
  acces_refuse: { type: 'flag', description: "Droit d'accès : refusé" },
  acces_sans_donnees: { type: 'flag', description: "Droit d'accès : aucune donnée détenue" },
  acces_communique: { type: 'flag', description: "Droit d'accès : fait ou fait en partie (données communiquées)" },
  rectification_fait: { type: 'flag', description: 'Droit de rectification : fait' },
  rectification_partiel: { type: 'flag', description: 'Droit de rectification : fait en partie' },
  rectification_refuse: { type: 'flag', description: 'Droit de rectification : refusé' },
  rectification_sans_donnees: { type: 'flag', description: 'Droit de rectification : aucune donnée détenue' },
  effacement_fait: { type: 'flag', description: "Droit à l'effacement : fait" },
  effacement_partiel: { type: 'flag', description: "Droit à l'effacement : fait en partie" },
  effacement_refuse: { type: 'flag', description: "Droit à l'effacement : refusé" },
  effacement_sans_donnees: { type: 'flag', description: "Droit à l'effacement : aucune donnée détenue" },
  effacement_refuse_ou_partiel: { type: 'flag', description: "Droit à l'effacement : refusé ou fait en partie (exception de l'art. 17(3) à citer)" },
  exception_effacement: { type: 'text', description: "Exception de l'article 17(3) retenue (points a à e), en toutes lettres" },
  limitation_fait: { type: 'flag', description: 'Droit à la limitation : fait' },
  limitation_partiel: { type: 'flag', description: 'Droit à la limitation : fait en partie' },
  limitation_refuse: { type: 'flag', description: 'Droit à la limitation : refusé' },
  limitation_sans_donnees: { type: 'flag', description: 'Droit à la limitation : aucune donnée détenue' },
  portabilite_fait: { type: 'flag', description: 'Droit à la portabilité : fait' },
  portabilite_partiel: { type: 'flag', description: 'Droit à la portabilité : fait en partie' },
  portabilite_refuse: { type: 'flag', description: 'Droit à la portabilité : refusé (art. 20(3))' },
  portabilite_sans_donnees: { type: 'flag', description: 'Droit à la portabilité : aucune donnée détenue' },
  opposition_fait: { type: 'flag', description: "Droit d'opposition : il a été mis fin au traitement" },
  opposition_partiel: { type: 'flag', description: "Droit d'opposition : fait en partie" },
  opposition_refuse: { type: 'flag', description: "Droit d'opposition : refusé (motifs légitimes et impérieux)" },
  opposition_sans_donnees: { type: 'flag', description: "Droit d'opposition : aucune donnée détenue" },
  motif_acces: { type: 'text', description: "Motifs enregistrés sur le droit d'accès (refus ou partie non communiquée)" },
  motif_rectification: { type: 'text', description: 'Motifs enregistrés sur le droit de rectification' },
  motif_effacement: { type: 'text', description: "Motifs enregistrés sur le droit à l'effacement" },
  motif_limitation: { type: 'text', description: 'Motifs enregistrés sur le droit à la limitation' },
  motif_portabilite: { type: 'text', description: 'Motifs enregistrés sur le droit à la portabilité' },
  motif_opposition: { type: 'text', description: "Motifs légitimes et impérieux enregistrés sur le droit d'opposition" },
  refus_total_ou_partiel: { type: 'flag', description: 'Au moins un droit est refusé ou fait en partie (voies de recours à indiquer)' },
  droits_refuses: { type: 'text', description: 'Droits auxquels il n’est pas donné suite' },
  motif_refus: { type: 'text', description: 'Motifs du refus enregistrés sur les droits refusés' },
  droits_refuses_en_partie: { type: 'text', description: 'Droits auxquels il n’est donné suite qu’en partie' },
  motif_refus_partiel: { type: 'text', description: 'Motifs enregistrés sur les droits faits en partie' },
  irrecevable: { type: 'flag', description: 'La demande est déclarée irrecevable' },
  motif_irrecevabilite: { type: 'text', description: "Motifs de l'irrecevabilité (enregistrés avec le changement de statut)" },
  date_transmission: { type: 'text', description: 'Date de transmission au co-responsable' },
  motif_transmission: { type: 'text', description: 'Motif de la transmission au co-responsable' },
} as const satisfies Record<string, PlaceholderSpec>;

export type PlaceholderName = keyof typeof PLACEHOLDERS;

export type TemplateValue = string | readonly string[] | boolean;
export type TemplateValues = Record<PlaceholderName, TemplateValue>;

const isPlaceholderName = (name: string): name is PlaceholderName =>
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

// A value printed inside a sentence is wrapped in these marks while the template is rendered, so
// the text before it can be contracted with it afterwards ("à" + "le droit…" → "au droit…",
// "de" + "Aubagne" → "d'Aubagne"), even across a {{#si}} boundary; the marks are then removed.
const OPEN = '\u0001';
const CLOSE = '\u0002';
// eslint-disable-next-line no-control-regex -- the marks are control characters on purpose: no template text contains them
const JUNCTION = /(?<![\p{L}\p{N}'’])(à|À|de|De|que|Que) \u0001([^\u0002]*)\u0002/gu;

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
        else out += node.alone ? items.map((i) => `- ${i}`).join('\n') : `${OPEN}${items.join(', ')}${CLOSE}`;
      } else if (typeof value === 'string') {
        out += value.trim() ? `${OPEN}${value}${CLOSE}` : missingMarker(node.name);
      }
    }
  }
  return out;
}

/** Contracts each preposition with the value that follows it, then drops the marks. */
function joinValues(text: string): string {
  // eslint-disable-next-line no-control-regex -- the junction marks above
  return text.replace(JUNCTION, (_m, word: string, value: string) => joinWord(word, value)).replace(/[\u0001\u0002]/g, '');
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
  return joinValues(render(nodes, values))
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

class TemplateError extends Error {
  readonly code = 'MODELE_INVALIDE';
  constructor(detail: string) {
    super(`Le modèle de courrier est invalide (${detail}) : corrigez-le dans la convention, onglet des modèles.`);
  }
}

/** The "[à compléter : …]" markers still in a text, in order. */
export function missingMarkers(text: string): string[] {
  return [...text.matchAll(/\[à compléter[^\]]*\]/g)].map((m) => m[0]);
}
