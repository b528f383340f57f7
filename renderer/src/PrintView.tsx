// The print fallback, when no Chromium-family browser can make the PDF (browser mode without
// one): the document's own HTML (built and escaped by core, with no script) shown over the app
// with the same stylesheet as the PDFs, then the browser's print dialog. The stylesheet is adopted
// as a constructed stylesheet, which the app's Content-Security-Policy allows (no inline style).
import { useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import { DOCUMENT_CSS } from '../../core/documents/style';
import { fileBytes, type FileOut } from './download';
import './print.css';

/** The <body> of an HTML file produced by the service. */
function bodyOf(file: FileOut): string {
  const html = new TextDecoder().decode(fileBytes(file));
  return new DOMParser().parseFromString(html, 'text/html').body.innerHTML;
}

export function PrintView({ file, onClose }: { file: FileOut; onClose: () => void }) {
  const printButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(DOCUMENT_CSS);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    document.body.classList.add('printing');
    printButton.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.body.classList.remove('printing');
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    };
  }, [onClose]);

  return createPortal(
    <div className="print-view" role="dialog" aria-modal="true" aria-label="Aperçu avant impression">
      <div className="print-toolbar">
        <span>Aperçu avant impression : choisissez « Enregistrer au format PDF » ou votre imprimante.</span>
        <button type="button" className="primary" ref={printButton} onClick={() => window.print()}>
          Lancer l'impression
        </button>
        <button type="button" onClick={onClose}>
          Fermer l'aperçu
        </button>
      </div>
      {/* Built by core/documents (every value escaped, no script, a no-script CSP in the file). */}
      <div className="print-page" dangerouslySetInnerHTML={{ __html: bodyOf(file) }} />
    </div>,
    document.body,
  );
}
