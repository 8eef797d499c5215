import type { RequestHandler } from 'express';

/** Slack's replay window: a signed request's timestamp may differ from now by at most this much. */
const WINDOW_SECONDS = 5 * 60;

/**
 * Bolt refuses Slack requests signed more than five minutes ago; this also
 * refuses those "signed" more than five minutes in the future, which a
 * captured request replayed later could otherwise use to stay valid. It runs
 * before Bolt's receiver on /slack/events and reads the wall clock, as Slack's
 * signature does.
 */
export function refuseFutureSlackTimestamps(wallClockSeconds: () => number = () => Date.now() / 1000): RequestHandler {
  return (req, res, next) => {
    const timestamp = Number(req.get('x-slack-request-timestamp'));
    if (Number.isFinite(timestamp) && timestamp > wallClockSeconds() + WINDOW_SECONDS) {
      res.status(401).type('text/plain').send('The request timestamp is in the future.');
      return;
    }
    next();
  };
}
