// Files produced by the service ({ filename, mimeType, base64 }) saved by the browser: a Blob and
// an <a download>, which works the same in the desktop app and in the browser mode (where every
// export is a file download).
export interface FileOut {
  filename: string;
  mimeType: string;
  base64: string;
}

export function fileBytes(file: FileOut): Uint8Array<ArrayBuffer> {
  const binary = atob(file.base64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function saveFile(file: FileOut): void {
  const url = URL.createObjectURL(new Blob([fileBytes(file)], { type: file.mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file the user picked, as the service expects it (base64), without reading more than `max` bytes. */
export async function readPickedFile(file: File, max: number): Promise<{ filename: string; base64: string } | string> {
  if (file.size > max) return `« ${file.name} » est trop volumineux (${Math.round(file.size / 1000)} ko) : ${max / 1_000_000} Mo au plus.`;
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { filename: file.name, base64: btoa(binary) };
}
