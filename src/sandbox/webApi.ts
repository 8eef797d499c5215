import express, { type Request, type Response, type Router } from 'express';
import { blockKitProblem } from './blockKitLimits.js';
import { BOT_USER, type Workspace } from './workspace.js';

/**
 * The sandbox's Slack Web API: the methods Leadloop calls, answered in
 * Slack's shapes, with Slack's Block Kit limits (invalid_blocks) and its
 * pace for posting (about one message a second per channel, short bursts
 * allowed, then 429 with Retry-After). The app's real @slack/web-api client
 * talks to it as it would to slack.com/api.
 */
export function webApi(workspace: Workspace, options: { botToken: string; baseUrl: () => string; triggers: Map<string, string> }): Router {
  const { triggers } = options;
  const router = express.Router();
  const buckets = new Map<string, { tokens: number; at: number }>();
  const BURST = 5;

  /** Token bucket per channel: refills one message a second, holds five. */
  const overPace = (channel: string): boolean => {
    const now = Date.now();
    const bucket = buckets.get(channel) ?? { tokens: BURST, at: now };
    bucket.tokens = Math.min(BURST, bucket.tokens + (now - bucket.at) / 1000);
    bucket.at = now;
    buckets.set(channel, bucket);
    if (bucket.tokens < 1) return true;
    bucket.tokens -= 1;
    return false;
  };

  // Private file downloads (a CSV chosen in /leads import) need the bot token, as Slack's do.
  router.get('/files-pri/:id/:name', (req, res) => {
    const file = workspace.fileBytes(String(req.params.id));
    if (!file || req.get('authorization') !== `Bearer ${options.botToken}`) return void res.status(403).type('text/plain').send('forbidden');
    res.type(file.mimetype).send(file.bytes);
  });

  // The upload URL files.getUploadURLExternal hands out.
  router.post('/upload/:id', express.raw({ type: () => true, limit: '50mb' }), async (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const type = req.get('content-type') ?? '';
    let bytes = raw;
    if (type.startsWith('multipart/form-data')) {
      const form = await new globalThis.Response(new Uint8Array(raw), { headers: { 'content-type': type } }).formData();
      const file = [...form.values()].find((v): v is File => typeof v !== 'string');
      bytes = file ? Buffer.from(await file.arrayBuffer()) : Buffer.alloc(0);
    }
    pendingUploads.set(String(req.params.id), bytes);
    res.type('text/plain').send(`OK - ${bytes.length}`);
  });
  const pendingUploads = new Map<string, Buffer>();
  const uploadNames = new Map<string, string>();

  router.post('/api/:method', express.urlencoded({ extended: false, limit: '5mb' }), express.json({ limit: '5mb' }), (req: Request, res: Response) => {
    const method = String(req.params.method);
    const args = webApiArguments(Object.entries((req.body ?? {}) as Record<string, unknown>));
    const token = req.get('authorization')?.replace(/^Bearer /, '') ?? (args.token as string | undefined);
    if (token !== options.botToken) return void res.json({ ok: false, error: 'invalid_auth' });
    if (method === 'chat.postMessage' && overPace(String(args.channel))) {
      res.status(429).set('retry-after', '1').json({ ok: false, error: 'ratelimited' });
      return;
    }
    if (['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'views.open', 'views.publish'].includes(method)) {
      const blocks = method.startsWith('views.') ? (args.view as { blocks?: unknown } | undefined)?.blocks : args.blocks;
      const problem = blockKitProblem(blocks, method.startsWith('views.') ? 100 : 50);
      if (problem) return void res.json({ ok: false, error: 'invalid_blocks', errors: [problem], response_metadata: { messages: [`[ERROR] ${problem}`] } });
    }
    res.json(answer(method, args));
  });

  function answer(method: string, args: Record<string, any>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://leadloop-sandbox.slack.com/', team: 'Leadloop sandbox', user: 'leadloop', team_id: 'T0SANDBOX', user_id: BOT_USER, bot_id: 'B0LEADLOOP', is_enterprise_install: false };
      case 'chat.postMessage': {
        const channel = channelFor(String(args.channel));
        if (!channel) return { ok: false, error: 'channel_not_found' };
        const ts = workspace.newTs();
        workspace.addMessage({ channel, ts, user: BOT_USER, text: String(args.text ?? ''), blocks: (args.blocks as unknown[]) ?? [], ...(args.thread_ts ? { threadTs: String(args.thread_ts) } : {}), ...(args.metadata ? { metadata: args.metadata } : {}) });
        return { ok: true, channel, ts, message: { type: 'message', user: BOT_USER, text: args.text, blocks: args.blocks, ts } };
      }
      case 'chat.update': {
        const updated = workspace.updateMessage(String(args.channel), String(args.ts), { text: String(args.text ?? ''), blocks: (args.blocks as unknown[]) ?? [] });
        return updated ? { ok: true, channel: args.channel, ts: args.ts, text: args.text } : { ok: false, error: 'message_not_found' };
      }
      case 'chat.postEphemeral': {
        const channel = channelFor(String(args.channel));
        if (!channel) return { ok: false, error: 'channel_not_found' };
        const ts = workspace.newTs();
        workspace.addEphemeral({ channel, user: String(args.user), ts, text: String(args.text ?? ''), blocks: (args.blocks as unknown[]) ?? [] });
        return { ok: true, message_ts: ts };
      }
      case 'conversations.open': {
        const user = String(args.users ?? '').split(',')[0] ?? '';
        if (!workspace.people.some((p) => p.id === user)) return { ok: false, error: 'user_not_found' };
        return { ok: true, no_op: true, already_open: true, channel: { id: dmOf(user) } };
      }
      case 'conversations.history': {
        const oldest = Number(args.oldest ?? 0);
        const messages = workspace.messages
          .filter((m) => m.channel === args.channel && !m.threadTs && Number(m.ts) >= oldest)
          .sort((a, b) => Number(b.ts) - Number(a.ts))
          .map((m) => ({ type: 'message', ts: m.ts, text: m.text, user: m.user, ...(String(args.include_all_metadata) === 'true' && m.metadata ? { metadata: m.metadata } : {}) }));
        return { ok: true, messages, has_more: false, pin_count: 0, response_metadata: { next_cursor: '' } };
      }
      case 'views.open': {
        const trigger = triggers.get(String(args.trigger_id));
        if (!trigger) return { ok: false, error: 'invalid_trigger_id' };
        triggers.delete(String(args.trigger_id));
        const open = workspace.openView(trigger, args.view as Record<string, any>);
        return { ok: true, view: { ...(args.view as object), id: open.id } };
      }
      case 'views.publish':
        workspace.publishHome(String(args.user_id), args.view);
        return { ok: true, view: { ...(args.view as object), id: workspace.newId('V') } };
      case 'users.info': {
        const person = workspace.people.find((p) => p.id === args.user);
        if (!person) return { ok: false, error: 'user_not_found' };
        // The sandbox's admin is also the workspace's owner, so they can open /leads settings first.
        const admin = person.role === 'admin';
        return { ok: true, user: { id: person.id, name: person.name.toLowerCase().replace(/\s+/g, '.'), real_name: person.name, tz: 'Europe/Berlin', is_admin: admin, is_owner: admin, is_primary_owner: admin, is_bot: false, profile: { real_name: person.name, display_name: person.name, title: person.title } } };
      }
      case 'usergroups.users.list':
        return { ok: false, error: 'no_such_subteam' };
      case 'files.getUploadURLExternal': {
        const fileId = workspace.newId('F');
        uploadNames.set(fileId, String(args.filename ?? 'file'));
        return { ok: true, upload_url: `${options.baseUrl()}upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = (args.files as Array<{ id: string; title?: string }>).map((f) => {
          const bytes = pendingUploads.get(f.id) ?? Buffer.alloc(0);
          const name = uploadNames.get(f.id) ?? f.id;
          const mimetype = /\.png$/i.test(name) ? 'image/png' : /\.csv$/i.test(name) ? 'text/csv' : 'application/octet-stream';
          const id = workspace.addFile(name, f.title ?? name, mimetype, bytes);
          return { id, name, title: f.title ?? name, mimetype };
        });
        const channel = args.channel_id ? channelFor(String(args.channel_id)) : null;
        if (channel) {
          workspace.addMessage({ channel, ts: workspace.newTs(), user: BOT_USER, text: String(args.initial_comment ?? ''), blocks: [], files, ...(args.thread_ts ? { threadTs: String(args.thread_ts) } : {}) });
        }
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  /** A channel id, or a person's id / DM id as the app's direct message with them. */
  function channelFor(id: string): string | null {
    if (workspace.channels.some((c) => c.id === id)) return id;
    const person = workspace.people.find((p) => p.id === id || dmOf(p.id) === id);
    return person ? dmOf(person.id) : null;
  }

  return router;
}

/** The app's direct message with a person. */
export function dmOf(user: string): string {
  return `D${user.slice(1)}`;
}

/** The Web API client sends form-encoded bodies whose object values are JSON strings: the arguments, decoded. */
export function webApiArguments(entries: Iterable<[string, unknown]>): Record<string, any> {
  const args: Record<string, any> = {};
  for (const [key, value] of entries) {
    args[key] = typeof value === 'string' && /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return args;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
