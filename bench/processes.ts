/** What the benchmarks share: the database to use, and the processes they start (the app, the fake Slack, bare Bolt). */
import { spawn, type ChildProcess } from 'node:child_process';

/** MONGODB_URI, or a clear line and exit: each benchmark creates and drops its own database there. */
export function mongoBaseOrExit(): string {
  const base = process.env.MONGODB_URI;
  if (!base) {
    console.error('Set MONGODB_URI (the benchmark creates and drops its own database there).');
    process.exit(1);
  }
  return base;
}

const children: ChildProcess[] = [];
// Whatever happens, no process a benchmark started outlives it.
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

/** Starts `script` with tsx (and BENCH_NODE_ARGS) at log level info; resolves with what it printed once `ready` matches. */
export function startProcess(script: string, childEnv: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; output: string }> {
  return new Promise((resolve, reject) => {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...childEnv, LOG_LEVEL: 'info' };
    const child: ChildProcess = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx', script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let seen = '';
    const onData = (d: Buffer) => {
      seen += d.toString();
      if (ready.test(seen)) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        child.stderr!.resume();
        resolve({ child, output: seen });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (seen += d.toString()));
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}: ${seen}`)));
  });
}

export function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
