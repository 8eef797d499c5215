import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { slackFixture } from './fixtures.js';
import { blockKitProblem } from '../../src/sandbox/blockKitLimits.js';
import { webApiArguments } from '../../src/sandbox/webApi.js';

/** One Web API call as the fake received it, with JSON-encoded arguments decoded. */
export type RecordedCall = {
  method: string;
  args: Record<string, any>;
  token: string | undefined;
  at: number;
  /** The HTTP status the fake answered with. */
  status: number;
  /** What the fake answered; undefined when it failed at the HTTP level. */
  response?: Record<string, any>;
};

/** How the fake answers a call instead of succeeding. */
export type Failure =
  | { status: 429; retryAfter: number }
  | { status: 500 | 502 | 503 }
  | { error: string }
  /** Succeeds, but only after `ms` — to exceed the client's timeout. */
  | { delayMs: number }
  /** Does the work, then drops the connection without answering. */
  | { dropAfterSuccess: true };

type StoredMessage = { channel: string; ts: string; text: string; blocks: unknown[]; metadata?: unknown };

/**
 * A local Slack Web API for tests. Answers with the shapes in
 * test/fixtures/slack (real Slack responses), records every call, keeps the
 * messages it was asked to post, and fails on demand.
 */
export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly messages = new Map<string, StoredMessage>();
  private readonly failures = new Map<string, Failure[]>();
  private server: Server | undefined;
  private counter = 100;
  /** chat.postMessage calls per channel in the current second, when limited. */
  private postsThisSecond = new Map<string, { second: number; count: number }>();
  /** Modals the app opened, newest last. */
  readonly views: Array<{ trigger_id: string; view: any }> = [];
  /** The WebSocket URL apps.connections.open hands out (see FakeSocketMode). */
  socketModeUrl: string | undefined;

  /**
   * @param postsPerSecondPerChannel Slack's own limit for chat.postMessage is
   *   about 1 per second per channel (LIMITS.md §4); set it to answer 429 with
   *   Retry-After past that, as Slack does. Unlimited by default.
   */
  constructor(private readonly postsPerSecondPerChannel = Infinity) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/api/`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next `times` calls of `method` fail this way (queued in order); with `channel`, only calls about that channel. */
  failNext(method: string, failure: Failure, times = 1, channel?: string): void {
    const key = channel ? `${method}#${channel}` : method;
    const queue = this.failures.get(key) ?? [];
    for (let i = 0; i < times; i++) queue.push(failure);
    this.failures.set(key, queue);
  }

  /**
   * The next call of `method` does its work (a post lands in the channel, where
   * people see it) but its answer is held until `release()`: the moment after
   * Slack took a call and before the app heard back.
   */
  holdNextAnswer(method: string): { answered: Promise<RecordedCall>; release(): void } {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let done!: (call: RecordedCall) => void;
    const answered = new Promise<RecordedCall>((r) => (done = r));
    const queue = this.holds.get(method) ?? [];
    queue.push({ done, released });
    this.holds.set(method, queue);
    return { answered, release };
  }

  private readonly holds = new Map<string, Array<{ done: (call: RecordedCall) => void; released: Promise<void> }>>();

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Successful calls only: what Slack actually accepted. */
  accepted(method: string): RecordedCall[] {
    return this.callsTo(method).filter((c) => c.response?.ok === true);
  }

  reset(): void {
    this.calls.length = 0;
    this.messages.clear();
    this.failures.clear();
    this.holds.clear();
    this.views.length = 0;
    this.uploads.clear();
    this.homes.clear();
    this.missingChannels.clear();
    this.channelsWithoutApp.clear();
    this.unknownUsers.clear();
  }

  /** Files people "uploaded" in a modal's file input, served at their private download URL. */
  private readonly hosted = new Map<string, Buffer>();

  /** A file as Slack describes it in a view submission's file_input, downloadable with the bot token. */
  hostFile(name: string, content: string | Buffer): { id: string; name: string; title: string; filetype: string; mimetype: string; size: number; url_private: string; url_private_download: string } {
    const id = `F${this.counter++}`;
    const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    this.hosted.set(id, bytes);
    const url = this.url.replace(/\/api\/$/, `/files-pri/${id}/${encodeURIComponent(name)}`);
    return { id, name, title: name, filetype: 'csv', mimetype: 'text/csv', size: bytes.length, url_private: url, url_private_download: `${url}?download=1` };
  }

  /** Workspace owners and admins (users.info `is_owner` / `is_admin`); everyone else is a plain member. */
  readonly workspaceAdmins = new Set<string>();
  readonly workspaceOwners = new Set<string>();

  /** Channels that do not exist (conversations.info: channel_not_found; chat.postMessage: channel_not_found). */
  readonly missingChannels = new Set<string>();
  /** Channels Leadloop is not in (conversations.info: is_member false; chat.postMessage: not_in_channel). */
  readonly channelsWithoutApp = new Set<string>();
  /** Users' time zones (users.info `tz`); the fixture's (America/Los_Angeles) for anyone not named. */
  readonly userTimeZones = new Map<string, string>();
  /** User IDs that are no user of the workspace (users.info: user_not_found). */
  readonly unknownUsers = new Set<string>();

  /** User groups and their members, for usergroups.users.list. */
  readonly userGroups = new Map<string, string[]>();

  /** Each user's Home tab as last published. */
  readonly homes = new Map<string, any>();
  /** Files uploaded through files.getUploadURLExternal's upload URL, by file id. */
  readonly uploads = new Map<string, Buffer>();

  /** Where a slash command's delayed answers go (its response_url). */
  responseUrl(id: string): string {
    return this.url.replace(/\/api\/$/, `/response/${id}`);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if ((req.url ?? '').startsWith('/files-pri/')) {
      // Private file URLs need the bot token, as Slack's do.
      const id = req.url!.split('/')[2]!;
      const file = this.hosted.get(id);
      this.calls.push({ method: 'file_download', args: { id }, token: req.headers.authorization?.replace(/^Bearer /, ''), at: Date.now(), status: 200 });
      if (!file || req.headers.authorization !== 'Bearer xoxb-test-token') {
        res.writeHead(403, { 'content-type': 'text/plain' });
        res.end('forbidden');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/csv' });
      res.end(file);
      return;
    }
    if ((req.url ?? '').startsWith('/upload/')) {
      // The upload URL handed out by files.getUploadURLExternal: keeps the bytes.
      const id = req.url!.slice('/upload/'.length);
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const raw = Buffer.concat(chunks);
      const contentType = req.headers['content-type'] ?? '';
      // The Web API client sends the file as multipart form data; keep the file's own bytes.
      if (contentType.startsWith('multipart/form-data')) {
        const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
        const file = [...form.values()].find((v): v is File => typeof v !== 'string');
        this.uploads.set(id, file ? Buffer.from(await file.arrayBuffer()) : Buffer.alloc(0));
      } else {
        this.uploads.set(id, raw);
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`OK - ${this.uploads.get(id)!.length}`);
      return;
    }
    if ((req.url ?? '').startsWith('/response/')) {
      // A response_url: recorded as a call named "response_url", answered like Slack's webhooks.
      const args = parseBody(await readBody(req), req.headers['content-type'] ?? '');
      this.calls.push({ method: 'response_url', args: { ...args, id: req.url!.slice('/response/'.length) }, token: undefined, at: Date.now(), status: 200, response: { ok: true } });
      return json(res, { ok: true });
    }
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0]!;
    const args = parseBody(await readBody(req), req.headers['content-type'] ?? '');
    const token = req.headers.authorization?.replace(/^Bearer /, '') ?? (args.token as string | undefined);
    const call: RecordedCall = { method, args, token, at: Date.now(), status: 200 };
    this.calls.push(call);

    const failure = this.failures.get(`${method}#${String(args.channel ?? '')}`)?.shift() ?? this.failures.get(method)?.shift();
    if (failure && 'status' in failure) {
      call.status = failure.status;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (failure.status === 429) headers['retry-after'] = String(failure.retryAfter);
      res.writeHead(failure.status, headers);
      res.end(failure.status === 429 ? JSON.stringify(slackFixture('error.ratelimited.json')) : 'upstream error');
      return;
    }
    if (!failure && method === 'chat.postMessage' && this.overPostLimit(String(args.channel))) {
      call.status = 429;
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
      res.end(JSON.stringify(slackFixture('error.ratelimited.json')));
      return;
    }
    if (failure && 'error' in failure) {
      call.response = { ok: false, error: failure.error };
      return json(res, call.response);
    }
    if (failure && 'delayMs' in failure) await new Promise((r) => setTimeout(r, failure.delayMs));
    if (failure && 'dropAfterSuccess' in failure) {
      call.response = this.answer(method, args);
      req.socket.destroy();
      return;
    }

    call.response = this.answer(method, args);
    const hold = this.holds.get(method)?.shift();
    if (hold) {
      hold.done(call);
      await hold.released;
    }
    json(res, call.response);
  }

  private answer(method: string, args: Record<string, any>): Record<string, any> {
    if (['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'views.open', 'views.publish'].includes(method)) {
      const problem = blockKitProblem(method.startsWith('views.') ? args.view?.blocks : args.blocks, method.startsWith('views.') ? 100 : 50);
      if (problem) return { ok: false, error: 'invalid_blocks', errors: [problem], response_metadata: { messages: [`[ERROR] ${problem}`] } };
    }
    switch (method) {
      case 'auth.test':
        return slackFixture('auth.test.ok.bot_token.json');
      case 'apps.connections.open':
        return this.socketModeUrl ? { ok: true, url: this.socketModeUrl } : { ok: false, error: 'invalid_auth' };
      case 'chat.postMessage': {
        if (this.missingChannels.has(String(args.channel))) return slackFixture('error.channel_not_found.json');
        if (this.channelsWithoutApp.has(String(args.channel))) return slackFixture('error.not_in_channel.json');
        const ts = this.newTs();
        this.messages.set(`${args.channel}/${ts}`, { channel: args.channel, ts, text: args.text, blocks: args.blocks ?? [], metadata: args.metadata });
        const base = slackFixture<Record<string, any>>('chat.postMessage.ok.json');
        return { ...base, channel: args.channel, ts, message: { ...base.message, text: args.text, blocks: args.blocks, ts } };
      }
      case 'chat.update': {
        const key = `${args.channel}/${args.ts}`;
        if (!this.messages.has(key)) return { ok: false, error: 'message_not_found' };
        this.messages.set(key, { ...this.messages.get(key)!, text: args.text, blocks: args.blocks ?? [] });
        const base = slackFixture<Record<string, any>>('chat.update.ok.json');
        return { ...base, channel: args.channel, ts: args.ts, text: args.text, message: { ...base.message, text: args.text } };
      }
      case 'conversations.history': {
        // Newest first, as Slack returns them; metadata only when asked for.
        const messages = [...this.messages.values()]
          .filter((m) => m.channel === args.channel && Number(m.ts) >= Number(args.oldest ?? 0))
          .sort((a, b) => Number(b.ts) - Number(a.ts))
          .map((m) => ({ type: 'message', ts: m.ts, text: m.text, ...(String(args.include_all_metadata) === 'true' && m.metadata ? { metadata: m.metadata } : {}) }));
        return { ok: true, messages, has_more: false, pin_count: 0, response_metadata: { next_cursor: '' } };
      }
      case 'views.open': {
        const base = slackFixture<Record<string, any>>('views.open.ok.json');
        this.views.push({ trigger_id: args.trigger_id, view: args.view });
        return { ...base, view: { ...base.view, ...args.view, id: `V${this.counter++}` } };
      }
      case 'files.getUploadURLExternal': {
        const fileId = `F${this.counter++}`;
        return { ...slackFixture('files.getUploadURLExternal.ok.json'), upload_url: this.url.replace(/\/api\/$/, `/upload/${fileId}`), file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = (args.files as Array<{ id: string; title?: string }>).map((f) => ({ id: f.id, title: f.title ?? '' }));
        return { ...slackFixture('files.completeUploadExternal.ok.json'), files };
      }
      case 'conversations.info': {
        const id = String(args.channel ?? '');
        if (this.missingChannels.has(id) || !/^[CGD][A-Z0-9]+$/.test(id)) return slackFixture('error.channel_not_found.json');
        const base = slackFixture<Record<string, any>>('conversations.info.ok.json');
        return { ...base, channel: { ...base.channel, id, name: id.toLowerCase(), is_general: false, is_member: !this.channelsWithoutApp.has(id) } };
      }
      case 'users.info': {
        const id = String(args.user ?? '');
        if (!/^[UW][A-Z0-9]+$/.test(id) || this.unknownUsers.has(id)) return { ok: false, error: 'user_not_found' };
        const base = slackFixture<Record<string, any>>('users.info.ok.json');
        const owner = this.workspaceOwners.has(id);
        const tz = this.userTimeZones.get(id);
        return { ...base, user: { ...base.user, id, name: id.toLowerCase(), is_admin: owner || this.workspaceAdmins.has(id), is_owner: owner, is_primary_owner: false, ...(tz ? { tz } : {}) } };
      }
      case 'conversations.open': {
        // One IM per user, named after them so a test can tell whose it is.
        const user = String(args.users ?? '').split(',')[0] ?? '';
        if (!/^[UW][A-Z0-9]+$/.test(user)) return { ok: false, error: 'user_not_found' };
        const base = slackFixture<Record<string, any>>('conversations.open.ok.json');
        return { ...base, channel: { ...base.channel, id: `D${user}` } };
      }
      case 'usergroups.users.list': {
        const members = this.userGroups.get(String(args.usergroup));
        return members ? { ...slackFixture('usergroups.users.list.ok.json'), users: members } : { ok: false, error: 'no_such_subteam' };
      }
      case 'views.publish': {
        this.homes.set(args.user_id, args.view);
        const base = slackFixture<Record<string, any>>('views.publish.ok.json');
        return { ...base, view: { ...base.view, ...args.view } };
      }
      case 'chat.postEphemeral':
        return { ...slackFixture('chat.postEphemeral.ok.json'), message_ts: this.newTs() };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private overPostLimit(channel: string): boolean {
    if (this.postsPerSecondPerChannel === Infinity) return false;
    const second = Math.floor(Date.now() / 1000);
    const window = this.postsThisSecond.get(channel);
    if (!window || window.second !== second) {
      this.postsThisSecond.set(channel, { second, count: 1 });
      return false;
    }
    window.count += 1;
    return window.count > this.postsPerSecondPerChannel;
  }

  /** Like Slack's: seconds of the wall clock, then a unique suffix. */
  private newTs(): string {
    return `${Math.floor(Date.now() / 1000)}.${String(this.counter++ % 1_000_000).padStart(6, '0')}`;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The Web API client sends form-encoded bodies whose object values are JSON strings. */
function parseBody(raw: string, contentType: string): Record<string, any> {
  if (contentType.includes('application/json')) return raw ? JSON.parse(raw) : {};
  return webApiArguments(new URLSearchParams(raw));
}

function json(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
