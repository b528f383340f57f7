// Child process of identity.test.ts: creates or loads the identity of the folder given as
// argument and prints its office id and fingerprint (never a private key).
import { loadOrCreateIdentity } from '../../electron/exchange/identity';

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: create-identity.ts <dossier>');
const { identity, created } = loadOrCreateIdentity(dir);
process.stdout.write(JSON.stringify({ officeId: identity.officeId, fingerprint: identity.fingerprint, created }));
