// Inputs of the privacy-request domain, shared by the API and the portal forms.
import { standardizeEmail } from "@c360/matching/standardize/emails";
import { standardizePhone } from "@c360/matching/standardize/phones";
import { z } from "zod";
import { RECTIFIABLE_FIELDS } from "./rectifiable-fields";

export const privacyRequestKinds = ["access", "erasure", "rectification", "portability"] as const;
export type PrivacyRequestKind = (typeof privacyRequestKinds)[number];
export const privacyRequestStatuses = [
  "received",
  "verifying",
  "in_progress",
  "completed",
  "rejected",
] as const;
export type PrivacyRequestStatus = (typeof privacyRequestStatuses)[number];
export const OPEN_STATUSES = ["received", "verifying", "in_progress"] as const;

/** How the handler satisfied themselves that the requester is the subject. */
export const verificationMethods = [
  "signed_in_account",
  "email_confirmation",
  "identity_document",
  "knowledge_based",
  "authorised_agent",
  "other",
] as const;

const optionalText = (max: number, label: string) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label} is longer than ${max} characters`)
    .optional()
    .transform((value) => (value ? value : undefined));

export const privacySubjectInput = z
  .object({
    email: optionalText(320, "email").refine((v) => v === undefined || standardizeEmail(v) !== null, {
      message: "email is not an email address",
    }),
    phone: optionalText(40, "phone").refine((v) => v === undefined || standardizePhone(v) !== null, {
      message: "phone is not a phone number (write it with its country code, e.g. +44 20 7946 0958)",
    }),
    name: optionalText(200, "name"),
    dob: optionalText(40, "date of birth"),
    sourceName: optionalText(100, "source"),
    externalId: optionalText(200, "source record id"),
  })
  .refine((s) => s.email || s.phone || s.name || s.externalId, {
    message: "Say who the request is about: give at least an email, a phone, a name or a source record id.",
  })
  .refine((s) => !s.externalId || s.sourceName, {
    message: "A source record id needs its source (which system the id comes from).",
    path: ["sourceName"],
  });
export type PrivacySubjectInput = z.input<typeof privacySubjectInput>;
export type PrivacySubjectValues = z.output<typeof privacySubjectInput>;

export const createPrivacyRequestInput = z.object({
  kind: z.enum(privacyRequestKinds, {
    error: (issue) =>
      issue.input === undefined
        ? "Choose the kind of request: access, erasure, rectification or portability."
        : `Unknown request kind "${String(issue.input)}": it must be access, erasure, rectification or portability.`,
  }),
  subject: privacySubjectInput,
  /** The golden profile the handler found for the subject; without it core looks the subject up exactly. */
  profileId: z.uuid("profileId must be a profile id").optional(),
  /** When the request arrived, if earlier than now (a letter opened today); the deadline runs from it. */
  receivedAt: z.coerce
    .date({ error: "receivedAt must be a date" })
    .refine((d) => d.getTime() <= Date.now() + 60_000, { message: "receivedAt cannot be in the future" })
    .optional(),
  note: optionalText(2000, "note"),
});
export type CreatePrivacyRequestInput = z.input<typeof createPrivacyRequestInput>;

export const privacyRequestIdInput = z.object({
  requestId: z.uuid("requestId must be a privacy request id"),
});

export const verifyPrivacyRequestInput = z.object({
  requestId: z.uuid("requestId must be a privacy request id"),
  method: z.enum(verificationMethods, {
    error: `Say how identity was verified: one of ${verificationMethods.join(", ")}.`,
  }),
  /** What was checked, without copying the document itself ("passport seen, number not kept"). */
  note: optionalText(1000, "note"),
});
export type VerifyPrivacyRequestInput = z.input<typeof verifyPrivacyRequestInput>;

export const rejectPrivacyRequestInput = z.object({
  requestId: z.uuid("requestId must be a privacy request id"),
  reason: z
    .string({ error: "Give the reason for rejecting" })
    .trim()
    .min(3, "Give the reason for rejecting")
    .max(1000),
});

export const linkPrivacyRequestProfileInput = z.object({
  requestId: z.uuid("requestId must be a privacy request id"),
  profileId: z.uuid("profileId must be a profile id"),
});

export const rectificationChange = z.object({
  /** Canonical field: first_name, last_name, email, phone, street, city, postcode, dob... */
  field: z.enum(RECTIFIABLE_FIELDS, {
    error: (issue) => `"${String(issue.input)}" is not a field that can be rectified`,
  }),
  value: z.string({ error: "value must be text" }).trim().max(500, "value is longer than 500 characters"),
  /** Only these member records; default: every member record of the profile. */
  recordIds: z.array(z.uuid()).max(1000).optional(),
});

export const fulfilPrivacyRequestInput = z.object({
  requestId: z.uuid("requestId must be a privacy request id"),
  /** Rectification only: the corrections the subject asked for. */
  changes: z.array(rectificationChange).max(50).optional(),
});
export type FulfilPrivacyRequestInput = z.input<typeof fulfilPrivacyRequestInput>;

export const listPrivacyRequestsInput = z.object({
  /** "open" (default): received, verifying, in progress; "all"; or one status. */
  status: z.enum(["open", "all", ...privacyRequestStatuses]).default("open"),
  kind: z.enum(privacyRequestKinds).optional(),
  sort: z.enum(["due_asc", "due_desc", "received_desc", "received_asc"]).default("due_asc"),
  limit: z.number().int().min(1).max(500).default(200),
});
export type ListPrivacyRequestsInput = z.input<typeof listPrivacyRequestsInput>;

export const lookupSubjectInput = z.object({
  query: z.string().trim().min(2, "Type at least two characters").max(200),
});

export const downloadExportInput = z.object({
  requestId: z.uuid("requestId must be a privacy request id"),
  format: z.enum(["json", "csv"]).default("json"),
});
