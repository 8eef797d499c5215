/** What the benchmarks share: the database to use, and the processes they start (the app, the fake Slack, bare Bolt). */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

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
/** Where the processes' output goes (see startProcess); removed when the benchmark ends. */
const outputDir = mkdtempSync(join(tmpdir(), 'leadloop-bench-'));
// Whatever happens, no process a benchmark started outlives it.
// BENCH_KEEP_OUTPUT=1 keeps their output (with BENCH_NODE_ARGS=--trace-gc, say) and says where.
process.on('exit', () => {
  children.forEach((c) => c.kill('SIGKILL'));
  if (process.env.BENCH_KEEP_OUTPUT) console.log(`the processes' output is in ${outputDir}`);
  else rmSync(outputDir, { recursive: true, force: true });
});

/**
 * Starts `script` with tsx (and BENCH_NODE_ARGS) at log level info; resolves
 * with what it printed once `ready` matches. Its output goes to a file, as a
 * log collector would take it in production: read through a pipe, every log
 * line the app wrote (a few per click for Leadloop, none for bare Bolt) was
 * an event for the load generator to handle while it timed clicks.
 */
export function startProcess(script: string, childEnv: Record<string, string>, ready: RegExp, nodeArgs: string[] = []): Promise<{ child: ChildProcess; output: string }> {
  return new Promise((resolve, reject) => {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...childEnv, LOG_LEVEL: 'info' };
    const file = join(outputDir, `${basename(script)}-${children.length}.log`);
    const fd = openSync(file, 'w');
    // JavaScript runs on plain Node, as it is deployed; TypeScript through tsx.
    const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
    const child: ChildProcess = spawn(process.execPath, [...nodeArgs, ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), ...loader, script], { env, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    children.push(child);
    const seen = () => readFileSync(file, 'utf8');
    // Told of each write to the file (inotify), not polled.
    const watcher = watch(file, () => check());
    const check = () => {
      const output = seen();
      if (!ready.test(output)) return;
      watcher.close();
      child.removeAllListeners('exit');
      resolve({ child, output });
    };
    child.on('exit', (code) => {
      watcher.close();
      reject(new Error(`${script} exited with ${code}: ${seen()}`));
    });
    check();
  });
}

export function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * The Leadloop a benchmark starts: built (`npm run build`) and run from
 * dist/main.js on plain Node with `npm start`'s flags, as the Dockerfile runs
 * it. Through tsx the process also carried tsx's loader thread and in-memory
 * source maps, which production does not. BENCH_APP_FROM=src runs
 * src/main.ts through tsx with no flags instead (the benchmarks' way before
 * 2026-12-01, for comparison).
 */
export function leadloopScript(): { script: string; nodeArgs: string[] } {
  if (process.env.BENCH_APP_FROM === 'src') return { script: 'src/main.ts', nodeArgs: [] };
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
  return { script: 'dist/main.js', nodeArgs: startFlags() };
}

/** The Node flags of `npm start` (node <flags> dist/main.js). */
function startFlags(): string[] {
  const start = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts.start!;
  const words = start.trim().split(/\s+/);
  if (words[0] !== 'node' || words.at(-1) !== 'dist/main.js') throw new Error(`npm start is not "node <flags> dist/main.js": ${start}`);
  return words.slice(1, -1);
}
