// The register generator shared by the benches (tests/helpers/generator.ts): the same seed gives
// the same register, and what it writes passes the app's own checks when read through the
// service: each journal verifies against its stored head, the deadlines shown are those stored,
// the list and its counts agree with the rows.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RequestDetail, RequestSummary } from '../../core/features/requests/calls';
import { generateRegister, type Generated } from '../helpers/generator';
import { useTempDir } from '../helpers/tmp';

const TODAY = '2026-11-25';

async function value<T>(g: Generated, name: string, input: unknown): Promise<T> {
  const r = await g.service.call(name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.value as T;
}

describe('register generator', () => {
  const tmp = useTempDir();

  it('gives the same register for the same seed, another for another seed', async () => {
    const fingerprint = async (seed: number) => {
      const g = await generateRegister(join(tmp(), 'r.sqlite'), { seed, agreements: 3, requests: 150, today: TODAY });
      const rows = g.db.prepare('select reference, requester_name, due_on, status, journal_head from requests order by reference').all();
      g.db.close();
      return JSON.stringify(rows);
    };
    const a = await fingerprint(7);
    expect(await fingerprint(7)).toBe(a);
    expect(await fingerprint(8)).not.toBe(a);
  });

  it('writes requests the service reads back whole: journals intact, deadlines as stored, list and counts in agreement', async () => {
    const g = await generateRegister(join(tmp(), 'r.sqlite'), { seed: 14, agreements: 6, requests: 1200, today: TODAY });
    try {
      // Both presets; those of seed 000 with the schools it lists.
      const agreements = await value<{ preset: string; schoolCount: number }[]>(g, 'agreements.list', {});
      expect(agreements).toHaveLength(6);
      expect(new Set(agreements.map((a) => a.preset))).toEqual(new Set(['versailles-fontenay', 'dsden13']));
      expect(agreements.filter((a) => a.preset === 'versailles-fontenay').every((a) => a.schoolCount > 0)).toBe(true);

      // The proportions of the full size: ~3 rights and ~9-10 events per request.
      expect(g.counts.requests).toBe(1200);
      expect(g.counts.rights / g.counts.requests).toBeGreaterThan(2.5);
      expect(g.counts.rights / g.counts.requests).toBeLessThan(3.5);
      expect(g.counts.events / g.counts.requests).toBeGreaterThan(7);
      expect(g.db.prepare('select count(*) n from events').get()).toEqual({ n: g.counts.events });

      // French names with their accents, found by a search typed without them.
      const names = (g.db.prepare('select requester_name n from requests').all() as { n: string }[]).map((r) => r.n);
      expect(names.some((n) => /[éèëïîôç]/i.test(n))).toBe(true);
      const withAccent = names.find((n) => n.includes('é'))!;
      const search = withAccent.split(' ').at(-1)!.normalize('NFD').replace(/\p{M}/gu, '');
      const found = await value<{ rows: RequestSummary[]; total: number }>(g, 'requests.list', { q: search, limit: 200 });
      expect(found.rows.map((r) => r.requesterName)).toContain(withAccent);

      // A sample, every 40th request: its detail through the service.
      const ids = (g.db.prepare('select id, due_on from requests order by rowid').all() as { id: string; due_on: string | null }[]).filter((_, i) => i % 40 === 0);
      for (const { id, due_on } of ids) {
        const detail = await value<RequestDetail>(g, 'requests.get', { id });
        expect(detail.journal, detail.reference).toMatchObject({ ok: true, message: `Historique intègre (${detail.events.length} événements).` });
        expect(detail.events[0]!.type).toBe('request.created');
        expect(detail.deadline.dueOn, detail.reference).toBe(due_on);
      }

      // Every request is in the list once, and the counts match the rows.
      const all = await value<{ total: number; facets: { status: { value: string; count: number }[] } }>(g, 'requests.list', {});
      expect(all.total).toBe(1200);
      const byStatus = g.db.prepare('select status value, count(*) count from requests group by status').all() as { value: string; count: number }[];
      expect([...all.facets.status].sort((a, b) => a.value.localeCompare(b.value))).toEqual(byStatus.sort((a, b) => a.value.localeCompare(b.value)));
      const open = await value<{ total: number }>(g, 'requests.list', { openOnly: true });
      expect(open.total).toBeGreaterThan(0);
      expect(open.total).toBeLessThan(600);
    } finally {
      g.db.close();
    }
  });
});
