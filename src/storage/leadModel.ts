import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { ORIGINS, STAGES } from '../leads/lead.js';

const actorSchema = new Schema(
  { kind: { type: String, enum: ['user', 'api', 'system'], required: true }, userId: String },
  { _id: false },
);

const historySchema = new Schema(
  {
    at: { type: Date, required: true },
    by: { type: actorSchema, required: true },
    from: { type: String, enum: [...STAGES, null], default: null },
    to: { type: String, enum: STAGES, required: true },
    event: { type: String, required: true },
    definitionVersion: Number,
    details: { type: Object },
    requestKey: String,
  },
  { _id: false },
);

const leadSchema = new Schema(
  {
    contact: {
      name: String,
      email: String,
      /** Lower-cased email: the identity that duplicates are merged on. */
      emailKey: String,
      phone: String,
      title: String,
    },
    company: { name: String, domain: String, size: String, industry: String, country: String },
    source: String,
    campaign: String,
    /** Answers by question key; the keys are the lead definition's. */
    qualification: { type: Object, default: {} },
    note: String,
    externalId: String,
    /** Absent on leads stored before origins existed: those are marketing's. */
    origin: { type: String, enum: ORIGINS },
    stage: { type: String, enum: STAGES, required: true },
    /** Score breakdown and unmet criteria under the definition version it names. */
    judgement: { type: Object },
    owner: {
      type: new Schema({ userId: { type: String, required: true }, claimedAt: { type: Date, required: true } }, { _id: false }),
      default: null,
    },
    post: {
      status: { type: String, enum: ['not_posted', 'pending', 'posted', 'failed'], required: true },
      channelId: String,
      ts: String,
      attempts: Number,
      postedAt: Date,
      error: String,
      failedAt: Date,
    },
    verdict: { type: Object, default: null },
    firstTouchAt: { type: Date, default: null },
    outcome: { type: Object, default: null },
    rejectedBy: { type: [String], default: [] },
    /** Which service-level notices went out for the current claim (cleared when the lead is back in play). */
    serviceLevel: { claimRemindedAt: Date, escalatedAt: Date, firstTouchRemindedAt: Date },
    receivedAt: { type: Date, required: true },
    erasedAt: Date,
    /** Its company's keys (domain, normalised name), shared by leads from the same company. */
    accountKeys: { type: [String], default: undefined },
    /** What was known of the company when the lead was posted. */
    account: { type: Object },
    /** The queue routing sent the lead to. */
    queue: { type: Object },
    /** Other CRM records that are this lead (a Salesforce opportunity it became): `salesforce:<Id>`. */
    crmIds: { type: [String], default: undefined },
    /** Steps a CRM reported before the lead was claimed, applied when it is. */
    pendingSteps: { type: [Object], default: undefined },
    /** Sales' qualification findings (definition version, who, when, each answer beside the lead's own, score). */
    findings: { type: Object },
    /** Messages about the lead posted outside its own message (rejection reports), to update on erasure. */
    reportMessages: { type: [new Schema({ channelId: String, ts: String }, { _id: false })], default: undefined },
    history: { type: [historySchema], default: [] },
  },
  { collection: 'leads', versionKey: false, minimize: true },
);

// Sparse unique indexes: a lead without an email (or external id) is allowed,
// but two leads can never share one. These make concurrent duplicate intake
// safe: the loser of the race gets E11000 and merges instead.
leadSchema.index({ 'contact.emailKey': 1 }, { unique: true, sparse: true, name: 'lead_email_unique' });
leadSchema.index({ externalId: 1 }, { unique: true, sparse: true, name: 'lead_external_id_unique' });
leadSchema.index({ crmIds: 1 }, { sparse: true, name: 'lead_crm_ids' });
leadSchema.index({ accountKeys: 1 }, { sparse: true, name: 'lead_account_keys' });
// Finds claimed leads whose verdict window ran out.
leadSchema.index({ stage: 1, 'owner.claimedAt': 1 }, { name: 'lead_stage_claimed' });
// Finds leads still waiting to be posted (the sweep after a crash).
leadSchema.index({ 'post.status': 1, receivedAt: 1 }, { name: 'lead_post_status' });
// Lists and Home tabs read short pages: a rep's open leads, leads waiting to be
// claimed, the latest nurture and rejected leads. These keep each page's cost
// independent of how many leads are stored.
leadSchema.index({ 'owner.userId': 1, stage: 1, receivedAt: 1 }, { name: 'lead_owner_stage_received' });
leadSchema.index({ stage: 1, receivedAt: 1 }, { name: 'lead_stage_received' });
// Reports read one period's leads: by arrival, optionally of one source or campaign.
leadSchema.index({ receivedAt: 1 }, { name: 'lead_received' });
leadSchema.index({ source: 1, receivedAt: 1 }, { name: 'lead_source_received' });
leadSchema.index({ campaign: 1, receivedAt: 1 }, { name: 'lead_campaign_received' });
leadSchema.index({ origin: 1, receivedAt: 1 }, { name: 'lead_origin_received' });
leadSchema.index({ 'queue.name': 1, receivedAt: 1 }, { name: 'lead_queue_received' });

export type LeadDocument = InferSchemaType<typeof leadSchema> & { _id: mongoose.Types.ObjectId };

export const LeadModel = mongoose.model('Lead', leadSchema);
