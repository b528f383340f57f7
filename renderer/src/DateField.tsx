import { addDays, addMonths, format, parseISO } from 'date-fns';
import { useEffect, useState, type KeyboardEvent } from 'react';
import { frenchDateText, parseFrenchDate } from '../../core/french-date';
import { Field } from './ui';

/** What a typed text stands for: the ISO date, '' when empty, else the text as typed. */
function valueOf(text: string): string {
  const r = parseFrenchDate(text);
  return r.kind === 'date' ? r.iso : r.kind === 'empty' ? '' : text.trim();
}

/**
 * The French date field: a text box read as jj/mm/aaaa whatever the browser's locale (core/french-date.ts).
 * `value` and `onChange` speak ISO ('YYYY-MM-DD', '' when empty); a text that is not a date is
 * handed on as typed, so a form sent with it is refused, never sent with an older date. An
 * impossible date gets its French reason as soon as the field is left, and from then on while
 * typing. Arrow up/down move one day, Page up/down one month.
 */
export function DateField({
  label,
  value,
  onChange,
  error,
  hint,
  min,
  max,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: string | undefined;
  min?: string | undefined;
  max?: string | undefined;
}) {
  const [text, setText] = useState(() => frenchDateText(value));
  const [left, setLeft] = useState(false);
  // A value set from outside (a form reset, a default) replaces what is shown.
  useEffect(() => {
    setText((t) => (valueOf(t) === value ? t : frenchDateText(value)));
  }, [value]);
  const parsed = parseFrenchDate(text, { min, max });
  const invalid = left && parsed.kind === 'invalid' ? parsed.message : undefined;

  function change(next: string) {
    setText(next);
    onChange(valueOf(next));
  }

  function step(e: KeyboardEvent<HTMLInputElement>) {
    const moves: Record<string, (d: Date) => Date> = {
      ArrowUp: (d) => addDays(d, 1),
      ArrowDown: (d) => addDays(d, -1),
      PageUp: (d) => addMonths(d, 1),
      PageDown: (d) => addMonths(d, -1),
    };
    const move = moves[e.key];
    const current = parseFrenchDate(text);
    if (!move || current.kind !== 'date') return;
    e.preventDefault();
    change(frenchDateText(format(move(parseISO(current.iso)), 'yyyy-MM-dd')));
  }

  return (
    <Field label={label} error={error} invalid={invalid} hint={hint ? `jj/mm/aaaa · ${hint}` : 'jj/mm/aaaa'}>
      {(p) => (
        <input
          {...p}
          type="text"
          className="date-input"
          inputMode="numeric"
          autoComplete="off"
          placeholder="jj/mm/aaaa"
          value={text}
          onChange={(e) => change(e.target.value)}
          onKeyDown={step}
          onBlur={() => {
            setLeft(true);
            const plain = parseFrenchDate(text);
            if (plain.kind === 'date') setText(frenchDateText(plain.iso));
          }}
        />
      )}
    </Field>
  );
}
