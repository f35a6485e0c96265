// Starting the compiled server and CLI as real processes, the way users do.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/testRuntime.js';

export const CRM = join(ROOT, 'bin', 'crm.js');

export interface Started {
  child: ChildProcess;
  port: number;
  /** pid of the node process that listens (under npm it is a grandchild). */
  serverPid: number;
  output(): string;
  /** Resolves with the exit code once the spawned process has exited. */
  exited: Promise<number | null>;
}

/** Spawns `command args` and resolves once the server logs "listening". */
export function startServer(command: string, args: string[], env: Record<string, string>): Promise<Started> {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', CRM_SEED: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const m = /"pid":(\d+)[^\n]*"port":(\d+)[^\n]*"msg":"listening"/.exec(out);
      if (m) resolve({ child, serverPid: Number(m[1]), port: Number(m[2]), output: () => out, exited });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`exited with ${code}: ${out}`)));
  });
}

export const serverCommand = (): [string, string[]] => [process.execPath, [CRM, 'serve']];

/** Runs the compiled CLI; resolves with its streams, exit code and wall time. */
export function crm(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [CRM, ...args], { cwd: ROOT, env: { ...process.env, ...env } }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout: stdout.trim(), stderr, ms: performance.now() - started });
    });
  });
}

/** Whether a process still runs. An exited orphan whose new parent has not reaped it yet (a
 *  zombie, state Z in /proc) has stopped running too. */
export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (!existsSync('/proc/self/stat')) return true;
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

/** Waits until `check` holds, polling on each turn of the event loop's timers (bounded, no fixed sleep). */
export async function until(check: () => boolean, what: string, limitMs = 15_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
