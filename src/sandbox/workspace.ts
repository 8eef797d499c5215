import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The sandbox's Slack workspace: who is in it, its channels, and everything
 * the app posted (messages, threads, private replies, modals, Home tabs,
 * files). Kept in memory and written to a file after each change, so a page
 * left open finds everything again after a restart.
 */

export type Person = { id: string; name: string; title: string; role: string };
export type Channel = { id: string; name: string; purpose: string };

export type Message = {
  channel: string;
  ts: string;
  /** The app (bot) or a person. */
  user: string;
  text: string;
  blocks: unknown[];
  threadTs?: string;
  metadata?: unknown;
  files?: Array<{ id: string; name: string; title: string; mimetype: string }>;
  edited?: boolean;
};

/** A reply only one person sees (chat.postEphemeral, a command's answer). */
export type Ephemeral = { channel: string; user: string; ts: string; text: string; blocks: unknown[]; responseKey?: string };

export type OpenView = { id: string; user: string; view: Record<string, any>; errors?: Record<string, string> };

type State = {
  counter: number;
  messages: Message[];
  ephemerals: Ephemeral[];
  views: OpenView[];
  homes: Record<string, unknown>;
  files: Record<string, { name: string; title: string; mimetype: string; base64: string }>;
};

export const BOT_USER = 'U0LEADLOOP';

export class Workspace {
  private state: State = { counter: 1000, messages: [], ephemerals: [], views: [], homes: {}, files: {} };
  /** Bumped on every change; the page asks for what happened after the version it has. */
  version = Date.now();
  private waiters: Array<() => void> = [];

  constructor(
    readonly people: Person[],
    readonly channels: Channel[],
    private readonly file: string | null,
  ) {
    if (file && existsSync(file)) {
      try {
        this.state = { ...this.state, ...(JSON.parse(readFileSync(file, 'utf8')) as State) };
      } catch {
        // An unreadable file starts an empty workspace; the leads themselves are in the database.
      }
    }
  }

  get messages(): readonly Message[] {
    return this.state.messages;
  }
  get ephemerals(): readonly Ephemeral[] {
    return this.state.ephemerals;
  }
  get views(): readonly OpenView[] {
    return this.state.views;
  }
  home(user: string): unknown {
    return this.state.homes[user];
  }
  fileBytes(id: string): { name: string; mimetype: string; bytes: Buffer } | null {
    const f = this.state.files[id];
    return f ? { name: f.name, mimetype: f.mimetype, bytes: Buffer.from(f.base64, 'base64') } : null;
  }

  /** Like Slack's: seconds of the wall clock, then a unique suffix. */
  newTs(): string {
    this.state.counter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.state.counter % 1_000_000).padStart(6, '0')}`;
  }
  newId(prefix: string): string {
    this.state.counter += 1;
    return `${prefix}${this.state.counter.toString(36).toUpperCase().padStart(8, '0')}`;
  }

  addMessage(message: Message): void {
    this.state.messages.push(message);
    this.changed();
  }
  updateMessage(channel: string, ts: string, change: Partial<Message>): boolean {
    const message = this.state.messages.find((m) => m.channel === channel && m.ts === ts);
    if (!message) return false;
    Object.assign(message, change, { edited: true });
    this.changed();
    return true;
  }
  addEphemeral(ephemeral: Ephemeral): void {
    this.state.ephemerals.push(ephemeral);
    this.changed();
  }
  /** A response_url answer with replace_original: the ephemeral it answers is replaced. */
  replaceEphemeral(responseKey: string, change: Omit<Ephemeral, 'ts' | 'responseKey'>): void {
    const earlier = this.state.ephemerals.filter((e) => e.responseKey === responseKey).at(-1);
    if (earlier) Object.assign(earlier, change);
    else this.state.ephemerals.push({ ...change, ts: this.newTs(), responseKey });
    this.changed();
  }
  openView(user: string, view: Record<string, any>): OpenView {
    const open = { id: this.newId('V'), user, view };
    this.state.views = [...this.state.views.filter((v) => v.user !== user), open];
    this.changed();
    return open;
  }
  viewErrors(id: string, errors: Record<string, string> | undefined): void {
    const open = this.state.views.find((v) => v.id === id);
    if (open) {
      open.errors = errors;
      this.changed();
    }
  }
  closeView(id: string): void {
    this.state.views = this.state.views.filter((v) => v.id !== id);
    this.changed();
  }
  publishHome(user: string, view: unknown): void {
    this.state.homes[user] = view;
    this.changed();
  }
  addFile(name: string, title: string, mimetype: string, bytes: Buffer): string {
    const id = this.newId('F');
    this.state.files[id] = { name, title, mimetype, base64: bytes.toString('base64') };
    this.changed();
    return id;
  }

  private closing = false;

  /** Answers every waiting page now and from now on at once, so a stopping server has no request left open. */
  release(): void {
    this.closing = true;
    const waiting = this.waiters;
    this.waiters = [];
    for (const wake of waiting) wake();
  }

  /** Resolves when something changes (or after `ms`), for the page's long poll. */
  async changeAfter(version: number, ms: number): Promise<void> {
    if (version !== this.version || this.closing) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private changed(): void {
    this.version += 1;
    if (this.file) {
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileSync(`${this.file}.tmp`, JSON.stringify(this.state));
      renameSync(`${this.file}.tmp`, this.file);
    }
    const waiting = this.waiters;
    this.waiters = [];
    for (const wake of waiting) wake();
  }
}
