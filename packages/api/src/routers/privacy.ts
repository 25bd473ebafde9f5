// Data-subject requests (access, erasure, rectification, portability) and the governance audit log. Handling
// requests needs privacy:write; subject identities are shown in clear only to callers with profile:pii.
import {
  exportAuditLogCsv,
  exportAuditLogInput,
  searchAuditLog,
  searchAuditLogInput,
} from "@c360/core/audit/search-audit-log";
import { createPrivacyRequest } from "@c360/core/privacy/create-privacy-request";
import { fulfilPrivacyRequest, retryErasure } from "@c360/core/privacy/fulfil-privacy-request";
import {
  downloadPrivacyExport,
  getPrivacyRequest,
  listPrivacyRequests,
  lookupPrivacySubject,
} from "@c360/core/privacy/list-privacy-requests";
import {
  createPrivacyRequestInput,
  downloadExportInput,
  fulfilPrivacyRequestInput,
  linkPrivacyRequestProfileInput,
  listPrivacyRequestsInput,
  lookupSubjectInput,
  privacyRequestIdInput,
  rejectPrivacyRequestInput,
  verifyPrivacyRequestInput,
} from "@c360/core/privacy/privacy-schemas";
import {
  linkPrivacyRequestProfile,
  rejectPrivacyRequest,
  startPrivacyVerification,
  verifyPrivacyRequest,
} from "@c360/core/privacy/review-privacy-request";
import type { TRPCRouterRecord } from "@trpc/server";
import { procedureFor } from "../trpc";

const privacy = () => procedureFor("privacy:write");

export const privacyRouter = {
  listRequests: privacy()
    .input(listPrivacyRequestsInput.optional())
    .query(({ ctx, input }) => listPrivacyRequests(ctx.db, ctx.actor, input)),
  getRequest: privacy()
    .input(privacyRequestIdInput)
    .query(({ ctx, input }) => getPrivacyRequest(ctx.db, ctx.actor, input)),
  lookupSubject: privacy()
    .input(lookupSubjectInput)
    .query(({ ctx, input }) => lookupPrivacySubject(ctx.db, ctx.actor, input)),
  createRequest: privacy()
    .input(createPrivacyRequestInput)
    .mutation(({ ctx, input }) => createPrivacyRequest(ctx.db, ctx.actor, input)),
  startVerification: privacy()
    .input(privacyRequestIdInput)
    .mutation(({ ctx, input }) => startPrivacyVerification(ctx.db, ctx.actor, input)),
  verifyIdentity: privacy()
    .input(verifyPrivacyRequestInput)
    .mutation(({ ctx, input }) => verifyPrivacyRequest(ctx.db, ctx.actor, input)),
  linkProfile: privacy()
    .input(linkPrivacyRequestProfileInput)
    .mutation(({ ctx, input }) => linkPrivacyRequestProfile(ctx.db, ctx.actor, input)),
  rejectRequest: privacy()
    .input(rejectPrivacyRequestInput)
    .mutation(({ ctx, input }) => rejectPrivacyRequest(ctx.db, ctx.actor, input)),
  fulfilRequest: privacy()
    .input(fulfilPrivacyRequestInput)
    .mutation(({ ctx, input }) => fulfilPrivacyRequest(ctx.db, ctx.actor, input)),
  retryErasure: privacy()
    .input(privacyRequestIdInput)
    .mutation(({ ctx, input }) => retryErasure(ctx.db, ctx.actor, input)),
  downloadExport: privacy()
    .input(downloadExportInput)
    .mutation(({ ctx, input }) => downloadPrivacyExport(ctx.db, ctx.actor, input)),
  auditLog: privacy()
    .input(searchAuditLogInput.optional())
    .query(({ ctx, input }) => searchAuditLog(ctx.db, input ?? {})),
  exportAuditCsv: privacy()
    .input(exportAuditLogInput.optional())
    .mutation(({ ctx, input }) => exportAuditLogCsv(ctx.db, input ?? {})),
} satisfies TRPCRouterRecord;
