// The French date field reads what a French user types (jj/mm/aaaa) and says in French what is
// wrong with an impossible date (core/french-date.ts, used by renderer/src/DateField.tsx).
import { describe, expect, it } from 'vitest';
import { frenchDateText, parseFrenchDate } from '../../core/french-date';

const iso = (text: string) => {
  const r = parseFrenchDate(text);
  return r.kind === 'date' ? r.iso : r.kind;
};
const message = (text: string, bounds = {}) => {
  const r = parseFrenchDate(text, bounds);
  return r.kind === 'invalid' ? r.message : `not refused: ${JSON.stringify(r)}`;
};

describe('parseFrenchDate', () => {
  it('reads day first, whatever the separator, with or without leading zeros', () => {
    expect(iso('05/03/2026')).toBe('2026-03-05');
    expect(iso('5/3/2026')).toBe('2026-03-05');
    expect(iso(' 05.03.2026 ')).toBe('2026-03-05');
    expect(iso('05-03-2026')).toBe('2026-03-05');
    expect(iso('05 03 2026')).toBe('2026-03-05');
    expect(iso('05032026')).toBe('2026-03-05');
    expect(iso('05/03/26')).toBe('2026-03-05');
    expect(iso('12/01/2026')).toBe('2026-01-12');
  });

  it('takes an ISO date pasted as is', () => {
    expect(iso('2026-03-05')).toBe('2026-03-05');
  });

  it('an empty field is empty, not an error', () => {
    expect(iso('')).toBe('empty');
    expect(iso('   ')).toBe('empty');
  });

  it('says in French why a date is impossible', () => {
    expect(message('31/02/2026')).toBe("Date impossible : le 31 février 2026 n'existe pas (février 2026 compte 28 jours).");
    expect(message('29/02/2027')).toContain('février 2027 compte 28 jours');
    expect(iso('29/02/2028')).toBe('2028-02-29');
    expect(message('31/04/2026')).toContain('le 31 avril 2026 n');
    expect(message('00/03/2026')).toContain("le 0 mars 2026 n'existe pas");
    expect(message('05/13/2026')).toBe("Date impossible : il n'y a pas de mois 13, le mois va de 01 à 12.");
    expect(message('2026-02-30')).toContain('le 30 février 2026');
  });

  it('asks for jj/mm/aaaa when the text is not a date', () => {
    expect(message('demain')).toBe('Date illisible. Écrivez la date sous la forme jj/mm/aaaa, par exemple 05/03/2026.');
    expect(message('05/03')).toContain('jj/mm/aaaa');
    expect(message('05/03/0026')).toContain('Année 26 improbable');
  });

  it('keeps within the bounds given, saying the bound in French', () => {
    expect(message('03/12/2026', { max: '2026-12-02' })).toBe('La date ne peut pas dépasser le 02/12/2026.');
    expect(message('01/01/2020', { min: '2021-01-01' })).toBe('La date ne peut pas être avant le 01/01/2021.');
    expect(parseFrenchDate('02/12/2026', { max: '2026-12-02' })).toEqual({ kind: 'date', iso: '2026-12-02' });
  });
});

describe('frenchDateText', () => {
  it('shows an ISO date as jj/mm/aaaa and leaves typed text alone', () => {
    expect(frenchDateText('2026-03-05')).toBe('05/03/2026');
    expect(frenchDateText('31/02/2026')).toBe('31/02/2026');
    expect(frenchDateText('')).toBe('');
  });
});
