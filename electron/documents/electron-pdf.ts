// PDF rendering in the desktop app: Chromium's own printer (webContents.printToPDF) in a hidden,
// sandboxed window with JavaScript off (../security.ts pdfWindowOptions), loading the document from a data: URL (nothing is written
// to disk). Same HTML and stylesheet as the browser mode's renderer (./pdf.ts).
import { BrowserWindow } from 'electron';
import { pdfWindowOptions } from '../security';

export async function electronPrintToPdf(html: string): Promise<Uint8Array> {
  const win = new BrowserWindow(pdfWindowOptions());
  try {
    await win.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
    const pdf = await win.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
    return new Uint8Array(pdf);
  } finally {
    win.destroy();
  }
}
