import { pino, type Logger as Pino } from 'pino';
import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';

export type Logger = Pino;

/**
 * Structured JSON logs. Lead contact data must never reach them: the code logs
 * lead ids only, and withoutContactFields is a second line of defence.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    base: { app: 'leadloop' },
    formatters: { log: withoutContactFields },
    serializers: { err: errWithoutEmails },
  };
  // Asynchronous stdout: a synchronous write per line costs the intake path
  // measurably under load (bench/README.md). pino flushes it on exit.
  return pino(options, destination ? (destination as pino.DestinationStream) : pino.destination({ dest: 1, sync: false }));
}

/** Fields that hold contact data, at the top of a log entry or one level down. */
const CONTACT_FIELDS = new Set(['email', 'phone', 'emailNormalized', 'contact', 'note']);
const CENSOR = '[redacted]';

/**
 * A log entry with every contact field (`email`, `contact`, `lead.email`, …)
 * replaced by "[redacted]", copied only when it has one. pino's `redact`
 * paths did the same through @pinojs/redact, which parses each path and
 * copies the entry on every line: 3 µs and several kilobytes of garbage a
 * line instead of 0.7 µs, on the request and claim lines of every click.
 */
function withoutContactFields(entry: Record<string, unknown>): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(entry)) {
    const value = entry[key];
    if (CONTACT_FIELDS.has(key)) (copy ??= { ...entry })[key] = CENSOR;
    else if (isPlainObject(value) && Object.keys(value).some((k) => CONTACT_FIELDS.has(k))) {
      (copy ??= { ...entry })[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, CONTACT_FIELDS.has(k) ? CENSOR : v]));
    }
  }
  return copy ?? entry;
}

/** Errors keep their own serializer (below), which masks emails anywhere in them. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

const EMAIL = /[^\s"'{}:,<>]+@[^\s"'{}:,<>]+/g;

/** Every string in a serialized error, with anything shaped like an email address masked. */
function masked(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(EMAIL, CENSOR);
  if (Array.isArray(value)) return value.map(masked);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, masked(v)]));
  return value;
}

/**
 * A logged error as pino writes it (type, message, stack, its own fields),
 * with email addresses masked wherever they appear: an error can quote lead
 * data (MongoDB's duplicate-key error names the key it tripped on, in its
 * message and in `keyValue`), which no list of field names can know of.
 */
function errWithoutEmails(error: unknown): unknown {
  return masked(pino.stdSerializers.err(error as Error));
}

/**
 * At debug level the Web API client logs whole request and response bodies:
 * lead messages, so names, emails and phones. Those lines keep their first
 * words and lose the body.
 */
const BODY_LINE = /^(http request body|http request result|http request headers)/;
/** Bolt's receiver quotes the parser's error, which quotes the request body: keep the first words only. */
const PARSE_FAILURE = /^(Parsing request body failed|Failed to read request body|Request body exceeded the maximum allowed size)/;

/** Adapts pino to the logger interface Bolt and the Web API client expect. */
export function toSlackLogger(logger: Logger): SlackLogger {
  const child = logger.child({ component: 'slack' });
  let level = LogLevel.INFO;
  return {
    debug: (...msg) => {
      // Bolt and the Web API client call this for every event and call; at info nothing is built.
      if (!child.isLevelEnabled('debug')) return;
      const line = msg.map(String).join(' ');
      const body = BODY_LINE.exec(line);
      child.debug(body ? `${body[1]} (omitted: may hold lead contact data)` : line);
    },
    info: (...msg) => child.info(msg.map(String).join(' ')),
    warn: (...msg) => child.warn(withoutBody(msg)),
    error: (...msg) => child.error(withoutBody(msg)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

function withoutBody(msg: unknown[]): string {
  const line = msg.map(String).join(' ');
  const failure = PARSE_FAILURE.exec(line);
  return failure ? `${failure[1]} (details omitted: they may quote the request body)` : line;
}
