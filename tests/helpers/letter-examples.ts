// A fictitious request, the letter side of both agreements and a letterhead, for the letter
// tests (fixtures: kept out of core, which ships). Names, addresses and
// links are invented; the rules they exercise are those of ../shared/domain.md.
import type { Right } from '../../core/domain';
import type { LetterAgreement, LetterContext, LetterRequest, LetterRight, SignedLetterhead } from '../../core/documents/letters';

export const exampleRight = (r: Right, over: Partial<LetterRight> = {}): LetterRight => ({
  right: r,
  outcome: null,
  refusalReason: null,
  erasureException: null,
  answeredOn: null,
  ...over,
});

export const exampleRequest = (over: Partial<LetterRequest> = {}): LetterRequest => ({
  reference: 'FAR-2026-0007',
  receivedOn: '2026-04-14',
  medium: 'letter',
  channel: 'academie',
  requester: { name: 'Karim Haddad', contact: '4 rue du Parc\n92260 Fontenay-aux-Roses', gender: 'm', viaEntAccount: null },
  subject: { name: 'Inès Haddad', minor: true, gender: 'f', requesterIsGuardian: true, guardianOnSchoolRecords: null },
  school: { name: 'École élémentaire Le Parc', uai: '0921688K' },
  rights: [exampleRight('access'), exampleRight('erasure')],
  allocation: { party: 'academie', status: 'decided' },
  deadlines: {
    // 14/04/2026 + 1 month = 14/05/2026, Ascension Day: rolled to Friday 15/05/2026.
    dueOn: '2026-05-15',
    responseDeadline: '2026-05-15',
    extendedDeadline: '2026-07-15',
    extensionNoticeDue: '2026-05-15',
    suspendedDays: 0,
    suspended: false,
    dueBeforeSuspension: null,
  },
  extension: null,
  identityRequest: null,
  clarificationRequest: null,
  identityDocuments: { missing: [], received: [] },
  handover: null,
  inadmissibleReason: null,
  ...over,
});

export const EXAMPLE_VERSAILLES: LetterAgreement = {
  communeName: 'Fontenay-aux-Roses',
  academieName: 'Académie de Versailles',
  preset: 'versailles-fontenay',
  dpdContacts: {
    commune: { name: 'Paul Roux', email: 'dpd@fontenay.fr', phone: '', address: '' },
    academie: { name: 'Anne Dupuis', email: 'dpd@ac-versailles.fr', phone: '', address: '' },
  },
  jointArrangement: 'https://ent.example.fr/accord-responsables-conjoints',
  processing: {
    purposes: "mise à disposition d'un espace numérique de travail aux élèves, aux familles et aux équipes des écoles",
    categories: "identité, identifiants de connexion, classe, contenus déposés dans l'ENT",
    recipients: "les équipes pédagogiques de l'école, l'éditeur de l'ENT en qualité de sous-traitant",
    thirdCountryTransfers: 'aucun',
    retention: "la durée de la scolarité dans l'école, puis trois mois",
    source: "l'annuaire fédérateur de l'académie (fichiers AAF) et les utilisateurs de l'ENT",
  },
};

export const EXAMPLE_DSDEN13: LetterAgreement = {
  communeName: 'Aubagne',
  academieName: 'DSDEN des Bouches-du-Rhône (académie d’Aix-Marseille)',
  preset: 'dsden13',
  dpdContacts: {
    commune: { name: 'Luc Martin', email: 'dpd@aubagne.fr', phone: '', address: '' },
    academie: { name: "Délégué à la protection des données de l'académie", email: '', phone: '', address: '' },
  },
  jointArrangement: 'https://ent13.example.fr/accord-responsables-conjoints',
};

export const EXAMPLE_LETTERHEAD: SignedLetterhead = {
  officeName: 'Académie de Versailles',
  address: '3 boulevard de Lesseps\n78000 Versailles',
  city: 'Versailles',
  dpdName: 'Anne Dupuis',
  dpdEmail: 'dpd@ac-versailles.fr',
  dpdPhone: '',
  signatoryName: 'Marie Durand',
  signatoryTitle: 'Pour le recteur et par délégation, la secrétaire générale',
};

export const exampleContext = (over: Partial<LetterRequest> = {}, ctx: Partial<LetterContext> = {}): LetterContext => ({
  request: exampleRequest(over),
  agreement: EXAMPLE_VERSAILLES,
  office: { party: 'academie' },
  letterhead: EXAMPLE_LETTERHEAD,
  date: '2026-04-20',
  ...ctx,
});
