// Test offices for the exchange: real keys from node:crypto, the real port.

import { randomUUID } from 'node:crypto';
import { toBase64 } from '../../core/exchange/bytes';
import type { ExchangeCrypto } from '../../core/exchange/crypto-port';
import { buildPackage, type BuildPackageInput, type ExchangeRecord, type ImportState, type OfficeCard, type OpenPackageInput } from '../../core/exchange/package';
import { createExchangeCrypto, generateOfficeKeys, rawPublicKey } from '../../electron/exchange/crypto';

export interface TestOffice {
  card: OfficeCard;
  crypto: ExchangeCrypto;
}

export function makeOffice(name: string, officeId: string = randomUUID()): TestOffice {
  const keys = generateOfficeKeys();
  return {
    card: {
      officeId,
      name,
      keys: { signingKey: toBase64(rawPublicKey(keys.signing)), encryptionKey: toBase64(rawPublicKey(keys.encryption)) },
    },
    crypto: createExchangeCrypto(keys),
  };
}

export const AGREEMENT = { id: '6f1c2d3e-0000-4000-8000-000000000001', code: 'FAR' };
export const OTHER_AGREEMENT = { id: '6f1c2d3e-0000-4000-8000-000000000002', code: 'VIL' };

/** Changes `from..to` of an office: one request, then events and a suspension. */
export function changes(office: TestOffice, from: number, to: number): ExchangeRecord[] {
  const records: ExchangeRecord[] = [];
  for (let seq = from; seq <= to; seq += 1) {
    const kind = seq === from ? 'request' : seq % 5 === 0 ? 'suspension' : 'event';
    records.push({ kind, office: office.card.officeId, seq, data: { ref: `FAR-2026-${String(seq).padStart(4, '0')}`, note: 'Demande d’accès — élève Zoé Lefèvre' } });
  }
  return records;
}

export function build(
  sender: TestOffice,
  receiver: TestOffice,
  overrides: Partial<Omit<BuildPackageInput, 'crypto' | 'sender' | 'receiver'>> = {},
) {
  return buildPackage({
    crypto: sender.crypto,
    sender: sender.card,
    receiver: receiver.card,
    agreement: AGREEMENT,
    appVersion: '0.1.0',
    createdAt: '2026-03-14T15:30:12.000Z',
    packageNumber: 1,
    records: changes(sender, 1, 3),
    acknowledges: { package: 0, changes: [] },
    ...overrides,
  });
}

export const NOTHING_RECEIVED: ImportState = { lastPackage: 0, received: {} };

export function openInput(
  receiver: TestOffice,
  sender: TestOffice | null,
  file: Uint8Array,
  overrides: Partial<Omit<OpenPackageInput, 'crypto' | 'self' | 'file'>> = {},
): OpenPackageInput {
  return {
    crypto: receiver.crypto,
    file,
    self: receiver.card,
    peer: sender?.card ?? null,
    agreement: AGREEMENT,
    state: NOTHING_RECEIVED,
    ...overrides,
  };
}
