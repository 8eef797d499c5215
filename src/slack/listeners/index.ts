import type { App } from '@slack/bolt';
import type { Listeners } from './deps.js';
import * as actions from './actions/index.js';
import * as views from './views/index.js';
import * as commands from './commands/index.js';

/** Binds every Slack listener; each kind registers its own ids. */
export function registerListeners(app: App, deps: Listeners): void {
  actions.register(app, deps);
  views.register(app, deps);
  commands.register(app, deps);
  // The Home tab is drawn fresh each time someone opens it, and kept up to date from then on.
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab === 'home') await deps.homeOpened(event.user);
  });
}
