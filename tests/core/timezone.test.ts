// Deadlines are Europe/Paris calendar dates: the machine's time zone must not change them
// (an office laptop set to another zone, a CI runner in UTC).
import { afterAll, describe, expect, it } from 'vitest';
import { computeDeadlines, deletionDeadline, formatParisDateTime, hoursDeadline, parisDateOf } from '../../core/deadlines';

const original = process.env.TZ;
afterAll(() => {
  if (original === undefined) delete process.env.TZ;
  else process.env.TZ = original;
});

const snapshot = () => ({
  d: computeDeadlines({
    receivedOn: '2026-03-05',
    suspensions: [{ from: '2026-03-27', to: '2026-03-30' }],
    today: '2026-03-29',
  }),
  late: computeDeadlines({
    receivedOn: '2026-03-02',
    extended: true,
    extensionNotifiedOn: '2026-04-10',
    suspensions: [{ from: '2026-04-10', to: '2026-04-20' }],
    today: '2026-04-21',
  }),
  deletion: deletionDeadline('2026-12-10'),
  breach: formatParisDateTime(hoursDeadline('2026-03-28T10:00:00+01:00', 24)),
  paris: parisDateOf('2026-10-24T22:30:00Z'),
});

describe('machine time zone', () => {
  it('gives the same dates, countdown and sentences in any zone', () => {
    process.env.TZ = 'Europe/Paris';
    const paris = snapshot();
    expect(paris.d.current).toBe('2026-04-08');
    expect(paris.breach).toBe('29/03/2026 à 11:00');
    expect(paris.paris).toBe('2026-10-25');
    expect(paris.late.current).toBe('2026-04-02');
    expect(paris.deletion.deleteBy).toBe('2026-12-25');
    for (const zone of ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati', 'America/Santiago', 'Australia/Lord_Howe']) {
      process.env.TZ = zone;
      expect({ zone, ...snapshot() }).toEqual({ zone, ...paris });
    }
  });
});
