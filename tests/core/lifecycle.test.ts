import { FINAL_STATUSES } from '../../core/domain';
import { describe, expect, it } from 'vitest';
import { STATUSES, type Status } from '../../core/domain';
import {
  LifecycleError,
  TRANSITIONS,
  assertTransition,
  canClose,
  canTransition,
  checkTransition,
  nextStatuses,
} from '../../core/lifecycle';

function lifecycleError(fn: () => unknown): LifecycleError {
  try {
    fn();
  } catch (e) {
    if (e instanceof LifecycleError) return e;
    throw e;
  }
  throw new Error('expected a LifecycleError');
}

const answeredRights = [
  { right: 'access', outcome: 'done' },
  { right: 'erasure', outcome: 'refused', refusalReason: 'Mission d’intérêt public (art. 17(3)(b))' },
] as const;

describe('request lifecycle (design.md)', () => {
  it('follows the main path: reçue → en attente de pièces → en cours → prolongée → répondue → clôturée', () => {
    const path: Status[] = ['received', 'awaiting-documents', 'in-progress', 'extended', 'answered', 'closed'];
    for (let i = 0; i + 1 < path.length; i += 1) {
      const from = path[i] as Status;
      const to = path[i + 1] as Status;
      expect(canTransition(from, to)).toBe(true);
      expect(() => assertTransition(from, to, { rights: [...answeredRights] })).not.toThrow();
    }
  });

  it('can hand over, declare inadmissible or record a withdrawal while the request is open', () => {
    for (const from of ['received', 'awaiting-documents', 'in-progress'] as Status[]) {
      expect(canTransition(from, 'handed-over')).toBe(true);
      expect(canTransition(from, 'inadmissible')).toBe(true);
      expect(canTransition(from, 'withdrawn')).toBe(true);
    }
  });

  it('refuses an impossible transition with a typed error naming both statuses in French', () => {
    const e = lifecycleError(() => assertTransition('received', 'closed'));
    expect(e.code).toBe('TRANSITION_INTERDITE');
    expect(e.message).toContain('une demande « Reçue » ne peut pas passer au statut « Clôturée »');
    expect(e.message).toContain('Statuts possibles depuis « Reçue » : En attente de pièces, En cours');
    expect(checkTransition('awaiting-documents', 'answered')).toEqual({
      ok: false,
      error: {
        code: 'TRANSITION_INTERDITE',
        message: expect.stringContaining('« En attente de pièces » ne peut pas passer au statut « Répondue »'),
      },
    });
    expect(checkTransition('in-progress', 'in-progress')).toMatchObject({
      ok: false,
      error: { message: 'La demande est déjà au statut « En cours ».' },
    });
  });

  it('a withdrawal is final, but for cancelling a request typed by mistake', () => {
    expect(nextStatuses('withdrawn')).toEqual(['cancelled']);
    for (const to of STATUSES) expect(canTransition('withdrawn', to)).toBe(to === 'cancelled');
    expect(lifecycleError(() => assertTransition('withdrawn', 'in-progress', { reason: 'erreur' })).message).toContain(
      'Statuts possibles depuis « Retirée » : Annulée.',
    );
  });

  it('cancels from any status with a reason, and a cancellation is final (issue 13)', () => {
    for (const from of STATUSES.filter((s) => s !== 'cancelled')) {
      expect(lifecycleError(() => assertTransition(from, 'cancelled')).code).toBe('MOTIF_REQUIS');
      expect(checkTransition(from, 'cancelled', { reason: 'Doublon' }).ok).toBe(true);
    }
    expect(nextStatuses('cancelled')).toEqual([]);
    expect(lifecycleError(() => assertTransition('cancelled', 'in-progress', { reason: 'erreur' })).message).toContain('Le statut « Annulée » est définitif.');
  });

  it('reopens a closed request only with a reason', () => {
    const e = lifecycleError(() => assertTransition('closed', 'in-progress'));
    expect(e.code).toBe('MOTIF_REQUIS');
    expect(e.message).toContain('« Clôturée » à « En cours »');
    expect(() => assertTransition('closed', 'in-progress', { reason: '   ' })).toThrow(LifecycleError);
    expect(assertTransition('closed', 'in-progress', { reason: 'Complément demandé par le parent' }).action).toBe('Rouvrir');
    expect(canTransition('closed', 'answered')).toBe(false);
  });

  it('every status can be reached from "reçue", and every open status can reach a final one', () => {
    const reachable = new Set<Status>(['received']);
    const queue: Status[] = ['received'];
    while (queue.length > 0) {
      const s = queue.shift() as Status;
      for (const n of nextStatuses(s)) {
        if (reachable.has(n)) continue;
        reachable.add(n);
        queue.push(n);
      }
    }
    expect([...reachable].sort()).toEqual([...STATUSES].sort());
    for (const s of STATUSES) {
      if (FINAL_STATUSES.includes(s)) continue;
      expect(nextStatuses(s).length).toBeGreaterThan(0);
    }
    // The table only names known statuses, once per pair.
    const pairs = TRANSITIONS.map((t) => `${t.from}>${t.to}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    for (const t of TRANSITIONS) {
      expect(STATUSES).toContain(t.from);
      expect(STATUSES).toContain(t.to);
    }
  });
});

describe('closing a request', () => {
  it('needs an outcome for each right asked', () => {
    expect(canClose([...answeredRights])).toEqual({ ok: true });
    expect(canClose([{ right: 'access', outcome: 'no-data' }, { right: 'rectification', outcome: 'partly' }])).toEqual({ ok: true });
    const missing = canClose([{ right: 'access', outcome: 'done' }, { right: 'objection', outcome: null }]);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.reason).toContain("« Opposition » n'a pas de suite");
    const e = lifecycleError(() => assertTransition('answered', 'closed', { rights: [{ right: 'restriction' }] }));
    expect(e.code).toBe('CLOTURE_IMPOSSIBLE');
    expect(e.message).toContain('« Limitation »');
  });

  it('needs the reason of a refusal', () => {
    const refused = canClose([{ right: 'erasure', outcome: 'refused', refusalReason: ' ' }]);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.reason).toContain('« Effacement » est refusé sans motif');
  });

  it('needs at least one right', () => {
    expect(canClose([]).ok).toBe(false);
    expect(lifecycleError(() => assertTransition('answered', 'closed')).code).toBe('CLOTURE_IMPOSSIBLE');
  });
});
