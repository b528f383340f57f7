// Breach deadlines: hours on real instants across both daylight-saving changes
// (../shared/deadlines.md, algorithm 9 and its worked example), the presets read from the
// agreements' clauses, and each deadline's state as the breach goes on.
import { describe, expect, it } from 'vitest';
import { breachDeadlines, formatHours, mostUrgent, type BreachFacts } from '../../core/breaches/countdowns';
import { BREACH_RULES, alertChainFor, proposedNotifyingParty } from '../../core/breaches/rules';
import { formatParisDateTime } from '../../core/deadlines';

const facts = (over: Partial<BreachFacts> = {}): BreachFacts => ({
  knownAt: '2026-03-28T10:00:00+01:00',
  discoveredBy: 'commune',
  securityIncidentOnly: false,
  notifiedAt: null,
  updates: [],
  crisisCellAt: null,
  cnilDecision: null,
  cnilNotifiedAt: null,
  highRisk: false,
  personsInformedAt: null,
  closedAt: null,
  ...over,
});
const versailles = BREACH_RULES['versailles-fontenay'];
const dsden = BREACH_RULES.dsden13;
const byKind = (list: ReturnType<typeof breachDeadlines>, kind: string) => list.find((d) => d.kind === kind)!;
const paris = (instant: string | null) => (instant === null ? null : formatParisDateTime(instant));

describe('hours across daylight-saving changes', () => {
  it('spring forward: known Saturday 28/03/2026 10:00, DPDs by Sunday 11:00 Paris, CNIL 48 h and 72 h at 11:00 too', () => {
    const d = breachDeadlines(versailles, facts(), '2026-03-28T09:30:00Z');
    expect(byKind(d, 'dpd-notification').dueAt).toBe('2026-03-29T09:00:00Z');
    expect(paris(byKind(d, 'dpd-notification').dueAt)).toBe('29/03/2026 à 11:00');
    expect(paris(byKind(d, 'cnil-agreement').dueAt)).toBe('30/03/2026 à 11:00');
    expect(paris(byKind(d, 'cnil-gdpr').dueAt)).toBe('31/03/2026 à 11:00');
    expect(byKind(d, 'dpd-notification').remainingMs).toBe(23.5 * 3_600_000);
  });

  it('fall back: known Saturday 24/10/2026 10:00 (UTC+2), DPDs by Sunday 09:00 Paris (UTC+1), still 24 real hours', () => {
    const d = breachDeadlines(versailles, facts({ knownAt: '2026-10-24T10:00:00+02:00' }), '2026-10-24T08:00:00Z');
    expect(byKind(d, 'dpd-notification').dueAt).toBe('2026-10-25T08:00:00Z');
    expect(paris(byKind(d, 'dpd-notification').dueAt)).toBe('25/10/2026 à 09:00');
    expect(paris(byKind(d, 'cnil-agreement').dueAt)).toBe('26/10/2026 à 09:00');
    expect(byKind(d, 'dpd-notification').remainingMs).toBe(24 * 3_600_000);
  });

  it('a breach learnt at 17:40 on a Friday is due to the DPDs on Saturday 17:40 and to the CNIL on Sunday 17:40', () => {
    const d = breachDeadlines(versailles, facts({ knownAt: '2026-11-13T17:40:00+01:00' }), '2026-11-13T16:45:00Z');
    expect(paris(byKind(d, 'dpd-notification').dueAt)).toBe('14/11/2026 à 17:40');
    expect(paris(byKind(d, 'cnil-agreement').dueAt)).toBe('15/11/2026 à 17:40');
    expect(paris(byKind(d, 'cnil-gdpr').dueAt)).toBe('16/11/2026 à 17:40');
    expect(byKind(d, 'crisis-cell').state).toBe('waiting');
    expect(paris(byKind(d, 'crisis-cell').dueAt)).toBe('15/11/2026 à 17:40');
    expect(formatHours(byKind(d, 'dpd-notification').remainingMs!)).toBe('23 h 55 min');
  });
});

describe('presets from the clauses', () => {
  it('Versailles / Fontenay: 24 h to the DPDs and RSSI, crisis cell 24 h after, updates every 24 h, CNIL 48 h (art. 7) beside the GDPR 72 h', () => {
    const hours = Object.fromEntries(versailles.deadlines.map((r) => [r.kind, [r.hours, r.from]]));
    expect(hours).toEqual({
      'dpd-notification': [24, 'known'],
      'crisis-cell': [24, 'notified'],
      update: [24, 'last-update'],
      'cnil-agreement': [48, 'known'],
      'cnil-gdpr': [72, 'known'],
      persons: [null, 'known'],
    });
    const clause = (kind: string) => versailles.deadlines.find((r) => r.kind === kind)!.clause;
    expect(clause('dpd-notification')).toContain('Annexe 1 art. 4.1');
    expect(clause('dpd-notification')).toContain('sous 24 heures maximum');
    expect(clause('crisis-cell')).toContain('dans les 24 heures à compter de la notification de la faille');
    expect(clause('update')).toContain('toutes les 24 heures jusqu’à résolution');
    expect(clause('cnil-agreement')).toContain('Convention art. 7');
    expect(clause('cnil-agreement')).toContain('dans les 48 heures de la connaissance');
    expect(clause('cnil-gdpr')).toContain('RGPD art. 33(1)');
    expect(versailles.crisisCell).toBe(true);
  });

  it('DSDEN 13: the processor within 48 h, the collectivité alerts the académie within 48 h, the CNIL at the GDPR 72 h, no crisis cell', () => {
    const hours = Object.fromEntries(dsden.deadlines.map((r) => [r.kind, r.hours]));
    expect(hours).toEqual({ 'processor-notification': 48, 'commune-alert': 48, 'cnil-gdpr': 72, persons: null });
    expect(dsden.deadlines.find((r) => r.kind === 'processor-notification')!.clause).toContain('Annexe 2 art. X.4');
    expect(dsden.deadlines.find((r) => r.kind === 'commune-alert')!.clause).toContain('Art. 3.2');
    expect(dsden.crisisCell).toBe(false);
    // Discovered by the académie itself: neither the processor's nor the collectivité's 48 hours apply.
    const d = breachDeadlines(dsden, facts({ discoveredBy: 'academie' }), '2026-03-28T09:30:00Z');
    expect(byKind(d, 'processor-notification').state).toBe('not-applicable');
    expect(byKind(d, 'commune-alert').state).toBe('not-applicable');
    const p = breachDeadlines(dsden, facts({ discoveredBy: 'processor' }), '2026-03-28T09:30:00Z');
    expect(paris(byKind(p, 'processor-notification').dueAt)).toBe('30/03/2026 à 11:00');
  });

  it('the notifying party follows the origin (seed 000 art. 4.2.2); DSDEN 13 gives it to the DSDEN (art. 3.1)', () => {
    expect(proposedNotifyingParty(versailles, 'academie-person').party).toBe('academie');
    expect(proposedNotifyingParty(versailles, 'academie-tool').party).toBe('academie');
    expect(proposedNotifyingParty(versailles, 'commune-person').party).toBe('commune');
    expect(proposedNotifyingParty(versailles, 'commune-tool').party).toBe('commune');
    expect(proposedNotifyingParty(versailles, 'unknown').party).toBeNull();
    expect(proposedNotifyingParty(dsden, 'commune-tool').party).toBe('academie');
  });

  it('the alert chain adds alerte-ssi and the IEN only for a security incident (art. 7)', () => {
    const emails = (securityIncident: boolean) => alertChainFor(versailles, { securityIncident }).map((c) => c.email || c.label);
    expect(emails(false)).toContain('dpd@ac-versailles.fr');
    expect(emails(false)).not.toContain('alerte-ssi@ac-versailles.fr');
    expect(emails(true)).toContain('alerte-ssi@ac-versailles.fr');
    expect(emails(true)).toContain('IEN de la circonscription');
  });
});

describe('states as the breach goes on', () => {
  it('a late notification is flagged with how late, the crisis cell then runs 24 h from it', () => {
    const d = breachDeadlines(versailles, facts({ notifiedAt: '2026-03-29T12:30:00Z' }), '2026-03-29T13:00:00Z');
    const n = byKind(d, 'dpd-notification');
    expect(n.state).toBe('done-late');
    expect(formatHours(n.lateByMs!)).toBe('3 h 30 min');
    expect(n.note).toContain('en retard de 3 h 30 min');
    expect(byKind(d, 'crisis-cell').dueAt).toBe('2026-03-30T12:30:00Z');
    expect(byKind(d, 'update').dueAt).toBe('2026-03-30T12:30:00Z');
  });

  it('overdue while not done, and the most urgent is the longest overdue', () => {
    const d = breachDeadlines(versailles, facts(), '2026-03-30T10:00:00Z');
    expect(byKind(d, 'dpd-notification').state).toBe('overdue');
    expect(byKind(d, 'cnil-agreement').state).toBe('overdue');
    expect(byKind(d, 'cnil-gdpr').state).toBe('running');
    expect(mostUrgent(d)!.kind).toBe('dpd-notification');
  });

  it('updates run every 24 h from the last one until the closure', () => {
    const f = facts({ notifiedAt: '2026-03-28T12:00:00Z', updates: ['2026-03-29T11:00:00Z'] });
    expect(byKind(breachDeadlines(versailles, f, '2026-03-29T12:00:00Z'), 'update').dueAt).toBe('2026-03-30T11:00:00Z');
    const closed = byKind(breachDeadlines(versailles, { ...f, closedAt: '2026-03-30T08:00:00Z' }, '2026-04-02T12:00:00Z'), 'update');
    expect(closed.state).toBe('not-required');
  });

  it('a documented decision not to notify ends the CNIL deadlines; persons only when the risk is high', () => {
    const d = breachDeadlines(versailles, facts({ notifiedAt: '2026-03-28T12:00:00Z', cnilDecision: { decision: 'not-notify', at: '2026-03-29T08:00:00Z' } }), '2026-04-02T12:00:00Z');
    expect(byKind(d, 'cnil-agreement').state).toBe('not-required');
    expect(byKind(d, 'cnil-gdpr').state).toBe('not-required');
    expect(byKind(d, 'persons').state).toBe('not-applicable');
    const high = breachDeadlines(versailles, facts({ highRisk: true }), '2026-03-28T10:00:00Z');
    expect(byKind(high, 'persons').state).toBe('running');
    expect(byKind(high, 'persons').dueAt).toBeNull();
  });

  it('a security incident without personal data has no CNIL, crisis cell or persons deadline', () => {
    const d = breachDeadlines(versailles, facts({ securityIncidentOnly: true, highRisk: true }), '2026-03-28T10:00:00Z');
    expect(byKind(d, 'dpd-notification').state).toBe('running');
    for (const kind of ['crisis-cell', 'cnil-agreement', 'cnil-gdpr', 'persons']) expect(byKind(d, kind).state).toBe('not-applicable');
  });
});
