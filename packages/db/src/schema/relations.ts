// drizzle relations for db.query: which rows load with which (no SQL of their own; the foreign keys are in the tables).
import { relations } from "drizzle-orm";
import { users } from "./access";
import { catalogAssets, lineageEdges } from "./catalog";
import { consentEvents, consentNotices, consentPurposes, consentState } from "./consent";
import {
  glossaryApprovals,
  glossaryTermLinks,
  glossaryTermRelations,
  glossaryTermReviewers,
  glossaryTerms,
  glossaryTermVersions,
} from "./glossary";
import { interactions, relationships } from "./interactions";
import { privacyRequestLog, privacyRequests } from "./privacy";
import { goldenAttributes, matchModels, profileMembers, profiles, resolutionRuns } from "./profiles";
import { qualityIssueComments, qualityIssues, qualityResults, qualityRules, qualityRuns } from "./quality";
import { sourceRecords, sourceRecordVersions } from "./records";
import { importBatches, sources } from "./sources";
import { mergeEvents, reviewTasks } from "./stewardship";

export const sourcesRelations = relations(sources, ({ many }) => ({
  records: many(sourceRecords),
  importBatches: many(importBatches),
  qualityRules: many(qualityRules),
}));

export const importBatchesRelations = relations(importBatches, ({ one, many }) => ({
  source: one(sources, { fields: [importBatches.sourceId], references: [sources.id] }),
  versions: many(sourceRecordVersions),
}));

export const sourceRecordsRelations = relations(sourceRecords, ({ one, many }) => ({
  source: one(sources, { fields: [sourceRecords.sourceId], references: [sources.id] }),
  profile: one(profiles, { fields: [sourceRecords.profileId], references: [profiles.id] }),
  membership: one(profileMembers, { fields: [sourceRecords.id], references: [profileMembers.recordId] }),
  versions: many(sourceRecordVersions),
  interactions: many(interactions),
}));

export const sourceRecordVersionsRelations = relations(sourceRecordVersions, ({ one }) => ({
  record: one(sourceRecords, { fields: [sourceRecordVersions.recordId], references: [sourceRecords.id] }),
  importBatch: one(importBatches, {
    fields: [sourceRecordVersions.importBatchId],
    references: [importBatches.id],
  }),
}));

export const profilesRelations = relations(profiles, ({ one, many }) => ({
  members: many(profileMembers),
  records: many(sourceRecords),
  goldenAttributes: many(goldenAttributes),
  interactions: many(interactions),
  consentState: many(consentState),
  consentEvents: many(consentEvents),
  relationshipsFrom: many(relationships, { relationName: "relationshipFrom" }),
  relationshipsTo: many(relationships, { relationName: "relationshipTo" }),
  mergedInto: one(profiles, {
    fields: [profiles.mergedIntoId],
    references: [profiles.id],
    relationName: "profileMergedInto",
  }),
  mergedFrom: many(profiles, { relationName: "profileMergedInto" }),
}));

export const profileMembersRelations = relations(profileMembers, ({ one }) => ({
  profile: one(profiles, { fields: [profileMembers.profileId], references: [profiles.id] }),
  record: one(sourceRecords, { fields: [profileMembers.recordId], references: [sourceRecords.id] }),
}));

export const goldenAttributesRelations = relations(goldenAttributes, ({ one }) => ({
  profile: one(profiles, { fields: [goldenAttributes.profileId], references: [profiles.id] }),
  sourceRecord: one(sourceRecords, {
    fields: [goldenAttributes.sourceRecordId],
    references: [sourceRecords.id],
  }),
}));

export const resolutionRunsRelations = relations(resolutionRuns, ({ one }) => ({
  model: one(matchModels, { fields: [resolutionRuns.modelId], references: [matchModels.id] }),
}));

export const reviewTasksRelations = relations(reviewTasks, ({ one }) => ({
  assignee: one(users, {
    fields: [reviewTasks.assigneeId],
    references: [users.id],
    relationName: "reviewAssignee",
  }),
  decidedBy: one(users, {
    fields: [reviewTasks.decidedById],
    references: [users.id],
    relationName: "reviewDecider",
  }),
  resolutionRun: one(resolutionRuns, {
    fields: [reviewTasks.resolutionRunId],
    references: [resolutionRuns.id],
  }),
}));

export const mergeEventsRelations = relations(mergeEvents, ({ one }) => ({
  actor: one(users, { fields: [mergeEvents.actorUserId], references: [users.id] }),
  undoes: one(mergeEvents, { fields: [mergeEvents.undoesEventId], references: [mergeEvents.id] }),
  reviewTask: one(reviewTasks, { fields: [mergeEvents.reviewTaskId], references: [reviewTasks.id] }),
}));

export const interactionsRelations = relations(interactions, ({ one }) => ({
  profile: one(profiles, { fields: [interactions.profileId], references: [profiles.id] }),
  sourceRecord: one(sourceRecords, { fields: [interactions.sourceRecordId], references: [sourceRecords.id] }),
  source: one(sources, { fields: [interactions.sourceId], references: [sources.id] }),
}));

export const relationshipsRelations = relations(relationships, ({ one }) => ({
  fromProfile: one(profiles, {
    fields: [relationships.fromProfileId],
    references: [profiles.id],
    relationName: "relationshipFrom",
  }),
  toProfile: one(profiles, {
    fields: [relationships.toProfileId],
    references: [profiles.id],
    relationName: "relationshipTo",
  }),
}));

export const consentPurposesRelations = relations(consentPurposes, ({ many }) => ({
  notices: many(consentNotices),
}));

export const consentNoticesRelations = relations(consentNotices, ({ one }) => ({
  purpose: one(consentPurposes, { fields: [consentNotices.purposeId], references: [consentPurposes.id] }),
}));

export const consentEventsRelations = relations(consentEvents, ({ one }) => ({
  profile: one(profiles, { fields: [consentEvents.profileId], references: [profiles.id] }),
  purpose: one(consentPurposes, { fields: [consentEvents.purposeId], references: [consentPurposes.id] }),
  notice: one(consentNotices, { fields: [consentEvents.noticeId], references: [consentNotices.id] }),
}));

export const consentStateRelations = relations(consentState, ({ one }) => ({
  profile: one(profiles, { fields: [consentState.profileId], references: [profiles.id] }),
  purpose: one(consentPurposes, { fields: [consentState.purposeId], references: [consentPurposes.id] }),
  lastEvent: one(consentEvents, { fields: [consentState.lastEventId], references: [consentEvents.id] }),
}));

export const privacyRequestsRelations = relations(privacyRequests, ({ one, many }) => ({
  profile: one(profiles, { fields: [privacyRequests.profileId], references: [profiles.id] }),
  handledBy: one(users, { fields: [privacyRequests.handledById], references: [users.id] }),
  log: many(privacyRequestLog),
}));

export const privacyRequestLogRelations = relations(privacyRequestLog, ({ one }) => ({
  request: one(privacyRequests, { fields: [privacyRequestLog.requestId], references: [privacyRequests.id] }),
}));

export const glossaryTermsRelations = relations(glossaryTerms, ({ one, many }) => ({
  parent: one(glossaryTerms, {
    fields: [glossaryTerms.parentId],
    references: [glossaryTerms.id],
    relationName: "glossaryTermParent",
  }),
  children: many(glossaryTerms, { relationName: "glossaryTermParent" }),
  owner: one(users, {
    fields: [glossaryTerms.ownerId],
    references: [users.id],
    relationName: "glossaryTermOwner",
  }),
  versions: many(glossaryTermVersions),
  reviewers: many(glossaryTermReviewers),
  relations: many(glossaryTermRelations, { relationName: "glossaryTermRelationFrom" }),
  links: many(glossaryTermLinks),
  approvals: many(glossaryApprovals),
}));

export const glossaryTermVersionsRelations = relations(glossaryTermVersions, ({ one }) => ({
  term: one(glossaryTerms, { fields: [glossaryTermVersions.termId], references: [glossaryTerms.id] }),
}));

export const glossaryTermReviewersRelations = relations(glossaryTermReviewers, ({ one }) => ({
  term: one(glossaryTerms, { fields: [glossaryTermReviewers.termId], references: [glossaryTerms.id] }),
  user: one(users, { fields: [glossaryTermReviewers.userId], references: [users.id] }),
}));

export const glossaryTermRelationsRelations = relations(glossaryTermRelations, ({ one }) => ({
  term: one(glossaryTerms, {
    fields: [glossaryTermRelations.termId],
    references: [glossaryTerms.id],
    relationName: "glossaryTermRelationFrom",
  }),
  relatedTerm: one(glossaryTerms, {
    fields: [glossaryTermRelations.relatedTermId],
    references: [glossaryTerms.id],
    relationName: "glossaryTermRelationTo",
  }),
}));

export const glossaryTermLinksRelations = relations(glossaryTermLinks, ({ one }) => ({
  term: one(glossaryTerms, { fields: [glossaryTermLinks.termId], references: [glossaryTerms.id] }),
  asset: one(catalogAssets, { fields: [glossaryTermLinks.assetId], references: [catalogAssets.id] }),
}));

export const glossaryApprovalsRelations = relations(glossaryApprovals, ({ one }) => ({
  term: one(glossaryTerms, { fields: [glossaryApprovals.termId], references: [glossaryTerms.id] }),
  reviewer: one(users, { fields: [glossaryApprovals.reviewerId], references: [users.id] }),
}));

export const catalogAssetsRelations = relations(catalogAssets, ({ one, many }) => ({
  parent: one(catalogAssets, {
    fields: [catalogAssets.parentId],
    references: [catalogAssets.id],
    relationName: "catalogAssetParent",
  }),
  children: many(catalogAssets, { relationName: "catalogAssetParent" }),
  owner: one(users, { fields: [catalogAssets.ownerId], references: [users.id] }),
  downstreamEdges: many(lineageEdges, { relationName: "lineageFrom" }),
  upstreamEdges: many(lineageEdges, { relationName: "lineageTo" }),
  termLinks: many(glossaryTermLinks),
}));

export const lineageEdgesRelations = relations(lineageEdges, ({ one }) => ({
  fromAsset: one(catalogAssets, {
    fields: [lineageEdges.fromAssetId],
    references: [catalogAssets.id],
    relationName: "lineageFrom",
  }),
  toAsset: one(catalogAssets, {
    fields: [lineageEdges.toAssetId],
    references: [catalogAssets.id],
    relationName: "lineageTo",
  }),
}));

export const qualityRulesRelations = relations(qualityRules, ({ one, many }) => ({
  source: one(sources, { fields: [qualityRules.sourceId], references: [sources.id] }),
  results: many(qualityResults),
  issues: many(qualityIssues),
}));

export const qualityRunsRelations = relations(qualityRuns, ({ many }) => ({
  results: many(qualityResults),
  issues: many(qualityIssues),
}));

export const qualityResultsRelations = relations(qualityResults, ({ one }) => ({
  run: one(qualityRuns, { fields: [qualityResults.runId], references: [qualityRuns.id] }),
  rule: one(qualityRules, { fields: [qualityResults.ruleId], references: [qualityRules.id] }),
}));

export const qualityIssuesRelations = relations(qualityIssues, ({ one, many }) => ({
  rule: one(qualityRules, { fields: [qualityIssues.ruleId], references: [qualityRules.id] }),
  run: one(qualityRuns, { fields: [qualityIssues.runId], references: [qualityRuns.id] }),
  assignee: one(users, { fields: [qualityIssues.assigneeId], references: [users.id] }),
  comments: many(qualityIssueComments),
}));

export const qualityIssueCommentsRelations = relations(qualityIssueComments, ({ one }) => ({
  issue: one(qualityIssues, { fields: [qualityIssueComments.issueId], references: [qualityIssues.id] }),
  author: one(users, { fields: [qualityIssueComments.authorId], references: [users.id] }),
}));
