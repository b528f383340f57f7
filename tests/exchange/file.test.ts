import { closeSync, ftruncateSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_PACKAGE_BYTES, openPackage } from '../../core/exchange/package';
import { readPackageFile, writePackageFile } from '../../electron/exchange/file';
import { useTempDir } from '../helpers/tmp';
import { build, makeOffice, openInput } from './offices';

const tempDir = useTempDir();
const commune = makeOffice('Mairie de Farges');
const academie = makeOffice('Académie de Dijon');

describe('package files', () => {
  it('writes a package without replacing one of the same name, and reads it back', () => {
    const dir = tempDir();
    const built = build(commune, academie);
    const first = writePackageFile(dir, built.fileName, built.bytes);
    const second = writePackageFile(dir, built.fileName, build(commune, academie).bytes);
    expect(first).toBe(join(dir, 'FAR-mairie-de-farges-20260314-153012.dsrpkg'));
    expect(second).toBe(join(dir, 'FAR-mairie-de-farges-20260314-153012 (2).dsrpkg'));
    expect(Buffer.from(readFileSync(first)).equals(Buffer.from(built.bytes))).toBe(true);

    const read = readPackageFile(first);
    if (!read.ok) throw new Error(read.problem.message);
    expect(openPackage(openInput(academie, commune, read.bytes)).ok).toBe(true);
  });

  it('refuses a file over the size limit without reading it', () => {
    const path = join(tempDir(), 'énorme.dsrpkg');
    const fd = openSync(path, 'w');
    ftruncateSync(fd, MAX_PACKAGE_BYTES + 1); // sparse: nothing is really written
    closeSync(fd);
    const result = readPackageFile(path);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem.code).toBe('TROP_VOLUMINEUX');
      expect(result.problem.message).toContain("plus que les 64 Mo d'un paquet");
    }
  });

  it('refuses a missing file or a folder in French', () => {
    const dir = tempDir();
    const missing = readPackageFile(join(dir, 'absent.dsrpkg'));
    expect(!missing.ok && missing.problem.message).toContain('ne peut pas être ouvert');
    const folder = readPackageFile(dir);
    expect(folder.ok).toBe(false);
  });

  it('refuses a file name that is not a package name', () => {
    expect(() => writePackageFile(tempDir(), '../x.dsrpkg', new Uint8Array(1))).toThrow();
    expect(() => writePackageFile(tempDir(), 'x.txt', new Uint8Array(1))).toThrow();
  });
});
