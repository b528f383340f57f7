// Backups and restore in the browser: a backup made from Paramètres and restored there (the
// register goes back to what it held), and the screen shown at start when the register is
// damaged, which offers the latest good backup and restores it.
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshotOf } from './harness';
import { BackupsPart, DashboardPage, Office, RecoveryPage, SettingsPage } from './pages';

const TODAY = '2026-11-25';
let browser: Browser;
const offices: Office[] = [];

async function install(): Promise<Office> {
  const office = await Office.open(browser, { today: TODAY, party: 'academie', preset: 'versailles-fontenay' });
  offices.push(office);
  return office;
}

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const o of offices) await o.close();
  await browser?.close();
});

describe('backups and restore', () => {
  it('makes a backup from Paramètres, shows where and how big, and restores it: the register holds what it held then', async () => {
    const office = await install();
    const kept = await office.createRequest({ requesterName: 'Claire Martin' });
    const page = await office.newPage();
    await new SettingsPage(page).open();
    const backups = new BackupsPart(page);
    await backups.expectText(join(office.dataDir, 'sauvegardes'), backups.section());
    expect(await backups.backUpNow()).toMatch(/^Sauvegarde faite : À la demande du \d\d\/\d\d\/\d{4} à \d\d:\d\d \(\d+ ko\)\.$/);
    expect((await backups.rows()).map((r) => r[1])).toContain('À la demande');
    expect((await backups.rows()).every(([date, , size]) => /^\d\d\/\d\d\/\d{4} à \d\d:\d\d$/.test(date!) && /^\d+(,\d)? (ko|Mo)$/.test(size!))).toBe(true);
    await backups.checkAccessible('paramètres, sauvegardes');
    await backups.screenshot('sauvegardes-01-parametres');

    const after = await office.createRequest({ requesterName: 'Après la sauvegarde' });
    await backups.chooseBackup('À la demande', backups.section());
    await backups.expectText('1 convention, 1 demande', backups.section());
    await backups.button('Restaurer cette sauvegarde', backups.section()).click();
    await backups.expectText('Le fichier actuel est conservé dans le dossier des sauvegardes', backups.section());
    await backups.checkAccessible('paramètres, confirmer la restauration');
    await screenshotOf(backups.section(), 'sauvegardes-02-confirmer');
    await backups.button('Annuler', backups.section()).click();
    await backups.chooseBackup('À la demande', backups.section());
    const done = await backups.restore(backups.section());
    expect(done).toMatch(/Le fichier remplacé est conservé dans le dossier des sauvegardes \(remplacee-.*\.sqlite\)\./);
    await screenshotOf(backups.section(), 'sauvegardes-03-restauree');
    await backups.openRestored();
    await new DashboardPage(page).expectTitle('Tableau de bord');

    const listed = await office.api<{ rows: { reference: string }[] }>('requests.list', {});
    expect(listed.rows.map((r) => r.reference)).toEqual([kept.reference]);
    expect(after.reference).not.toBe(kept.reference);
    // The replaced file is listed with the backups (the table fills once the call answers).
    await new SettingsPage(page).open();
    await expect.poll(async () => (await backups.rows()).map((r) => r[1])).toContain('Fichier remplacé par une restauration');
  }, 180_000);

  it('at start on a damaged register, says so in French and offers the latest good backup, which restores the register', async () => {
    const office = await install();
    for (let i = 0; i < 40; i++) await office.createRequest({ requesterName: `Demandeur ${i}` });
    await office.api('backups.create', {});
    const file = join(office.dataDir, 'registre-droits-ent.sqlite');
    await office.restart(() => {
      const fd = openSync(file, 'r+');
      for (const p of [2, 5, 8, 12]) writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, p * 4096);
      closeSync(fd);
    });
    const page = await office.newPage();
    const recovery = await new RecoveryPage(page).waitUntilShown();
    expect(await recovery.alertText()).toMatch(/^Le fichier de données .* est endommagé .*Le fichier n'a pas été modifié\. Restaurez une sauvegarde/);
    await recovery.expectText(/^À la demande du \d\d\/\d\d\/\d{4} à \d\d:\d\d$/, recovery.latest());
    await recovery.expectText('1 convention, 40 demandes', recovery.latest());
    await recovery.checkAccessible('registre endommagé');
    await recovery.screenshot('sauvegardes-04-registre-endommage');
    const done = await recovery.restore(recovery.latest());
    expect(done).toContain('Sauvegarde restaurée : À la demande du');
    await recovery.openRestored();
    await new DashboardPage(page).expectTitle('Tableau de bord');
    await recovery.screenshot('sauvegardes-05-registre-restaure');
    expect(await office.api('requests.list', {})).toMatchObject({ total: 40 });
  }, 180_000);
});
