// `npm run bench -- --size small` (a register of 20 agreements and 5,000 requests, under a minute)
// or `--size full` (the default: issue 14's 200 agreements and 100,000 requests); other
// arguments filter the benches by name.
import { SIZES, type SizeName } from '../helpers/generator';

function sizeFromArgs(args: string[]): SizeName {
  const i = args.findIndex((a) => a === '--size' || a.startsWith('--size='));
  if (i < 0) return 'full';
  const value = args[i]!.includes('=') ? args[i]!.split('=')[1] : args[i + 1];
  if (value !== 'small' && value !== 'full') throw new Error(`--size : « small » ou « full » (reçu : ${value ?? 'rien'}).`);
  return value;
}

export const SIZE_NAME: SizeName = sizeFromArgs(process.argv.slice(2));
export const SIZE = SIZES[SIZE_NAME];

/** The arguments that are not the size: bench name filters. */
export function nameFilters(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--size') i++;
    else if (!args[i]!.startsWith('--size=')) out.push(args[i]!.toLowerCase());
  }
  return out;
}
