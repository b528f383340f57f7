import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { ApiError } from '../../core/api/contract';

/** Page heading, focused when the page opens so screen readers and keyboards start there. */
export function PageTitle({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

export function ErrorBanner({ error }: { error: ApiError | null | undefined }) {
  if (!error) return null;
  return (
    <div className="banner banner-error" role="alert">
      {error.message}
    </div>
  );
}

export function Loading() {
  return (
    <p className="muted" role="status">
      Chargement…
    </p>
  );
}

/** A labelled control with its error message tied to it (aria-describedby / aria-invalid). */
export function Field({
  label,
  error,
  hint,
  children,
}: {
  label: string;
  error?: string | undefined;
  hint?: string;
  children: (props: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ');
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      )}
      {children({
        id,
        ...(error ? { 'aria-invalid': true as const } : {}),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      })}
      {error && (
        <span className="field-error" id={errorId}>
          {error}
        </span>
      )}
    </div>
  );
}

/** A labelled <select> over [value, label] pairs, with an optional empty first choice. */
export function SelectField<V extends string>({
  label,
  value,
  onChange,
  options,
  empty,
  error,
  hint,
}: {
  label: string;
  value: V | '';
  onChange: (value: V | '') => void;
  options: readonly (readonly [V, string])[];
  /** Label of the empty choice ('' value), e.g. "Choisir…". */
  empty?: string;
  error?: string | undefined;
  hint?: string;
}) {
  return (
    <Field label={label} error={error} {...(hint ? { hint } : {})}>
      {(p) => (
        <select {...p} value={value} onChange={(e) => onChange(e.target.value as V | '')}>
          {empty !== undefined && <option value="">{empty}</option>}
          {options.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/**
 * The confirmation after an action (« Prolongation enregistrée »…): its text, and the ref of the
 * status paragraph that shows it, which takes the focus so keyboard and screen-reader users hear it.
 */
export function useConfirmation() {
  const [message, setMessage] = useState<string | null>(null);
  const messageRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (message) messageRef.current?.focus();
  }, [message]);
  return { message, setMessage, messageRef };
}
