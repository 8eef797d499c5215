import mongoose, { Schema } from 'mongoose';

/**
 * Who has opened Leadloop's Home tab (Slack's app_home_opened). Only their
 * Home tabs are redrawn as leads change: publishing a Home nobody looks at
 * is work on the path behind everyone's clicks for nothing.
 */
const homeViewerSchema = new Schema(
  {
    _id: { type: String, required: true },
    openedAt: { type: Date, required: true },
  },
  { collection: 'home_viewers', versionKey: false },
);

export const HomeViewerModel = mongoose.model('HomeViewer', homeViewerSchema);

/** Records that the person opened their Home tab now. */
export async function rememberHomeViewer(userId: string, at: Date): Promise<void> {
  await HomeViewerModel.updateOne({ _id: userId }, { $max: { openedAt: at } }, { upsert: true });
}

/** Whether the person has ever opened their Home tab (one lookup by id). */
export async function hasOpenedHome(userId: string): Promise<boolean> {
  return (await HomeViewerModel.exists({ _id: userId })) !== null;
}
