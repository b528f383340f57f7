// Pieces shared by the exchange screens (Settings, Échanges, joining an agreement): an office's
// fingerprint as read on the phone, the check of the fingerprint the other DPD reads, and a
// button that picks a file.
import { useRef, type ReactNode, type RefObject } from 'react';
import { PARTY_LABELS, type Party } from '../../core/domain';
import { readPickedFile } from './download';
import { Field } from './ui';

/** The largest package the service reads (core/exchange/package: 64 MiB), the same in both modes. */
export const MAX_EXCHANGE_FILE_BYTES = 64 * 1024 * 1024;

/** A fingerprint ("12345 … 8 groups") on two lines of 4 groups, large and monospace. */
export function Fingerprint({ value, lines }: { value: string; lines?: readonly string[] }) {
  const groups = value.split(/\s+/).filter(Boolean);
  const shown = lines && lines.length > 0 ? lines : [groups.slice(0, 4).join(' '), groups.slice(4).join(' ')].filter(Boolean);
  return (
    <p className="fingerprint mono">
      {shown.map((line, n) => (
        <span key={n} className="fingerprint-line">
          {line}
        </span>
      ))}
    </p>
  );
}

/**
 * An office as the other one knows it: its label (« L'académie », « La commune de … »), which
 * already says the party; the party is added only when the label does not.
 */
export function officeName(card: { name: string; party: Party }): string {
  const party = PARTY_LABELS[card.party].toLowerCase();
  return card.name.toLowerCase().includes(party) ? card.name : `${card.name} (${party})`;
}

/** The two fields of a phone check: the fingerprint read by the other DPD, and who checked it. */
export function FingerprintCheck({
  fingerprint,
  setFingerprint,
  confirmedBy,
  setConfirmedBy,
  errors,
  byLabel = 'Vérifiée par',
}: {
  fingerprint: string;
  setFingerprint: (v: string) => void;
  confirmedBy: string;
  setConfirmedBy: (v: string) => void;
  errors: Record<string, string>;
  byLabel?: string;
}) {
  return (
    <div className="grid2">
      <Field
        label="Empreinte lue au téléphone par l'autre office"
        hint="Les 40 chiffres que l'autre DPD vous lit ; les espaces ne comptent pas."
        error={errors.fingerprint}
      >
        {(p) => (
          <input
            {...p}
            className="mono"
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            value={fingerprint}
            onChange={(e) => setFingerprint(e.target.value)}
          />
        )}
      </Field>
      <Field label={byLabel} hint="Qui a comparé l'empreinte au téléphone, et avec qui." error={errors.confirmedBy}>
        {(p) => <input {...p} autoComplete="name" value={confirmedBy} onChange={(e) => setConfirmedBy(e.target.value)} />}
      </Field>
    </div>
  );
}

/**
 * A button that opens the file picker; the picked file comes back read as the service expects
 * it ({ filename, base64 }), or a French message when it is too large.
 */
export function PickFileButton({
  label,
  inputLabel,
  accept,
  onPicked,
  className,
  disabled,
  buttonRef,
  max = MAX_EXCHANGE_FILE_BYTES,
}: {
  label: ReactNode;
  /** Accessible name of the (hidden) file input. */
  inputLabel: string;
  accept: string;
  onPicked: (file: { filename: string; base64: string } | string) => void;
  className?: string | undefined;
  disabled?: boolean;
  /** To give the focus back to the button (e.g. when a report opened from it is closed). */
  buttonRef?: RefObject<HTMLButtonElement | null>;
  /** Largest file read (bytes); a larger one gets its French message. */
  max?: number;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button ref={buttonRef} type="button" className={className} disabled={disabled} onClick={() => input.current?.click()}>
        {label}
      </button>
      <input
        ref={input}
        className="sr-only"
        type="file"
        tabIndex={-1}
        aria-label={inputLabel}
        accept={accept}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          // A file the browser cannot read (moved, no permission, a name it cannot open): said in French.
          if (file) void readPickedFile(file, max).then(onPicked, () => onPicked(`« ${file.name} » n'a pas pu être lu : vérifiez qu'il existe toujours et que vous avez le droit de le lire, puis choisissez-le de nouveau.`));
        }}
      />
    </>
  );
}
