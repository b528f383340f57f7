// A meeting over a 300-request agreement (issue 13): created with its time and format from the
// form, its screen opens with each request listed once, and typing in a line's comment and in the
// notes keeps every letter typed while the other lines stay as they were.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallOutput } from '../../core/api/contract';
import { launchBrowser } from './harness';
import { MeetingsPage, Office } from './pages';

let browser: Browser;
let office: Office;
const TODAY = '2026-11-25';
const COUNT = 300;

beforeAll(async () => {
  browser = await launchBrowser();
  office = await Office.open(browser, { party: 'academie', preset: 'versailles-fontenay', today: TODAY });
  // 300 requests received over the three months before the meeting, to the académie or the
  // commune: overdue ones, ones due before the next meeting, allocations to settle.
  for (let i = 0; i < COUNT; i += 10) {
    await Promise.all(
      Array.from({ length: 10 }, (_, k) => {
        const n = i + k;
        const day = new Date(Date.UTC(2026, 8, 1 + (n % 85)));
        return office.createRequest({
          receivedOn: day.toISOString().slice(0, 10),
          channel: n % 3 === 0 ? 'commune' : 'academie',
          requesterName: `Parent ${String(n + 1).padStart(3, '0')}`,
        });
      }),
    );
  }
}, 300_000);

afterAll(async () => {
  await office?.close();
  await browser?.close();
});

describe('meeting screen of a 300-request agreement', () => {
  it('records time and format, lists each request once, and keeps what is typed without touching other lines', async () => {
    const meetings = await new MeetingsPage(await office.newPage({ viewport: { width: 1366, height: 900 } })).open();
    await meetings.startMeeting({ date: '25/11/2026', time: '14 h 30', format: 'en visioconférence', participants: ['Anne Dupuis', 'Paul Roux'] });
    const meeting = await meetings.createMeeting();
    await meeting.expectText(/Réunion à 14 h 30, en visioconférence · /);

    // Each request the agenda lists appears once, in the section that matters most.
    const stored = await office.api<CallOutput<'meetings.get'>>('meetings.get', { id: meeting.id() });
    expect(stored).toMatchObject({ time: '14:30', format: 'video' });
    const listed = stored.agenda.sections.flatMap((s) => s.items.flatMap((i) => (i.reference ? [i.reference] : [])));
    expect(listed.length).toBeGreaterThan(100);
    await expect.poll(async () => (await meeting.agendaReferences()).length, { timeout: 30_000 }).toBe(listed.length);
    const shown = await meeting.agendaReferences();
    expect(new Set(shown).size).toBe(shown.length);
    expect([...shown].sort()).toEqual([...listed].sort());
    await meeting.checkAccessible('réunion de 300 demandes');
    await meeting.screenshot('meeting-300-01-ouverte');

    // Typing in one line's comment: every letter is there, no other line changed.
    const before = await meeting.decisionValues();
    const first = shown[0]!;
    const commentLabel = Object.keys(before).find((k) => k.startsWith('Motifs ou commentaire, ') && k.endsWith(`, ${first}`))!;
    const typed = 'Relance envoyée à la famille le 20/11, réponse attendue avant la fin du mois.';
    const comment = meeting.page.getByLabel(commentLabel, { exact: true });
    await comment.click();
    await meeting.page.keyboard.type(typed);
    expect(await comment.inputValue()).toBe(typed);
    const after = await meeting.decisionValues();
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect({ ...after, [commentLabel]: '' }).toEqual(before);

    // The same in the notes, the longest field of the screen.
    const notes = meeting.page.getByLabel('Notes de la réunion');
    await notes.click();
    const notesText = 'Point sur les délais : 12 demandes en retard, relances décidées ; prochaine réunion en présentiel.';
    await meeting.page.keyboard.type(notesText);
    expect(await notes.inputValue()).toBe(notesText);
    expect(await meeting.decisionValues()).toEqual(after);
    await comment.scrollIntoViewIfNeeded();
    await meeting.screenshot('meeting-300-02-saisie');
  }, 300_000);
});
