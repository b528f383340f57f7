import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { ApiError, ApiResult } from '../../core/api/contract';
import { ErrorBanner } from './ui';

/**
 * One action on a request: a button that opens a small form in place; the form says what is
 * wrong next to each field (error.fields), and closes once the action is recorded.
 */
export function ActionForm<T>({
  label,
  submitLabel,
  children,
  onSubmit,
  onDone,
  tone = 'normal',
}: {
  label: string;
  submitLabel: string;
  children: (fields: Record<string, string>) => ReactNode;
  onSubmit: () => Promise<ApiResult<T>>;
  onDone: (value: T, label: string) => void;
  tone?: 'normal' | 'primary';
}) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const formId = useId();
  const firstField = useRef<HTMLDivElement>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    const r = await onSubmit();
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(null);
    setOpen(false);
    onDone(r.value, label);
  }

  return (
    <div className="action">
      <button
        type="button"
        className={tone === 'primary' ? 'primary' : undefined}
        aria-expanded={open}
        aria-controls={formId}
        onClick={() => {
          setOpen(!open);
          setError(null);
          window.setTimeout(() => firstField.current?.querySelector<HTMLElement>('input, select, textarea')?.focus(), 0);
        }}
      >
        {label}
      </button>
      {open && (
        <form id={formId} className="action-form" onSubmit={(e) => void submit(e)} noValidate aria-label={label}>
          <ErrorBanner error={error} />
          <div ref={firstField}>{children(error?.fields ?? {})}</div>
          <div className="action-buttons">
            <button type="submit" className="primary" disabled={busy}>
              {submitLabel}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              Annuler
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
