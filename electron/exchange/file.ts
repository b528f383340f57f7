// Package files on disk: reading refuses a file over the size limit before reading it (the
// file is hostile until its signature is checked), writing never replaces an existing file.

import { closeSync, constants, fstatSync, fsyncSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_PACKAGE_BYTES, PACKAGE_EXTENSION, type PackageProblem } from '../../core/exchange/package';

export type ReadPackageResult = { ok: true; bytes: Uint8Array } | { ok: false; problem: PackageProblem };

/** Reads a package file, at most MAX_PACKAGE_BYTES (checked on the open file, before reading). */
export function readPackageFile(path: string, maxBytes = MAX_PACKAGE_BYTES): ReadPackageResult {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY);
  } catch {
    return { ok: false, problem: { code: 'PAS_UN_PAQUET', message: `Le fichier ${path} ne peut pas être ouvert.` } };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, problem: { code: 'PAS_UN_PAQUET', message: `${path} n'est pas un fichier.` } };
    if (stat.size > maxBytes) {
      return {
        ok: false,
        problem: {
          code: 'TROP_VOLUMINEUX',
          message: `Le fichier fait ${formatMegabytes(stat.size)}, plus que les ${formatMegabytes(maxBytes)} d'un paquet : il n'a pas été lu.`,
        },
      };
    }
    // Read one byte more than announced to notice a file that grows while being read.
    const buffer = Buffer.alloc(stat.size + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length === buffer.length) {
        return { ok: false, problem: { code: 'ALTERE', message: 'Le fichier a changé pendant sa lecture : réessayez.' } };
      }
    }
    return { ok: true, bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, length) };
  } catch {
    return { ok: false, problem: { code: 'PAS_UN_PAQUET', message: `Le fichier ${path} ne peut pas être lu.` } };
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a package into `dir` under `fileName` (suffixed ` (2)`, ` (3)`… when taken); returns
 * the path written. The file is created exclusively and flushed.
 */
export function writePackageFile(dir: string, fileName: string, bytes: Uint8Array): string {
  if (!fileName.endsWith(PACKAGE_EXTENSION) || /[/\\]/.test(fileName)) throw new Error(`Nom de paquet invalide : ${fileName}`);
  const base = fileName.slice(0, -PACKAGE_EXTENSION.length);
  for (let attempt = 1; attempt < 1000; attempt += 1) {
    const path = join(dir, attempt === 1 ? fileName : `${base} (${attempt})${PACKAGE_EXTENSION}`);
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o644);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    try {
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
      fsyncSync(fd);
    } catch (error) {
      closeSync(fd);
      unlinkSync(path); // no half-written package left behind
      throw error;
    }
    closeSync(fd);
    return path;
  }
  throw new Error(`Trop de paquets du même nom dans ${dir}.`);
}

function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;
}
