// An extension decided at a meeting is a task on the request (« à enregistrer et notifier »)
// until the extension itself is recorded with its notice (GDPR art. 12(3)).
import { afterEach, describe, expect, it } from 'vitest';
import { testHost, type TestHost } from '../helpers/host';
import { parentRequest, versailles } from '../helpers/documents';
import { useTempDir } from '../helpers/tmp';

const tmp = useTempDir();
const hosts: TestHost[] = [];
afterEach(() => {
  for (const h of hosts.splice(0)) h.close();
});

describe('an extension decided at a meeting', () => {
  it('is a task on the request until the extension is recorded and notified', async () => {
    const host = testHost(tmp(), '2026-11-25');
    hosts.push(host);
    const agreement = await versailles(host);
    // Received 10/11/2026: due 10/12/2026, on the agenda of the meeting of 25/11/2026.
    const r = await host.ok('requests.create', parentRequest(agreement.id, { receivedOn: '2026-11-10' }));
    expect((await host.ok('requests.get', { id: r.id })).extensionDecided).toBeNull();
    const meeting = await host.ok('meetings.create', { agreementId: agreement.id, date: '2026-11-25', participants: ['Anne Dupuis (académie)'], otherItems: [] });
    const item = meeting.agenda.sections.flatMap((s) => s.items).find((i) => i.requestId === r.id)!;
    expect(item.decisions).toContain('extension-decided');
    await host.ok('meetings.saveMinutes', {
      id: meeting.id,
      decisions: [{ itemKey: item.key, requestId: r.id, kind: 'extension-decided', text: 'Données dans trois traitements.' }],
    });

    const decided = await host.ok('requests.get', { id: r.id });
    expect(decided.extensionDecided).toEqual({ meetingDate: '2026-11-25', reasons: 'Données dans trois traitements.' });
    expect(decided.extension).toBeNull();

    const extended = await host.ok('requests.extend', { id: r.id, reasons: 'Données dans trois traitements.', notifiedOn: '2026-11-25' });
    expect(extended.extensionDecided).toBeNull();
    expect(extended.extension).toMatchObject({ notifiedOn: '2026-11-25', late: false });
  });
});
