// `npm run dev`: the API server (tsx, restarts on change) and the studio's Vite dev server with hot
// reload, which proxies /api to it. Open the address Vite prints (http://localhost:5173 by default).
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const apiPort = process.env.PORT ?? '3000';
const bin = (name: string): string => join(root, 'node_modules', '.bin', name);

const children: ChildProcess[] = [
  spawn(bin('tsx'), ['watch', '--clear-screen=false', 'server/main.ts'], { cwd: root, stdio: 'inherit', env: { ...process.env, PORT: apiPort } }),
  spawn(bin('vite'), ['--config', 'studio/vite.config.ts'], { cwd: root, stdio: 'inherit', env: { ...process.env, CRM_API_URL: `http://127.0.0.1:${apiPort}` } }),
];

let stopping = false;
const stop = (code: number): void => {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  process.exitCode = code;
};
for (const c of children) c.on('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
