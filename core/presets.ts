// The two agreements the app ships as presets (../shared/seeds/). Only what the agreements
// say is filled in; everything else is left for the office to complete in "Conventions".
import { PROPORTIONATE_IDENTITY_DOCUMENTS } from './documents/letter-request';
import type { IsoDate, PresetId, ProcessorClause } from './domain';
import type { AgreementModule } from './modules';

export interface Contact {
  name: string;
  email: string;
  phone: string;
  address: string;
}

export interface PresetDefaults {
  id: PresetId;
  label: string;
  /** Default agreement code used in references (FAR-2026-0001). */
  code: string;
  communeName: string;
  academieName: string;
  processorName: string | null;
  /** The agreement's processor clause, when it has one (core/domain.ts ProcessorClause). */
  processorClause: ProcessorClause | null;
  contacts: { commune: Contact; academie: Contact };
  /** The ENT's modules with their owner, where the allocation follows the module (seed 003 art. 8.1); editable per agreement. */
  modules: AgreementModule[];
  /** Schools as listed in the agreement, imported through the same UAI validation as any import. */
  schools: { name: string; address: string; uai: string }[];
  /**
   * The date the agreement bears: a request received before it is questioned (issue 13, « a
   * date before the agreement exists »), not refused (an earlier agreement may have covered it).
   */
  agreementDate: IsoDate;
  source: string;
}

const blank: Contact = { name: '', email: '', phone: '', address: '' };

/**
 * Identity documents asked of a requester: a default the two DPDs edit in the agreement
 * (seed 000 annex 1, 3.2.1: "la liste des pièces justificatives … rédigée conjointement").
 * Never more than needed (GDPR art. 12(6)): the proportionate list of letter-request.ts, each
 * item saying in the requester's terms when it applies, with no internal note (the items reach
 * the letters as written).
 */
export const DEFAULT_IDENTITY_DOCUMENTS: string[] = [...PROPORTIONATE_IDENTITY_DOCUMENTS];

export const PRESET_DEFAULTS: Record<PresetId, PresetDefaults> = {
  'versailles-fontenay': {
    id: 'versailles-fontenay',
    label: 'Versailles / Fontenay-aux-Roses',
    code: 'FAR',
    communeName: 'Fontenay-aux-Roses',
    academieName: 'Académie de Versailles',
    processorName: 'Beneylu',
    // Seed 000 has no processor clause with time limits (its processor obligations are in the
    // vendor's own contract): no forwarding or deletion deadline is computed.
    processorClause: null,
    contacts: {
      // The agreement does not name the commune's DPD (annex 3 names the ENT referent, who is
      // not the DPD): left for the office to fill in.
      commune: blank,
      // Seed 000 annex 1: "dpd@ac-versailles.fr".
      academie: { ...blank, name: "Délégué à la protection des données de l'académie", email: 'dpd@ac-versailles.fr' },
    },
    // Seed 000 allocates by requester and channel, not by module: no list.
    modules: [],
    // Seed 000 annex 2, "Liste des écoles qui bénéficient du dispositif", as printed (one UAI is malformed).
    schools: [
      { name: 'École maternelle Jean Macé', address: '5 avenue du Parc', uai: '0920484B' },
      { name: 'École maternelle Scarron', address: 'Allée des lilas', uai: '0920546Ux' },
      { name: 'École maternelle La Roue', address: '50 avenue Gabriel Péri', uai: '0920497R' },
      { name: 'École maternelle Les Pervenches', address: '1 rue des pervenches', uai: '0921262X' },
      { name: 'École maternelle Les Ormeaux', address: '8 rue des ormeaux', uai: '0921992R' },
      { name: 'École primaire Les Renards', address: '26 avenue Raymond Croland', uai: '0921995U' },
      { name: 'École élémentaire Les Pervenches', address: '5 rue des pervenches', uai: '0920611P' },
      { name: 'École élémentaire Les Ormeaux', address: '8 rue des ormeaux', uai: '0920440D' },
      { name: 'École élémentaire La Roue A', address: '50 avenue Gabriel Péri', uai: '0920218M' },
      { name: 'École élémentaire La Roue B', address: '50 avenue Gabriel Péri', uai: '0920342X' },
      { name: 'École élémentaire Le Parc', address: '4 avenue du Parc', uai: '0921688K' },
    ],
    // Seed 000: every page is dated « 4 novembre 2025 Convention cadre – ENT pour les écoles »
    // (the signature date, « Fait à Versailles … le … », is left blank).
    agreementDate: '2025-11-04',
    source: 'Convention académie de Versailles / commune de Fontenay-aux-Roses (2025), annexe 1 § 3.2.2',
  },
  dsden13: {
    id: 'dsden13',
    label: 'DSDEN 13',
    code: 'D13',
    communeName: '',
    academieName: 'DSDEN des Bouches-du-Rhône (académie d’Aix-Marseille)',
    processorName: null,
    // Seed 003 annex 2 X.4: forward within 3 working days; delete or modify within "15 jours
    // calendaires maximum" of the controller's instruction.
    processorClause: { forwardWorkingDays: 3, deletionDays: 15 },
    contacts: {
      commune: blank,
      // Seed 003 art. 8: the académie DPD is the point of contact.
      academie: { ...blank, name: "Délégué à la protection des données de l'académie", email: 'dpd@ac-aix-marseille.fr' },
    },
    // Seed 003 names no module by name; what it does say about who owns what:
    modules: [
      // Art. 7: "L'assistance aux utilisateurs est assurée par l'académie pour tous les modules
      // pédagogiques déployés dans le cadre du SDET."
      { name: 'Modules pédagogiques du SDET', owner: 'academie' },
      // Art. 3.1: the DSDEN provides and updates the AAF directory data that feeds the ENT's.
      { name: "Annuaire de l'ENT (données de l'annuaire fédérateur AAF)", owner: 'academie' },
      // Art. 8.1 (the collectivité "rédige les mentions d'information pour les éventuels modules la
      // concernant") and annex 2 ("les éventuels modules spécifiques de la collectivité territoriale").
      { name: 'Modules spécifiques de la collectivité', owner: 'commune' },
    ],
    // Seed 003 annex 1 is an empty table: the schools are added by the office.
    schools: [],
    // Seed 003: « Accusé certifié exécutoire. Réception par le préfet : 10/10/2025 ».
    agreementDate: '2025-10-10',
    source: 'Convention DSDEN des Bouches-du-Rhône / collectivité (2025), art. 8',
  },
};
