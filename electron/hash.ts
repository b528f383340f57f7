// SHA-256 for the service (ServiceDeps.hash: every journal event is hashed, twice when it
// travels between offices). node's one-shot `crypto.hash` is about ten times faster than a
// `createHash` object per event on the short texts hashed here.
import { hash } from 'node:crypto';
import type { Hasher } from '../core/journal';

export const nodeSha256Hex: Hasher = (text) => hash('sha256', text, 'hex');
