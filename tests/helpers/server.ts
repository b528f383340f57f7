// The browser mode as a user starts it: `node out/main/web.js --port 0 --data DIR` in a child
// process, ready when it prints its address with the session token. Used by the UI tests
// (tests/ui/harness.ts) and the cold-start bench (no test runner needed).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

export interface RunningServer {
  url: string;
  origin: string;
  token: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `node out/main/web.js --port 0 --data DIR` and waits for the URL line it prints. */
export function startServer(dataDir: string, env: Record<string, string> = {}): Promise<RunningServer> {
  const main = join(ROOT, 'out', 'main', 'web.js');
  if (!existsSync(main)) throw new Error("out/main/web.js manque : lancez « npm run build » (npm test le fait).");
  const child = spawn(process.execPath, [main, '--port', '0', '--data', dataDir], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Le serveur n'a pas affiché son adresse :\n${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => /^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+$/.test(l.trim()));
      if (!line) return;
      clearTimeout(timer);
      const url = line.trim();
      const parsed = new URL(url);
      resolve({
        url,
        origin: parsed.origin,
        token: parsed.searchParams.get('token')!,
        process: child,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Le serveur s'est arrêté (code ${code}) :\n${output}`));
    });
  });
}
