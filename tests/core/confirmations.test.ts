import { describe, expect, it } from 'vitest';
import { frenchJunctionErrors } from '../../core/documents/text';
import { BREACH_EVENT_CONFIRMATIONS, BREACH_EVENT_TYPES } from '../../core/breaches/events';
import { EVENT_CONFIRMATIONS, EVENT_TYPES } from '../../core/events';

describe('confirmations after an action', () => {
  it('name what was recorded with a past participle, in French without doubled words or bad junctions', () => {
    expect(EVENT_CONFIRMATIONS['deadline.extended']).toBe('Prolongation enregistrée');
    for (const type of EVENT_TYPES) {
      const text = EVENT_CONFIRMATIONS[type];
      expect(text, type).toMatch(/^[A-ZÉ]/);
      expect(text, type).toMatch(/\b(enregistrée?|annulée|tranchée|anonymisée)$/);
      expect(text, type).not.toMatch(/\b(\p{L}+) \1\b/iu);
      expect(frenchJunctionErrors(text), type).toEqual([]);
    }
  });

  it('on the breach screen too: what was recorded, never the verb of the button', () => {
    expect(BREACH_EVENT_CONFIRMATIONS['breach.notified']).toBe('Notification aux DPD et RSSI enregistrée');
    for (const type of BREACH_EVENT_TYPES) {
      const text = BREACH_EVENT_CONFIRMATIONS[type];
      expect(text, type).toMatch(/^[A-ZÉ]/);
      expect(text, type).toMatch(/\b(enregistrée?|déclarée|close)$/);
      expect(text, type).not.toMatch(/\b(\p{L}+) \1\b/iu);
      expect(frenchJunctionErrors(text), type).toEqual([]);
    }
  });
});
