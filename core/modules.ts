// The modules (or processings) of an agreement's ENT with the party that owns each: seed 003
// art. 8.1 gives each request to the owner of its module ("La collectivité traite toute demande
// portant sur un module lui étant propre. L'autorité académique traite toute demande portant sur
// un module lui étant propre…"), and art. 4 lets each party decide "pour les modules qui lui sont
// propres". The list is kept per agreement; intake picks from it, free text stays possible and is
// flagged (« module hors liste »).
import { DomainError } from './errors';
import type { Party } from './domain';

export interface AgreementModule {
  name: string;
  owner: Party;
}

/** « propre à la collectivité », « propre à l'académie » (seed 003's words). */
export const MODULE_OWNER_LABELS: Record<Party, string> = { commune: 'la collectivité', academie: "l'académie" };

const key = (name: string) => name.trim().toLocaleLowerCase('fr').normalize('NFC');

/** The listed module of that name (case and surrounding spaces ignored), if any. */
export function listedModule(modules: readonly AgreementModule[], name: string | null): AgreementModule | undefined {
  if (!name?.trim()) return undefined;
  return modules.find((m) => key(m.name) === key(name));
}

/** Whether a request's module is typed outside the agreement's list (nothing typed: not flagged). */
export function isModuleOffList(modules: readonly AgreementModule[], name: string | null): boolean {
  return !!name?.trim() && !listedModule(modules, name);
}

/**
 * The module and owner a request records: a listed module takes the list's spelling and, when
 * none was given, its owner; a different owner for a listed module is refused (the list is what
 * both DPDs agreed: change the list, or type another module).
 */
export function resolveModule(modules: readonly AgreementModule[], name: string | null, owner: Party | null): { name: string | null; owner: Party | null } {
  const listed = listedModule(modules, name);
  if (!listed) return { name: name?.trim() || null, owner };
  if (owner !== null && owner !== listed.owner) {
    const message = `Le module « ${listed.name} » est propre à ${MODULE_OWNER_LABELS[listed.owner]} selon la liste de la convention : choisissez ce propriétaire, ou corrigez la liste de la convention.`;
    throw new DomainError('MODULE_INCOHERENT', message, { moduleOwner: message });
  }
  return { name: listed.name, owner: listed.owner };
}

/** A module list as saved: names trimmed, none blank, no name twice. Throws a French refusal. */
export function checkedModules(modules: readonly AgreementModule[]): AgreementModule[] {
  const out: AgreementModule[] = [];
  modules.forEach((m, i) => {
    const name = m.name.trim();
    if (out.some((o) => key(o.name) === key(name))) {
      const message = `Le module « ${name} » figure deux fois dans la liste : gardez-en un seul.`;
      throw new DomainError('ENTREE_INVALIDE', message, { [`patch.modules.${i}.name`]: message, 'patch.modules': message });
    }
    out.push({ name, owner: m.owner });
  });
  return out;
}
