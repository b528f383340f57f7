// A DPD meeting records its time and format (in person, video, phone): on the meeting, its agenda
// PDF and the minutes; a time that is not one is refused in French, nothing written.
import { describe, expect, it } from 'vitest';
import { parentRequest, pdfText, usePdfHosts, versailles } from '../helpers/documents';
import { useTempDir } from '../helpers/tmp';

const tmp = useTempDir();
const pdfHost = usePdfHosts();

describe('meeting time and format', () => {
  it('records them, prints them on the agenda and on the minutes, and refuses a time that is not one', async () => {
    const host = pdfHost(tmp(), '2026-11-25');
    const agreement = await versailles(host);
    const request = await host.ok('requests.create', parentRequest(agreement.id, { receivedOn: '2026-11-10', identityDocumentsMissing: [] }));

    const bad = await host.fail('meetings.create', { agreementId: agreement.id, date: '2026-11-25', time: '25h', format: 'video' });
    expect(bad.fields?.time).toBe('Heure de la réunion : indiquez-la comme 14:30 ou 14 h 30.');
    const badFormat = await host.fail('meetings.create', { agreementId: agreement.id, date: '2026-11-25', format: 'carrier-pigeon' });
    expect(badFormat.fields?.format).toBe('Modalité de la réunion : en présentiel, en visioconférence ou par téléphone.');
    expect(await host.ok('meetings.list', { agreementId: agreement.id })).toEqual([]);

    const meeting = await host.ok('meetings.create', { agreementId: agreement.id, date: '2026-11-25', time: ' 14 h 30 ', format: 'video', participants: ['Anne Dupuis'] });
    expect(meeting).toMatchObject({ time: '14:30', format: 'video' });
    expect(meeting.agenda).toMatchObject({ time: '14:30', format: 'video' });
    const agenda = (await pdfText((await host.ok('meetings.exportAgenda', { id: meeting.id, format: 'pdf' })).base64)).replace(/\s+/g, ' ');
    expect(agenda).toContain('Date de la réunion : 25/11/2026 à 14 h 30 · modalité : en visioconférence');

    // Changed before the minutes: the meeting and its agenda follow.
    const moved = await host.ok('meetings.update', { id: meeting.id, date: '2026-11-25', time: '9h', format: 'in-person', participants: ['Anne Dupuis'], otherItems: [] });
    expect(moved).toMatchObject({ time: '09:00', format: 'in-person' });
    expect((await host.ok('meetings.get', { id: meeting.id })).agenda).toMatchObject({ time: '09:00', format: 'in-person' });

    const item = moved.agenda.sections.flatMap((s) => s.items).find((i) => i.requestId === request.id)!;
    await host.ok('meetings.saveMinutes', { id: meeting.id, decisions: [{ itemKey: item.key, requestId: request.id, kind: 'comment', text: 'Vu.' }], notes: 'Séance courte.' });
    const minutes = (await pdfText((await host.ok('meetings.exportAgenda', { id: meeting.id, format: 'pdf' })).base64)).replace(/\s+/g, ' ');
    expect(minutes).toContain('relevé de décisions');
    expect(minutes).toContain('Date de la réunion : 25/11/2026 à 9 h · modalité : en présentiel');

    // Neither given: the line says only the date.
    const plain = await host.ok('meetings.create', { agreementId: agreement.id, date: '2026-12-28' });
    expect(plain).toMatchObject({ time: null, format: null });
    const plainHtml = Buffer.from((await host.ok('meetings.exportAgenda', { id: plain.id, format: 'html' })).base64, 'base64').toString('utf8');
    expect(plainHtml).toContain('<strong>Date de la réunion :</strong> 28/12/2026 · <strong>prochaine réunion');
    host.close();
  }, 120_000);
});
