import { describe, expect, it } from 'vitest';
import { frenchJunctionErrors } from '../../core/documents/text';
import { EVENT_CONFIRMATIONS, EVENT_TYPES } from '../../core/events';

describe('confirmations after an action', () => {
  it('name what was recorded with a past participle, in French without doubled words or bad junctions', () => {
    expect(EVENT_CONFIRMATIONS['deadline.extended']).toBe('Prolongation enregistrée');
    for (const type of EVENT_TYPES) {
      const text = EVENT_CONFIRMATIONS[type];
      expect(text, type).toMatch(/^[A-ZÉ]/);
      expect(text, type).toMatch(/\b(enregistrée?|annulée|tranchée)$/);
      expect(text, type).not.toMatch(/\b(\p{L}+) \1\b/iu);
      expect(frenchJunctionErrors(text), type).toEqual([]);
    }
  });
});
