import { existsSync } from 'node:fs';
import { startLeadloop } from './app.js';
import { loadConfig } from './config.js';
import { ConfigError, StartupError } from './errors.js';
import { createLogger } from './logger.js';
import { startSandbox, wantsSandbox } from './sandbox/sandbox.js';

// A local .env is convenient for a first try; real deployments set the environment.
if (existsSync('.env')) process.loadEnvFile('.env');

try {
  // No Slack setting at all (and not production): a local sandbox stands in for Slack.
  const sandbox = wantsSandbox(process.env) ? await startSandbox(process.env) : null;
  const config = loadConfig({ ...process.env, ...sandbox?.env });
  const logger = createLogger(config.logLevel);
  const running = await startLeadloop(config, {
    logger,
    ...(config.postLockMs ? { timing: { postLockMs: config.postLockMs } } : {}),
    ...(sandbox ? { extraRoutes: sandbox.routes } : {}),
  });
  if (sandbox) {
    sandbox.attach({ url: `http://127.0.0.1:${running.port}`, runDigestNow: () => running.runDigestNow({ thisWeek: true }) });
    console.log(`Leadloop sandbox: open http://localhost:${running.port}/sandbox (no Slack app needed; POST /api/leads takes the token ${sandbox.intakeToken})`);
  }
  const stop = async (signal: string) => {
    logger.info({ signal, event: 'stopping' }, 'stopping: finishing requests and jobs');
    // Kubernetes allows a grace period; never outlive 10 seconds.
    setTimeout(() => {
      logger.error({ event: 'stop_timeout' }, 'did not stop within 10 s; exiting anyway');
      process.exit(1);
    }, 10_000).unref();
    sandbox?.release();
    await running.stop();
    await sandbox?.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
} catch (error) {
  if (error instanceof ConfigError || error instanceof StartupError) {
    // One line a person can act on, not a stack trace.
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
