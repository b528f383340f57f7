// A button that asks the service for a file and saves it: busy while it is made, the refusal's
// French message in an alert, then « … : <nom du fichier>. » as a focused status.
import { useState, type ReactNode } from 'react';
import type { ApiError } from '../../core/api/contract';
import { saveFile, type FileOut } from './download';
import { ErrorBanner, useConfirmation } from './ui';

export function useDownload(): {
  busy: boolean;
  /** Makes the file with `make` and saves it; `done` says what was saved (« Registre exporté »). */
  download: (make: () => Promise<{ ok: true; value: FileOut } | { ok: false; error: ApiError }>, done: string) => Promise<void>;
  /** The alert or the confirmation, to show under the buttons. */
  banners: ReactNode;
} {
  const { message, setMessage, messageRef } = useConfirmation();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  async function download(make: () => Promise<{ ok: true; value: FileOut } | { ok: false; error: ApiError }>, done: string) {
    setMessage(null);
    setError(null);
    setBusy(true);
    const r = await make();
    setBusy(false);
    if (!r.ok) return setError(r.error);
    saveFile(r.value);
    setMessage(`${done} : ${r.value.filename}.`);
  }
  const banners = (
    <>
      <ErrorBanner error={error} />
      {message && (
        <p className="banner banner-ok" role="status" tabIndex={-1} ref={messageRef}>
          {message}
        </p>
      )}
    </>
  );
  return { busy, download, banners };
}
