import { spawn, type ChildProcess } from 'node:child_process';
import { INTAKE_TOKEN, SIGNING_SECRET } from './testApp.js';

export type AppProcess = { child: ChildProcess; port: number; url: string; output: () => string; exited: Promise<number | null> };

/**
 * Leadloop as a real process (node src/main.ts), as it runs in production;
 * resolves once it logs that it is running.
 */
export function startAppProcess(env: { SLACK_API_URL: string; MONGODB_URI: string } & Record<string, string>): Promise<AppProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        LEADS_CHANNEL_ID: 'C0LEADS0001',
        INTAKE_API_TOKEN: INTAKE_TOKEN,
        PORT: '0',
        ...env,
      },
    });
    let output = '';
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.stdout!.on('data', (d) => {
      output += d;
      const running = /"port":(\d+),"mode":"http","msg":"Leadloop is running"/.exec(output);
      if (running) resolve({ child, port: Number(running[1]), url: `http://127.0.0.1:${running[1]}`, output: () => output, exited });
    });
    child.stderr!.on('data', (d) => (output += d));
    void exited.then((code) => reject(new Error(`app exited (${code}) before it ran: ${output}`)));
  });
}
