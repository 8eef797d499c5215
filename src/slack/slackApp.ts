import { App, ExpressReceiver } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Express } from 'express';
import type { Config } from '../config.js';
import { StartupError } from '../errors.js';
import { toSlackLogger, type Logger } from '../logger.js';
import { countingFetch, type Metrics } from '../ops/metrics.js';
import { classifySlackError } from './slackErrors.js';

export type SlackApp = {
  app: App;
  /** For chat.postMessage only: never retries by itself (see below). */
  postingClient: WebClient;
  /** Checks the tokens with Slack; throws a one-line StartupError when refused or unreachable. */
  verify(): Promise<void>;
};

/**
 * Bolt on our Express app in HTTP mode (request verification on), or over
 * Socket Mode when an app token is set, with Web API clients pointed at
 * SLACK_API_URL and counted in the metrics.
 */
export function createSlackApp(
  config: Config,
  http: Express,
  logger: Logger,
  metrics: Metrics,
  options: { retries?: number; timeoutMs?: number },
): SlackApp {
  const slackLogger = toSlackLogger(logger);
  const clientOptions: WebClientOptions = {
    slackApiUrl: config.slack.apiUrl,
    fetch: countingFetch(metrics),
    timeout: options.timeoutMs ?? 10_000,
    // The client honours Retry-After on 429 itself; for 5xx and network errors
    // it tries a few quick times, then the job's longer backoff takes over.
    retryConfig: { retries: options.retries ?? 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
  };
  const receiver = config.slack.socketMode
    ? undefined
    : new ExpressReceiver({ signingSecret: config.slack.signingSecret!, endpoints: '/slack/events', app: http, logger: slackLogger });
  const app = new App({
    token: config.slack.botToken,
    logger: slackLogger,
    clientOptions,
    deferInitialization: true,
    // Bolt's conversation store is unused here, and in memory it would not be
    // shared between instances; its middleware made and threw away an Error
    // (a stack trace) on every event it found nothing for.
    convoStore: false,
    ...(receiver ? { receiver } : { appToken: config.slack.appToken, socketMode: true }),
  });
  // chat.postMessage is not idempotent: a client-side retry after a lost
  // answer would post twice. Posting therefore uses a client that does not
  // retry and reports 429s with their Retry-After; the post job retries,
  // and checks first whether the earlier attempt landed.
  const postingClient = new WebClient(config.slack.botToken, { ...clientOptions, logger: slackLogger, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });

  return {
    app,
    postingClient,
    async verify() {
      if (config.slack.socketMode) await checkAppToken(config, clientOptions);
      await app.init().catch((error: unknown) => {
        const failure = classifySlackError(error);
        throw new StartupError(
          failure.code.startsWith('http_') || failure.code === 'request_failed' || failure.code === 'unexpected'
            ? `Leadloop could not reach Slack at ${config.slack.apiUrl} to check SLACK_BOT_TOKEN (${(error as Error).message}); check the network and SLACK_API_URL.`
            : `Slack refused SLACK_BOT_TOKEN (${failure.code}); copy the Bot User OAuth Token from your Slack app again.`,
        );
      });
    },
  };
}

/**
 * The Socket Mode client retries a refused app token forever, quietly; one
 * call first turns that into a clear start-up error.
 */
async function checkAppToken(config: Config, clientOptions: WebClientOptions): Promise<void> {
  try {
    await new WebClient(config.slack.appToken, { ...clientOptions, retryConfig: { retries: 0 } }).apps.connections.open();
  } catch (error) {
    const failure = classifySlackError(error);
    if (failure.permanent || failure.code === 'unknown_error') {
      throw new StartupError(`Slack refused SLACK_APP_TOKEN (${failure.code}); create an app-level token with connections:write and copy it again.`);
    }
    // Anything else may pass; the Socket Mode client retries it.
  }
}
