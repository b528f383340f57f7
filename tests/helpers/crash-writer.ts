// A writer process for tests/api/crash.test.ts: creates requests (each an event appended to its
// journal) in a loop on the given data folder and prints the reference of each acknowledged one.
import { parentRequest } from './documents';
import { testHost } from './host';

const dir = process.argv[2]!;
const agreementId = process.argv[3]!;
const host = testHost(dir, '2026-11-25');
for (;;) {
  const r = await host.ok('requests.create', parentRequest(agreementId, { requesterName: `Écrivain ${Date.now()}` }));
  process.stdout.write(`${r.id}\n`);
}
