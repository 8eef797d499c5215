import type { App } from '@slack/bolt';
import type { Listeners } from '../deps.js';
import { leadsCommand } from './leadsCommand.js';

export function register(app: App, deps: Listeners): void {
  app.command('/leads', leadsCommand(deps));
}
