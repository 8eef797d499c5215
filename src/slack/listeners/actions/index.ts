import type { App } from '@slack/bolt';
import { ACTION_CLAIM, ACTION_RELEASE } from '../../blocks/leadMessage.js';
import type { Listeners } from '../deps.js';
import { claimButton } from './claimButton.js';
import { releaseButton } from './releaseButton.js';

export function register(app: App, deps: Listeners): void {
  app.action(ACTION_CLAIM, claimButton(deps));
  app.action(ACTION_RELEASE, releaseButton(deps));
}
