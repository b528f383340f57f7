// Totals and facet counts of the request list and the dashboard, from the grouped counts the
// store returns (one query over a covering index instead of one count per figure).
import type { Party, Status } from '../domain';
import { CLOSED_STATUSES, HANDED_OVER_STATUS, PARTIES } from '../domain';
import type { RequestGroup } from './store';

export type Urgency = 'overdue' | 'due-soon' | 'suspended';

export interface FacetFilter {
  statuses?: Status[] | undefined;
  party?: Party | undefined;
  urgency?: Urgency | undefined;
  openOnly: boolean;
}

/** A party's requests, and those handed over, which the handing office keeps following (db/store.ts). */
const ofParty = (g: RequestGroup, party: Party) => g.party === party || g.status === HANDED_OVER_STATUS;

const isOpen = (g: RequestGroup) => !(CLOSED_STATUSES as readonly string[]).includes(g.status);

const inUrgency = (g: RequestGroup, u: Urgency) => (u === 'overdue' ? g.overdue : u === 'due-soon' ? g.dueSoon : g.suspended);

/**
 * How many requests of each group pass the filter, leaving out the dimension named in
 * `ignore`. An urgency only concerns open requests, as in the list itself.
 */
function counted(groups: RequestGroup[], f: FacetFilter, ignore: 'status' | 'party' | 'urgency' | null) {
  const urgency = ignore === 'urgency' ? undefined : f.urgency;
  return groups
    .filter(
      (g) =>
        (ignore === 'status' || !f.statuses?.length || f.statuses.includes(g.status as Status)) &&
        (ignore === 'party' || !f.party || ofParty(g, f.party)) &&
        (!(f.openOnly || urgency || ignore === 'urgency') || isOpen(g)),
    )
    .map((g) => ({ group: g, n: urgency ? inUrgency(g, urgency) : g.count }));
}

function countBy<K extends string | null>(rows: { group: RequestGroup; n: number }[], key: (g: RequestGroup) => K) {
  const counts = new Map<K, number>();
  for (const { group, n } of rows) counts.set(key(group), (counts.get(key(group)) ?? 0) + n);
  return [...counts].map(([value, count]) => ({ value, count }));
}

/** What each party's filter would give (its own requests and the handed-over ones), and the requests with no party. */
function partyFacet(rows: { group: RequestGroup; n: number }[]) {
  const of = (p: Party | null) => sum(rows.filter((r) => (p === null ? r.group.party === null : ofParty(r.group, p))).map((r) => r.n));
  const noParty = rows.some((r) => r.group.party === null);
  return [...PARTIES, ...(noParty ? [null] : [])].map((value) => ({ value, count: of(value) }));
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** The total of the list, and what each value of a filter would give, the other filters being kept. */
export function listFacets(groups: RequestGroup[], f: FacetFilter) {
  const forUrgency = counted(groups, f, 'urgency').map((r) => r.group);
  return {
    total: sum(counted(groups, f, null).map((r) => r.n)),
    facets: {
      status: countBy(counted(groups, f, 'status'), (g) => g.status as Status),
      party: partyFacet(counted(groups, f, 'party')),
      urgency: {
        overdue: sum(forUrgency.map((g) => g.overdue)),
        dueSoon: sum(forUrgency.map((g) => g.dueSoon)),
        suspended: sum(forUrgency.map((g) => g.suspended)),
      },
    },
  };
}

/** Dashboard figures over open requests. */
export function openFigures(groups: RequestGroup[]) {
  const open = groups.filter(isOpen);
  return {
    open: open.map((g) => ({ party: g.party as Party | null, status: g.status as Status, count: g.count })),
    overdue: sum(open.map((g) => g.overdue)),
    dueSoon: sum(open.map((g) => g.dueSoon)),
    suspended: sum(open.map((g) => g.suspended)),
    toSettle: sum(open.map((g) => g.toSettle)),
  };
}
