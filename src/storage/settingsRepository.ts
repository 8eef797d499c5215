import mongoose, { Schema } from 'mongoose';

import type { TeamSettings } from '../settings/teamSettings.js';

/** One document holds the team's settings (see settings/teamSettings.ts). */
const members = { users: { type: [String], default: [] }, groups: { type: [String], default: [] } };
const settingsSchema = new Schema(
  {
    _id: { type: String, required: true },
    roles: { admins: members, sales: members, marketing: members },
    escalateTo: String,
    leadsChannelId: String,
    digestChannelId: String,
    digestSchedule: String,
    timeZone: String,
    updatedAt: Date,
    updatedBy: String,
  },
  { collection: 'settings', versionKey: false },
);
export const SettingsModel = mongoose.model('Settings', settingsSchema);

const ID = 'team';
const EMPTY_SETTINGS: TeamSettings = { roles: { admins: { users: [], groups: [] }, sales: { users: [], groups: [] }, marketing: { users: [], groups: [] } } };

export async function loadSettings(): Promise<TeamSettings> {
  const doc = await SettingsModel.findById(ID).lean();
  if (!doc) return EMPTY_SETTINGS;
  const role = (r?: { users?: string[]; groups?: string[] } | null) => ({ users: r?.users ?? [], groups: r?.groups ?? [] });
  return {
    roles: { admins: role(doc.roles?.admins), sales: role(doc.roles?.sales), marketing: role(doc.roles?.marketing) },
    ...(doc.escalateTo ? { escalateTo: doc.escalateTo } : {}),
    ...(doc.leadsChannelId ? { leadsChannelId: doc.leadsChannelId } : {}),
    ...(doc.digestChannelId ? { digestChannelId: doc.digestChannelId } : {}),
    ...(doc.digestSchedule ? { digestSchedule: doc.digestSchedule } : {}),
    ...(doc.timeZone ? { timeZone: doc.timeZone } : {}),
    ...(doc.updatedAt ? { updatedAt: doc.updatedAt } : {}),
    ...(doc.updatedBy ? { updatedBy: doc.updatedBy } : {}),
  };
}

export async function saveSettings(settings: TeamSettings, by: string, at: Date): Promise<void> {
  const optional = ['escalateTo', 'leadsChannelId', 'digestChannelId', 'digestSchedule', 'timeZone'] as const;
  const set: Record<string, unknown> = { roles: settings.roles, updatedAt: at, updatedBy: by };
  const unset: Record<string, ''> = {};
  for (const key of optional) {
    if (settings[key]) set[key] = settings[key];
    else unset[key] = '';
  }
  await SettingsModel.updateOne({ _id: ID }, { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}) }, { upsert: true });
}

/** Makes `userId` the first admin, only while nobody is an admin in settings. */
export async function claimFirstAdmin(userId: string, at: Date): Promise<boolean> {
  try {
    const result = await SettingsModel.updateOne(
      { _id: ID, 'roles.admins.users.0': { $exists: false }, 'roles.admins.groups.0': { $exists: false } },
      { $set: { 'roles.admins.users': [userId], updatedAt: at, updatedBy: userId } },
      { upsert: true },
    );
    return result.modifiedCount === 1 || result.upsertedCount === 1;
  } catch (error) {
    if ((error as { code?: number }).code === 11000) return false;
    throw error;
  }
}
