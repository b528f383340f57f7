import type { RuleSet } from '../../../core/allocation';
import { PARTY_LABELS } from '../../../core/domain';

/** The agreement's allocation table, as data, with the clause each rule implements and how overlaps are read. */
export function RuleTable({ rules }: { rules: unknown }) {
  const set = rules as RuleSet;
  return (
    <>
      <p className="muted">Source : {set.source}</p>
      <table className="data rules">
        <caption className="sr-only">Table de répartition</caption>
        <thead>
          <tr>
            <th scope="col">Demande</th>
            <th scope="col">Répond</th>
            <th scope="col">Clause de la convention</th>
          </tr>
        </thead>
        <tbody>
          {set.rules.map((r) => (
            <tr key={r.id}>
              <td>{r.label}</td>
              <td>{PARTY_LABELS[r.party]}</td>
              <td>{r.clause}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Lecture retenue quand plusieurs lignes s'appliquent</h3>
      <p>{set.reading}</p>
      {set.overlaps.map((o) => (
        <p key={o.id}>{o.reason}</p>
      ))}
      <p>
        <strong>Préemption :</strong> {set.preemption.clause}
      </p>
    </>
  );
}
