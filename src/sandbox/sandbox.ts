import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express, { type Express } from 'express';
import { sandboxPage } from './page.js';
import { appHomeOpened, blockActions, signed, slashCommand, viewSubmission } from './slackRequests.js';
import { dmOf, webApi } from './webApi.js';
import { BOT_USER, Workspace, type Person } from './workspace.js';

/**
 * The local sandbox: a Slack stand-in at the edge, for trying Leadloop
 * without a Slack app. Its Web API runs on a port of its own (the app checks
 * its token before it listens); the page at /sandbox is served by the app's
 * own port. Every click, command and modal goes to the app's real
 * /slack/events as a request signed the way Slack signs it.
 */

export const SANDBOX_PEOPLE: Person[] = [
  { id: 'U0SBXREP01', name: 'Riley Rep', title: 'Account Executive', role: 'sales' },
  { id: 'U0SBXREP02', name: 'Sam Rep', title: 'Account Executive', role: 'sales' },
  { id: 'U0SBXMKT01', name: 'Mia Marketer', title: 'Demand Generation', role: 'marketing' },
  { id: 'U0SBXADM01', name: 'Ada Admin', title: 'RevOps', role: 'admin' },
];
const LEADS = { id: 'C0SBXLEADS', name: 'leads', purpose: 'New qualified leads, for sales to claim' };
const DIGEST = { id: 'C0SBXDIGST', name: 'marketing-digest', purpose: 'The weekly closed-loop digest' };

/** No Slack setting at all and not in production: the sandbox is the embedded default. */
export function wantsSandbox(env: NodeJS.ProcessEnv): boolean {
  const slack = ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET'].some((name) => (env[name] ?? '') !== '');
  return !slack && env.NODE_ENV !== 'production';
}

export type Sandbox = {
  /** The settings the app starts with: the stand-in's URL, its channels, roles and a generated intake token. */
  env: Record<string, string>;
  intakeToken: string;
  /** Mounts the page and its endpoints on the app's HTTP server. */
  routes(http: Express): void;
  /** Once the app listens: where its /slack/events is, and how to run the digest now. */
  attach(app: { url: string; runDigestNow: () => Promise<unknown> }): void;
  /** Answers the pages' long polls, so the app's server can stop at once. */
  release(): void;
  stop(): Promise<void>;
};

export async function startSandbox(env: NodeJS.ProcessEnv): Promise<Sandbox> {
  const botToken = 'xoxb-sandbox-0000000000-leadloop';
  const signingSecret = randomBytes(16).toString('hex');
  const intakeToken = env.INTAKE_API_TOKEN || `sandbox-${randomBytes(12).toString('hex')}`;
  const workspace = new Workspace(SANDBOX_PEOPLE, [LEADS, DIGEST], join(env.LEADLOOP_DATA_DIR || '.leadloop-data', 'sandbox-workspace.json'));
  const triggers = new Map<string, string>();

  // The Web API, on a loopback port of its own.
  const standIn = express();
  let apiBase = '';
  standIn.use('/', webApi(workspace, { botToken, baseUrl: () => apiBase, triggers }));
  const server = await new Promise<Server>((resolve) => {
    const s = standIn.listen(0, '127.0.0.1', () => resolve(s));
  });
  apiBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  let app: { url: string; runDigestNow: () => Promise<unknown> } | null = null;
  const person = (id: unknown) => SANDBOX_PEOPLE.find((p) => p.id === id) ?? null;
  const channelOf = (id: string) => [LEADS, DIGEST].find((c) => c.id === id) ?? { id, name: 'direct message' };
  const newTrigger = (user: string) => {
    const id = `${Date.now()}.${randomBytes(4).toString('hex')}.sandbox`;
    triggers.set(id, user);
    return id;
  };
  /** response_url answers: which person and channel each belongs to. */
  const responses = new Map<string, { user: string; channel: string }>();
  const responseUrl = (user: string, channel: string) => {
    const key = randomBytes(8).toString('hex');
    responses.set(key, { user, channel });
    return `${app!.url}/sandbox/response/${key}`;
  };

  async function toSlackEvents(body: string, contentType: string): Promise<{ status: number; text: string }> {
    if (!app) throw new Error('the app is not listening yet');
    const request = signed(signingSecret, body, contentType);
    const res = await fetch(`${app.url}/slack/events`, { method: 'POST', headers: request.headers, body: request.body });
    return { status: res.status, text: await res.text() };
  }

  /** A command's or a click's immediate answer, shown to that person only. */
  function showAnswer(text: string, user: string, channel: string, responseKey?: string) {
    if (!text.trim()) return;
    let answer: { text?: string; blocks?: unknown[] } = {};
    try {
      answer = JSON.parse(text) as typeof answer;
    } catch {
      answer = { text };
    }
    if (answer.text || answer.blocks) workspace.addEphemeral({ channel, user, ts: workspace.newTs(), text: answer.text ?? '', blocks: answer.blocks ?? [], ...(responseKey ? { responseKey } : {}) });
  }

  return {
    env: {
      SLACK_BOT_TOKEN: botToken,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: `${apiBase}api/`,
      LEADS_CHANNEL_ID: LEADS.id,
      DIGEST_CHANNEL_ID: DIGEST.id,
      INTAKE_API_TOKEN: intakeToken,
      LEADLOOP_SALES: SANDBOX_PEOPLE.filter((p) => p.role === 'sales').map((p) => p.id).join(','),
      LEADLOOP_MARKETING: SANDBOX_PEOPLE.filter((p) => p.role === 'marketing').map((p) => p.id).join(','),
      LEADLOOP_ADMINS: SANDBOX_PEOPLE.filter((p) => p.role === 'admin').map((p) => p.id).join(','),
    },
    intakeToken,
    routes(http) {
      http.get('/sandbox', (_req, res) => void res.type('html').set('cache-control', 'no-store').send(sandboxPage()));
      http.get('/sandbox/files/:id', (req, res) => {
        const file = workspace.fileBytes(String(req.params.id));
        if (!file) return void res.status(404).send('no such file');
        res.type(file.mimetype).send(file.bytes);
      });

      // What one person sees, once something changed after the version the page has (a long poll).
      http.get('/sandbox/state', async (req, res) => {
        const me = person(req.query.user) ?? SANDBOX_PEOPLE[0]!;
        await workspace.changeAfter(Number(req.query.since ?? 0), 20_000);
        const dm = dmOf(me.id);
        res.set('cache-control', 'no-store').json({
          version: workspace.version,
          me,
          people: SANDBOX_PEOPLE,
          bot: BOT_USER,
          channels: [LEADS, DIGEST],
          dm,
          intakeToken,
          messages: workspace.messages.filter((m) => m.channel === LEADS.id || m.channel === DIGEST.id || m.channel === dm),
          ephemerals: workspace.ephemerals.filter((e) => e.user === me.id),
          view: workspace.views.find((v) => v.user === me.id) ?? null,
          home: workspace.home(me.id) ?? null,
        });
      });

      // A response_url: the app's delayed answer to a command or a click.
      http.post('/sandbox/response/:key', express.json({ limit: '1mb' }), (req, res) => {
        const target = responses.get(String(req.params.key));
        if (!target) return void res.status(404).json({ ok: false, error: 'expired_url' });
        const body = req.body as { text?: string; blocks?: unknown[]; response_type?: string; replace_original?: boolean; delete_original?: boolean };
        if (body.response_type === 'in_channel') {
          workspace.addMessage({ channel: target.channel, ts: workspace.newTs(), user: BOT_USER, text: body.text ?? '', blocks: body.blocks ?? [] });
        } else if (body.replace_original) {
          workspace.replaceEphemeral(String(req.params.key), { channel: target.channel, user: target.user, text: body.text ?? '', blocks: body.blocks ?? [] });
        } else {
          workspace.addEphemeral({ channel: target.channel, user: target.user, ts: workspace.newTs(), text: body.text ?? '', blocks: body.blocks ?? [], responseKey: String(req.params.key) });
        }
        res.json({ ok: true });
      });

      // Everything a person does on the page.
      http.post('/sandbox/act', express.json({ limit: '30mb' }), async (req, res) => {
        const act = req.body as Record<string, any>;
        const me = person(act.user);
        if (!me) return void res.status(400).json({ ok: false, error: 'Pick who you are first.' });
        const user = { id: me.id, name: me.name.toLowerCase().replace(/\s+/g, '.') };
        try {
          switch (act.type) {
            case 'command': {
              const channel = channelOf(String(act.channel ?? LEADS.id));
              const url = responseUrl(me.id, channel.id);
              const key = url.split('/').at(-1)!;
              const answer = await toSlackEvents(slashCommand(user, String(act.text ?? '').replace(/^\/leads\s*/, ''), channel, url, newTrigger(me.id)), 'application/x-www-form-urlencoded');
              showAnswer(answer.text, me.id, channel.id, key);
              return void res.json({ ok: answer.status === 200, status: answer.status });
            }
            case 'click': {
              const where = act.where as { kind: 'message' | 'ephemeral' | 'home' | 'modal'; channel?: string; ts?: string; viewId?: string };
              let target: Parameters<typeof blockActions>[0]['where'];
              let channel = channelOf(where.channel ?? dmOf(me.id));
              if (where.kind === 'message' || where.kind === 'ephemeral') {
                const message = where.kind === 'message' ? workspace.messages.find((m) => m.channel === where.channel && m.ts === where.ts) : workspace.ephemerals.find((e) => e.user === me.id && e.ts === where.ts);
                if (!message) return void res.status(404).json({ ok: false, error: 'That message is gone.' });
                channel = channelOf(message.channel);
                target = { kind: 'message', channel, message: { ts: message.ts, text: message.text, blocks: message.blocks }, ephemeral: where.kind === 'ephemeral' };
              } else if (where.kind === 'home') {
                target = { kind: 'home', view: { id: `VHOME${me.id}`, type: 'home', ...(workspace.home(me.id) as object) } };
              } else {
                const open = workspace.views.find((v) => v.id === where.viewId);
                if (!open) return void res.status(404).json({ ok: false, error: 'That form is closed.' });
                target = { kind: 'modal', view: { ...open.view, id: open.id } };
              }
              const url = responseUrl(me.id, channel.id);
              const answer = await toSlackEvents(blockActions({ user, action: act.action, triggerId: newTrigger(me.id), responseUrl: url, where: target }), 'application/x-www-form-urlencoded');
              return void res.json({ ok: answer.status === 200, status: answer.status });
            }
            case 'submit': {
              const open = workspace.views.find((v) => v.id === act.viewId && v.user === me.id);
              if (!open) return void res.status(404).json({ ok: false, error: 'That form is closed.' });
              const answer = await toSlackEvents(viewSubmission(user, { ...open.view, id: open.id }, act.values ?? {}, newTrigger(me.id)), 'application/x-www-form-urlencoded');
              let reply: { response_action?: string; errors?: Record<string, string>; view?: Record<string, any> } = {};
              try {
                reply = answer.text ? (JSON.parse(answer.text) as typeof reply) : {};
              } catch {
                reply = {};
              }
              if (reply.response_action === 'errors') workspace.viewErrors(open.id, reply.errors);
              else if (reply.response_action === 'update' && reply.view) workspace.openView(me.id, reply.view);
              else if (answer.status === 200) workspace.closeView(open.id);
              return void res.json({ ok: answer.status === 200, status: answer.status, errors: reply.errors ?? null });
            }
            case 'close': {
              const open = workspace.views.find((v) => v.id === act.viewId && v.user === me.id);
              if (open) workspace.closeView(open.id);
              return void res.json({ ok: true });
            }
            case 'home_opened': {
              const answer = await toSlackEvents(appHomeOpened(me.id, dmOf(me.id)), 'application/json');
              return void res.json({ ok: answer.status === 200 });
            }
            case 'upload': {
              // A file chosen in a modal's file input, as Slack hosts it (private, needs the bot token).
              const bytes = Buffer.from(String(act.contentBase64 ?? ''), 'base64');
              const name = String(act.name ?? 'leads.csv');
              const id = workspace.addFile(name, name, 'text/csv', bytes);
              const url = `${apiBase}files-pri/${id}/${encodeURIComponent(name)}`;
              return void res.json({ ok: true, file: { id, name, title: name, filetype: 'csv', mimetype: 'text/csv', size: bytes.length, url_private: url, url_private_download: `${url}?download=1` } });
            }
            case 'sample_leads': {
              const results = [];
              for (const lead of sampleLeads()) {
                const r = await fetch(`${app!.url}/api/leads`, { method: 'POST', headers: { authorization: `Bearer ${intakeToken}`, 'content-type': 'application/json' }, body: JSON.stringify(lead) });
                results.push(r.status);
              }
              return void res.json({ ok: results.every((s) => s === 201 || s === 200), results });
            }
            case 'digest':
              await app!.runDigestNow();
              return void res.json({ ok: true });
            default:
              return void res.status(400).json({ ok: false, error: `unknown action ${String(act.type)}` });
          }
        } catch (error) {
          res.status(500).json({ ok: false, error: (error as Error).message });
        }
      });
    },
    attach(running) {
      app = running;
    },
    release: () => workspace.release(),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A few realistic leads: three that qualify, one for nurture; each send has new addresses, so they are new leads. */
function sampleLeads(): Array<Record<string, unknown>> {
  const n = Date.now().toString(36).slice(-5);
  return [
    { contact: { name: 'Dana Whitfield', email: `dana.${n}@northwind.example`, phone: '+1 415 555 0134', title: 'VP Operations' }, company: { name: 'Northwind Freight', domain: 'northwind.example', size: '201-500', industry: 'Logistics', country: 'US' }, source: 'webinar', campaign: 'q4-ops', qualification: { need: 'clear', budget: 'approved', authority: 'decision_maker', timeline: 'this_quarter' }, note: 'Asked for a demo after the webinar' },
    { contact: { name: 'Jonas Berger', email: `jonas.${n}@alpenlog.example`, title: 'Head of Logistics' }, company: { name: 'Alpen Logistik GmbH', size: '51-200', industry: 'Logistics', country: 'DE' }, source: 'ads', campaign: 'retargeting', qualification: { need: 'clear', budget: 'planned', authority: 'influencer', timeline: 'next_quarter' } },
    { contact: { name: 'Amélie Laurent', email: `amelie.${n}@cargolux.example`, title: 'COO' }, company: { name: 'Cargo Lumière', size: '1000+', industry: 'Transport', country: 'FR' }, source: 'events', campaign: 'trade-show', qualification: { need: 'some', budget: 'approved', authority: 'decision_maker', timeline: 'this_quarter' } },
    { contact: { name: 'Sam Student', email: `sam.${n}@uni.example` }, company: { name: 'University' }, source: 'web', qualification: { need: 'none', budget: 'none', authority: 'user', timeline: 'later' } },
  ];
}
