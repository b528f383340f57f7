// Messages between the host thread (electron/backend.ts) and the backend worker threads
// (electron/backend-worker.ts). Types only: both sides import it with `import type`.
export interface BackendWorkerData {
  dataDir: string;
  /** 'writer' opens (and migrates) the database and runs every call; 'reader' opens it read-only. */
  role: 'writer' | 'reader';
  migrationsDir?: string;
  /** Pinned clock values (DSR_TODAY, tests); absent: the system clock. */
  today?: string;
  now?: string;
  /** Whether the host thread can print PDFs (asked for with a `pdf` message). */
  pdf: boolean;
}

export type ToWorker =
  | { type: 'call'; id: number; name: string; input: unknown }
  | { type: 'pdf-result'; id: number; ok: true; bytes: Uint8Array }
  | { type: 'pdf-result'; id: number; ok: false; unavailable: boolean; message: string }
  | { type: 'close' }
  /** To the writer: the reader is stopped (a restoration can close the register). */
  | { type: 'reader-paused'; id: number };

export type FromWorker =
  /** `problem`: why the register could not be opened (the writer then answers the backup calls only, and no reader starts). */
  | { type: 'ready'; dbFile: string; backupFile: string | null; problem: { code: string; message: string } | null }
  | { type: 'failed'; message: string }
  /** `json`: the ApiResult as JSON text, made in the worker, so the host thread neither clones nor serializes a large answer. */
  | { type: 'result'; id: number; json: string }
  /** From the reader: this call writes; nothing was written, the writer must run it. */
  | { type: 'writes'; id: number }
  | { type: 'pdf'; id: number; html: string }
  /** From the writer, restoring a backup: stop the reader (answered by `reader-paused`), then start it again. */
  | { type: 'pause-reader'; id: number }
  | { type: 'resume-reader' };
