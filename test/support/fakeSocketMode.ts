import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';

/**
 * Slack's side of a Socket Mode connection: sends `hello`, delivers envelopes
 * (shaped like the captured ones in fixtures), and collects the app's acks.
 */
export class FakeSocketMode {
  private server: WebSocketServer | undefined;
  private socket: WebSocket | undefined;
  private readonly acks = new Map<string, (body: unknown) => void>();
  connections = 0;

  async start(): Promise<string> {
    this.server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => this.server!.once('listening', () => resolve()));
    this.server.on('connection', (socket) => {
      this.connections += 1;
      this.socket = socket;
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as { envelope_id: string; payload?: unknown };
        this.acks.get(message.envelope_id)?.(message.payload);
      });
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake', approximate_connection_time: 18060 }, connection_info: { app_id: 'A111' } }));
    });
    return this.url;
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server!.address() as AddressInfo).port}/link`;
  }

  /** Delivers an interactive payload (e.g. block_actions) and resolves with the app's ack. */
  deliverInteractive(payload: unknown, timeoutMs = 3000): Promise<unknown> {
    if (!this.socket) throw new Error('the app has not connected over Socket Mode');
    const envelope_id = randomUUID();
    const acked = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no ack within Slack’s 3 seconds')), timeoutMs);
      this.acks.set(envelope_id, (body) => {
        clearTimeout(timer);
        resolve(body);
      });
    });
    this.socket.send(JSON.stringify({ envelope_id, payload, type: 'interactive', accepts_response_payload: false }));
    return acked;
  }

  async stop(): Promise<void> {
    for (const client of this.server?.clients ?? []) client.terminate();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
