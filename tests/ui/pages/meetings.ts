// « Réunions » (Meetings.tsx: the meetings recorded, « Nouvelle réunion ») and one meeting
// (MeetingView.tsx: agenda by section, exports, workbook import, minutes).
import type { Locator } from 'playwright-core';
import { Screen, typeDate } from './app';

export interface NewMeeting {
  date: string;
  /** « 14 h 30 », « 14:30 ». */
  time?: string;
  /** Modalité as labelled: « en présentiel », « en visioconférence », « par téléphone ». */
  format?: string;
  participants: string[];
  otherItems?: string[];
}

export class MeetingsPage extends Screen {
  async open(): Promise<this> {
    await this.navigate('Réunions');
    await this.expectTitle('Réunions');
    return this;
  }

  newMeetingForm(): Locator {
    return this.page.getByRole('form', { name: 'Nouvelle réunion' });
  }

  /** Clicks « Nouvelle réunion » and fills its form, without creating it. */
  async startMeeting({ date, time, format, participants, otherItems = [] }: NewMeeting): Promise<Locator> {
    await this.button('Nouvelle réunion').click();
    const form = this.newMeetingForm();
    await typeDate(form.getByLabel('Date de la réunion'), date);
    if (time !== undefined) await form.getByLabel('Heure de la réunion').fill(time);
    if (format !== undefined) await form.getByLabel('Modalité').selectOption({ label: format });
    await form.getByLabel('Participants').fill(participants.join('\n'));
    if (otherItems.length) await form.getByLabel("Autres points à l'ordre du jour").fill(otherItems.join('\n'));
    return form;
  }

  /** « Créer la réunion et son ordre du jour »: the meeting opens. */
  async createMeeting(): Promise<MeetingPage> {
    await this.newMeetingForm().getByRole('button', { name: 'Créer la réunion et son ordre du jour' }).click();
    await this.expectTitle(/ du \d\d\/\d\d\/\d{4}$/);
    return new MeetingPage(this.page);
  }

  meetingLink(title: string): Locator {
    return this.page.getByRole('link', { name: title });
  }
}

export class MeetingPage extends Screen {
  /** The meeting's id, from its address. */
  id(): string {
    return decodeURIComponent(this.page.url().split('#/reunions/')[1]!);
  }

  /** An agenda section's table, by its caption (« 1.1. Demandes en retard »). */
  section(caption: string): Locator {
    return this.page.getByRole('table', { name: caption });
  }

  /** The link to a request in an agenda section. */
  requestLink(caption: string, reference: string): Locator {
    return this.section(caption).getByRole('link', { name: reference });
  }

  documents(): Locator {
    return this.page.getByRole('region', { name: 'Documents produits' });
  }

  /** Picks the workbook to import after « Importer les décisions »; returns its report. */
  async importDecisions(path: string, filename: string): Promise<Locator> {
    await this.upload('Importer les décisions', path);
    return this.page.getByRole('region', { name: `Décisions lues dans « ${filename} »` });
  }

  /** A decision on one agenda line (section number, request reference). */
  async decide(section: string, reference: string, kind: string, text: string): Promise<void> {
    await this.page.getByLabel(`Décision, ${section}, ${reference}`).selectOption({ label: kind });
    await this.page.getByLabel(`Motifs ou commentaire, ${section}, ${reference}`).fill(text);
  }

  /** The references of the requests the agenda links to, in screen order (one per line listed). */
  agendaReferences(): Promise<string[]> {
    return this.page
      .getByRole('form', { name: 'Relevé de décisions' })
      .getByRole('link')
      .evaluateAll((links) => links.map((l) => l.textContent ?? '').filter((t) => /^[A-Z0-9]+-[AC]-\d{4}-\d{4}$/.test(t)));
  }

  /** Every decision and comment control of the agenda with its value, by its label. */
  decisionValues(): Promise<Record<string, string>> {
    return this.page
      .getByRole('form', { name: 'Relevé de décisions' })
      .locator('select[aria-label^="Décision, "], input[aria-label^="Motifs ou commentaire, "]')
      .evaluateAll((els) => Object.fromEntries(els.map((e) => [e.getAttribute('aria-label') ?? '', (e as HTMLInputElement | HTMLSelectElement).value])));
  }

  async saveMinutes(notes: string): Promise<void> {
    await this.page.getByLabel('Notes de la réunion').fill(notes);
    await this.button('Enregistrer le relevé de décisions').click();
  }
}
