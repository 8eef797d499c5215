import { existsSync } from 'node:fs';
import { startLeadloop } from './app.js';
import { loadConfig } from './config.js';
import { ConfigError, StartupError } from './errors.js';
import { createLogger } from './logger.js';

// A local .env is convenient for a first try; real deployments set the environment.
if (existsSync('.env')) process.loadEnvFile('.env');

try {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  const running = await startLeadloop(config, { logger, ...(config.postLockMs ? { timing: { postLockMs: config.postLockMs } } : {}) });
  const stop = async (signal: string) => {
    logger.info({ signal, event: 'stopping' }, 'stopping: finishing requests and jobs');
    // Kubernetes allows a grace period; never outlive 10 seconds.
    setTimeout(() => {
      logger.error({ event: 'stop_timeout' }, 'did not stop within 10 s; exiting anyway');
      process.exit(1);
    }, 10_000).unref();
    await running.stop();
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
