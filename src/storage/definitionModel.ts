import mongoose, { Schema } from 'mongoose';

/** Every version of the lead definition ever proposed; exactly one is active. */
const definitionVersionSchema = new Schema(
  {
    version: { type: Number, required: true },
    status: { type: String, enum: ['active', 'proposed', 'superseded', 'withdrawn'], required: true },
    definition: { type: Object, required: true },
    proposedBy: { type: String, required: true },
    proposedAt: { type: Date, required: true },
    /** What changed against the version it was based on, one line per setting. */
    changes: { type: [String], default: [] },
    basedOn: { type: Number, default: null },
    approvals: { type: [{ userId: String, side: String, at: Date, _id: false }], default: [] },
    activatedAt: { type: Date, default: null },
  },
  { collection: 'definitions', versionKey: false },
);
definitionVersionSchema.index({ version: 1 }, { unique: true, name: 'definition_version_unique' });
definitionVersionSchema.index({ status: 1, version: -1 }, { name: 'definition_status' });

export const DefinitionVersionModel = mongoose.model('DefinitionVersion', definitionVersionSchema);
