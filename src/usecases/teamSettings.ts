import type { TeamSettings } from '../settings/teamSettings.js';
import * as settings from '../storage/settingsRepository.js';

/** `/leads settings`, saved: what admins set wins over the environment from now on. */
export function saveTeamSettings(values: TeamSettings, by: string, at: Date): Promise<void> {
  return settings.saveSettings(values, by, at);
}
