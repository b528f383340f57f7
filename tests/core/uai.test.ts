import { describe, expect, it } from 'vitest';
import { uaiCorrection, uaiProblem } from '../../core/uai';

describe('UAI check letter', () => {
  it('accepts the valid codes of seed 000 annex 2 and refuses a wrong letter with the right one', () => {
    expect(uaiProblem('0920484B')).toBeNull();
    expect(uaiProblem('0921688k')).toBeNull();
    expect(uaiProblem('0920546X')).toBe('Le code UAI « 0920546X » est incorrect : pour 0920546, la lettre de contrôle est U.');
  });

  it('proposes the valid code a malformed or wrong entry starting with 7 digits calls for', () => {
    // The seed's own malformed line: 920546 mod 23 = 16 → U.
    expect(uaiCorrection('0920546Ux')).toBe('0920546U');
    expect(uaiCorrection(' 0920546x ')).toBe('0920546U');
    expect(uaiCorrection('09204841')).toBe('0920484B');
    expect(uaiCorrection('0000023')).toBe('0000023A');
  });

  it('proposes nothing for a valid code or an entry without 7 leading digits', () => {
    expect(uaiCorrection('0920484B')).toBeNull();
    expect(uaiCorrection('092048B')).toBeNull();
    expect(uaiCorrection('école')).toBeNull();
  });
});
