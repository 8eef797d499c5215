import express, { type RequestHandler } from 'express';

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

/** Slack's requests are small; anything bigger is not from Slack. */
const MAX_SLACK_BODY = '1mb';

/**
 * Reads the raw body once, for Bolt (which uses `req.rawBody` when present),
 * and turns away bodies Slack never sends before Bolt trips on them: a
 * signed JSON body that is not an object (`null`, `[]`, `42`) made Bolt's
 * receiver answer 500. Such a body, or a `payload=` that is not a JSON object,
 * gets 400; everything else goes to Bolt as it came (signature checks there).
 */
export function slackBodyShape(): RequestHandler[] {
  const raw = express.raw({ type: () => true, limit: MAX_SLACK_BODY });
  return [
    // A body that cannot be read (too large, or a Content-Encoding it does not have) is answered here, in words.
    (req, res, next) =>
      raw(req, res, (error?: unknown) => {
        if (!error) return next();
        const tooLarge = (error as { type?: string }).type === 'entity.too.large';
        res.status(tooLarge ? 413 : 400).type('text/plain').send(tooLarge ? 'The body is too large for a Slack request.' : 'The body could not be read.');
      }),
    (req, res, next) => {
      const raw: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      (req as unknown as { rawBody: Buffer }).rawBody = raw;
      req.body = undefined;
      const text = raw.toString('utf8');
      const type = req.get('content-type') ?? '';
      let shaped = true;
      if (type.startsWith('application/json')) shaped = looksLikeObject(text);
      else if (type.startsWith('application/x-www-form-urlencoded')) {
        const payload = new URLSearchParams(text).get('payload');
        shaped = payload === null || looksLikeObject(payload);
      }
      if (!shaped) {
        res.status(400).type('text/plain').send('Not a Slack request body.');
        return;
      }
      next();
    },
  ];
}

/**
 * Whether JSON text could be an object: it opens with `{`. Bolt parses it
 * anyway (and answers broken JSON with 400 itself), so this is not parsed
 * twice on every click; `null`, `[]`, `42` or `"x"` are what it turns away.
 */
function looksLikeObject(text: string): boolean {
  const first = text.trimStart()[0];
  return first === undefined || first === '{' || !'[n"-0123456789tf'.includes(first);
}
