import { formatDateFr } from '../../core/explain';

/** 'YYYY-MM-DD' → 'dd/MM/yyyy', or a dash when there is no date. */
export function frDate(iso: string | null | undefined): string {
  return iso ? formatDateFr(iso) : '—';
}

/** The non-empty lines of a text box, trimmed: one item per line. */
export function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** ISO instant → 'dd/MM/yyyy à HH:mm', in Europe/Paris. */
export function frInstant(iso: string): string {
  return new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  })
    .format(new Date(iso))
    .replace(' ', ' à ');
}

/** Today in Europe/Paris, 'YYYY-MM-DD'. */
export function todayInParis(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n > 1 ? many : one}`;
}

/** A file size in French units: « 812 ko », « 1,4 Mo ». */
export function frSize(bytes: number): string {
  const number = (n: number) => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(n);
  if (bytes < 1024 * 1024) return `${number(Math.max(1, Math.round(bytes / 1024)))} ko`;
  if (bytes < 1024 * 1024 * 1024) return `${number(bytes / 1024 / 1024)} Mo`;
  return `${number(bytes / 1024 / 1024 / 1024)} Go`;
}
