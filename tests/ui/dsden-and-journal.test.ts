// A commune office under the DSDEN 13 agreement (seed 003, art. 8.1): allocation by module and
// scope, no pre-emption, handover only of what the académie answers; and a history edited
// behind the app's back, shown as altered.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../../electron/host';
import { launchBrowser } from './harness';
import { DashboardPage, NewRequestPage, Office, RequestPage } from './pages';

let browser: Browser;
let office: Office;
let request: RequestPage;

beforeAll(async () => {
  browser = await launchBrowser();
  office = await Office.open(browser, { party: 'commune', communeName: 'Aubagne', preset: 'dsden13', today: '2026-11-25' });
  request = new RequestPage(await office.newPage({ viewport: { width: 1366, height: 768 } }));
  await new DashboardPage(request.page).waitUntilShown();
});

afterAll(async () => {
  await office?.close();
  await browser?.close();
});

describe('DSDEN 13 agreement: allocation by module, and a tampered history', () => {
  it('gives a commune module to the commune, and to the académie when several schools are concerned; no pre-emption', async () => {
    for (const several of [false, true]) {
      const form = await new NewRequestPage(request.page).open();
      // Received today (the form's default).
      await form.record(
        {
          channel: 'Académie',
          medium: 'Formulaire',
          name: 'Nadia Ferhat',
          category: "Parent d'élève",
          module: { name: 'Réservation de la cantine', owner: 'la collectivité', severalSchools: several },
          rights: ['Accès'],
        },
        /^D13-C-2026-\d{4}$/,
      );
      const allocation = await request.allocation();
      expect(allocation).toContain(several ? 'Académie' : 'Commune');
      if (several) expect(allocation).toContain("excédant le champ d'une seule école");
      // Received today (25/11/2026) + 1 month = 25/12/2026, Christmas → Monday 28/12/2026.
      expect(await request.deadlineDate()).toBe('28/12/2026');
      // The DSDEN 13 agreement provides for no pre-emption (art. 8.1): the action is not offered.
      expect(await request.hasAction('Préempter la demande')).toBe(false);
      // This commune office hands over only what the académie answers.
      expect(await request.hasAction('Transmettre au co-responsable')).toBe(several);
    }
    await request.checkAccessible('demande DSDEN 13');
    await request.screenshot('20-demande-dsden13');
  });

  it('shows a history edited behind the app as altered, loudly', async () => {
    const { id, reference } = await office.createRequest({
      receivedOn: '2026-11-20',
      requesterName: 'Karim Haddad',
      moduleName: 'Messagerie',
      moduleOwner: 'academie',
      schoolsScope: 'single',
    });
    await request.open(id, reference);
    expect(await request.history()).toContain('Historique intègre');
    const db = new Database(join(office.dataDir, DB_FILE_NAME));
    db.prepare("update events set actor = 'Quelqu''un d''autre' where request_id = ?").run(id);
    db.close();
    await request.page.reload();
    await request.expectTitle(`Demande ${reference}`);
    await expect.poll(() => request.alertText()).toMatch(/^Historique altéré/);
    await request.checkAccessible('historique altéré');
    await request.screenshot('21-historique-altere');
  });
});
