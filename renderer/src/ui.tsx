import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
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

/** What the controls inside a field hold now (values and ticks), to tell whether it was edited. */
function controlsState(box: HTMLElement | null): string {
  if (!box) return '';
  return [...box.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input, select, textarea')]
    .map((c) => (c instanceof HTMLInputElement && (c.type === 'checkbox' || c.type === 'radio') ? String(c.checked) : c.value))
    .join('\u0000');
}

/**
 * A labelled control with its error message tied to it (aria-describedby / aria-invalid).
 *
 * - `error` (from the service) is hidden as soon as the control is changed after it was given
 *   or after the form was sent, and shown again if the control is put back to what was refused.
 * - `invalid` is what the field's own check finds now (a date field's « Date impossible… »): it
 *   is shown as long as it holds, before any service error.
 * - `maxLength` is given to the control and shows a live counter « 12 / 200 caractères »; a
 *   control that declares its own maxLength gets the same counter.
 */
export function Field({
  label,
  error,
  invalid,
  hint,
  maxLength,
  children,
}: {
  label: string;
  error?: string | undefined;
  invalid?: string | undefined;
  hint?: string | undefined;
  maxLength?: number | undefined;
  children: (props: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string; maxLength?: number }) => ReactNode;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const counterId = `${id}-counter`;
  const box = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<string | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const [length, setLength] = useState(0);
  // The limit given here, or the one the control declares itself (<input maxLength={8}>).
  const [ownLimit, setOwnLimit] = useState<number | undefined>(undefined);
  const limit = maxLength ?? ownLimit;
  const read = () => {
    setState(controlsState(box.current));
    const control = box.current?.querySelector<HTMLInputElement | HTMLTextAreaElement>('input, textarea');
    setLength(control?.value.length ?? 0);
    setOwnLimit(control && control.maxLength > 0 ? control.maxLength : undefined);
  };
  // Controlled inputs change through their parent's render: read them after each one.
  useLayoutEffect(read);
  // A new refusal: remember what was refused.
  useLayoutEffect(() => setRefused(controlsState(box.current)), [error]);
  // Sending the form again: what is there now is what the next answer speaks of.
  useEffect(() => {
    const form = box.current?.closest('form');
    if (!form) return;
    const onSubmit = () => setRefused(controlsState(box.current));
    form.addEventListener('submit', onSubmit, true);
    return () => form.removeEventListener('submit', onSubmit, true);
  }, []);
  const shownError = invalid ?? (error && (refused === null || state === refused) ? error : undefined);
  const describedBy = [hint ? hintId : null, limit ? counterId : null, shownError ? errorId : null].filter(Boolean).join(' ');
  return (
    <div className={`field${shownError ? ' field-invalid' : ''}`} ref={box} onInput={read} onChange={read}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      )}
      {children({
        id,
        ...(shownError ? { 'aria-invalid': true as const } : {}),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(maxLength ? { maxLength } : {}),
      })}
      {limit !== undefined && (
        <span className={`hint counter${length >= limit ? ' counter-full' : ''}`} id={counterId}>
          {length} / {limit} caractères
        </span>
      )}
      {shownError && (
        <span className="field-error" id={errorId}>
          {shownError}
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

/** The status paragraph showing useConfirmation's message (nothing while there is none). */
export function ConfirmationMessage({ message, messageRef }: Pick<ReturnType<typeof useConfirmation>, 'message' | 'messageRef'>) {
  if (!message) return null;
  return (
    <p className="banner banner-ok" role="status" tabIndex={-1} ref={messageRef}>
      {message}
    </p>
  );
}
