// The demo's governance, so each role finds its work on the first start (issue 25): a business glossary in every
// state of its workflow (approved by a second lead, in review, draft, deprecated), owned and bound to the golden
// attributes it defines; and a first quality run whose failing rules raise issues, some assigned to the steward.
// Everything goes through the same functions the portal calls: reviews, links and assignments are audited.
import { queryRows, type Database } from "@c360/db/client";
import { users } from "@c360/db/schema";
import { eq, sql } from "drizzle-orm";
import { systemActor, userActor, type Actor } from "../actor";
import { listAssets } from "../catalog/catalog-assets";
import { platformNames } from "../catalog/catalog-schemas";
import { createTerm } from "../glossary/create-term";
import { linkTermToAsset } from "../glossary/link-term";
import { decideTerm, deprecateTerm } from "../glossary/review-term";
import type { ClassificationTag } from "../glossary/glossary-schemas";
import { assignQualityIssue, listQualityIssues } from "../quality/manage-quality-issues";
import { runQualityChecks } from "../quality/run-quality-checks";
import { createPrivacyRequest } from "../privacy/create-privacy-request";
import { fulfilPrivacyRequest } from "../privacy/fulfil-privacy-request";
import { rejectPrivacyRequest, verifyPrivacyRequest } from "../privacy/review-privacy-request";

interface DemoTerm {
  name: string;
  definition: string;
  synonyms?: string[];
  domain: string;
  classification?: ClassificationTag[];
  /** Golden attributes the term defines. */
  attributes?: string[];
  state: "approved" | "in_review" | "draft" | "deprecated";
  deprecatedBecause?: string;
}

export const DEMO_TERMS: readonly DemoTerm[] = [
  {
    name: "Customer",
    definition:
      "A person who has bought from us, holds an account, or has asked for a service, as resolved into one golden profile across every source system.",
    synonyms: ["client", "account holder"],
    domain: "Customer",
    state: "approved",
  },
  {
    name: "Golden profile",
    definition:
      "The one record per real person that c360 keeps: each attribute chosen from the source records by survivorship rules, with its provenance.",
    synonyms: ["golden record", "single customer view"],
    domain: "Customer",
    state: "approved",
  },
  {
    name: "Email address",
    definition:
      "The address we write to a customer at, standardized (lower case, provider dots and tags handled) and chosen from the most trusted recent source.",
    synonyms: ["e-mail", "mail"],
    domain: "Contact",
    classification: ["PII"],
    attributes: ["email"],
    state: "approved",
  },
  {
    name: "Phone number",
    definition: "A customer's telephone number in international E.164 form (+ country code and number).",
    synonyms: ["telephone", "mobile"],
    domain: "Contact",
    classification: ["PII"],
    attributes: ["phone"],
    state: "approved",
  },
  {
    name: "Date of birth",
    definition:
      "The customer's birth date as an ISO date; used to tell people apart, never shown without profile:pii.",
    synonyms: ["DOB", "birth date"],
    domain: "Customer",
    classification: ["PII", "sensitive"],
    attributes: ["dob"],
    state: "approved",
  },
  {
    name: "Customer name",
    definition:
      "Given name and family name as the customer uses them, from the source trusted most for names.",
    synonyms: ["full name"],
    domain: "Customer",
    classification: ["PII"],
    attributes: ["first_name", "last_name"],
    state: "approved",
  },
  {
    name: "Postal address",
    definition:
      "Where the customer lives or receives post: street number, street, city, postcode and country, standardized and chosen as one address.",
    synonyms: ["mailing address", "home address"],
    domain: "Contact",
    classification: ["PII"],
    attributes: ["street", "city", "postcode"],
    state: "in_review",
  },
  {
    name: "Marketing consent",
    definition:
      "A customer's current yes to being contacted for marketing on a channel, with the notice they saw; withdrawals win over older consents.",
    synonyms: ["opt-in"],
    domain: "Consent",
    state: "approved",
  },
  {
    name: "Active customer",
    definition: "A customer with at least one purchase, visit or support contact in the last 90 days.",
    domain: "Engagement",
    state: "in_review",
  },
  {
    name: "Churn risk",
    definition:
      "How likely a customer is to stop buying, from the recency, frequency and value of their activity; high, medium or low.",
    synonyms: ["attrition risk"],
    domain: "Engagement",
    state: "draft",
  },
  {
    name: "Data Trust Score",
    definition:
      "The share of quality rules the customer data passes, weighted by dimension (completeness, validity, uniqueness, consistency, timeliness), 0 to 100.",
    domain: "Quality",
    state: "approved",
  },
  {
    name: "Household",
    definition:
      "People who share a residence and a family tie; kept as separate profiles linked by a relationship.",
    domain: "Customer",
    state: "draft",
  },
  {
    name: "Prospect",
    definition: "A person in a marketing list who has not bought yet.",
    domain: "Customer",
    state: "deprecated",
    deprecatedBecause: "Use Customer with no purchase yet; marketing lists are sources like any other.",
  },
];

export interface GovernanceSeedResult {
  terms: number;
  linked: number;
  qualityRunId: string;
  issuesAssigned: number;
  privacyRequests: number;
}

const DAY = 86_400_000;

/**
 * Privacy requests in the states a governance lead meets them, about demo customers, through the portal's own
 * functions: an access request answered, one verified and being worked on, a rectification past its one-month
 * deadline, a portability request that just arrived, an erasure rejected because identity could not be verified.
 */
const DEMO_PRIVACY_REQUESTS = [
  { kind: "access", daysAgo: 40, then: "fulfil" },
  { kind: "access", daysAgo: 20, then: "verify" },
  { kind: "rectification", daysAgo: 35, then: "wait" },
  { kind: "portability", daysAgo: 3, then: "wait" },
  { kind: "erasure", daysAgo: 10, then: "reject" },
] as const;

async function seedDemoPrivacyRequests(db: Database, lead: Actor): Promise<number> {
  const subjects = await queryRows<{ profile_id: string; email: string }>(
    db,
    sql`select g.profile_id::text as profile_id, g.value #>> '{}' as email from golden_attributes g
        join profiles p on p.id = g.profile_id and p.status = 'active'
        where g.attribute = 'email' order by g.profile_id limit ${DEMO_PRIVACY_REQUESTS.length}`,
  );
  const now = Date.now();
  let created = 0;
  for (const [i, plan] of DEMO_PRIVACY_REQUESTS.entries()) {
    const subject = subjects[i];
    if (!subject) break;
    const request = await createPrivacyRequest(db, lead, {
      kind: plan.kind,
      subject: { email: subject.email },
      profileId: subject.profile_id,
      receivedAt: new Date(now - plan.daysAgo * DAY),
      note: "Demo request (synthetic customer).",
    });
    created++;
    if (plan.then === "reject") {
      await rejectPrivacyRequest(db, lead, {
        requestId: request.id,
        reason: "Identity could not be verified: the confirmation email was never answered.",
      });
      continue;
    }
    if (plan.then === "wait") continue;
    await verifyPrivacyRequest(db, lead, {
      requestId: request.id,
      method: "email_confirmation",
      note: "Confirmed from the address on file.",
    });
    if (plan.then === "fulfil") await fulfilPrivacyRequest(db, lead, { requestId: request.id });
  }
  return created;
}

async function demoActor(db: Database, email: string): Promise<Actor> {
  const [user] = await db.select().from(users).where(eq(users.email, email));
  if (!user) throw new Error(`The demo user ${email} is missing: create the demo users first.`);
  return userActor(user);
}

/**
 * The demo's quality history: the checks run as each demo source arrives (seedDemoData's afterEachSource), so the
 * trust score and its dimensions really move as the data does; once the demo is in, those runs are dated a week apart
 * before the final one (now), as if the sources had been connected over the past weeks. Returns the run id.
 */
export async function runDemoQualityCheck(db: Database): Promise<string> {
  const run = await runQualityChecks(db, systemActor("scheduler"), { trigger: "schedule" });
  return run.runId;
}

/** Dates the demo's earlier runs one week apart, the last of them a week before `now`. */
export async function dateDemoQualityHistory(
  db: Database,
  runIds: readonly string[],
  now = new Date(),
): Promise<void> {
  for (const [i, runId] of runIds.entries()) {
    const at = new Date(now.getTime() - (runIds.length - i) * 7 * DAY);
    await db.execute(
      sql`update quality_runs set started_at = ${at}, finished_at = ${at}::timestamptz + interval '2 seconds' where id = ${runId}::uuid`,
    );
    await db.execute(sql`update quality_results set measured_at = ${at} where run_id = ${runId}::uuid`);
  }
}

/** Seeds the glossary and a first quality run; expects the demo users, the catalog and the customer data. */
export async function seedDemoGovernance(db: Database): Promise<GovernanceSeedResult> {
  const lead = await demoActor(db, "governance@example.com");
  const admin = await demoActor(db, "admin@example.com");
  const steward = await demoActor(db, "steward@example.com");
  let linked = 0;
  for (const term of DEMO_TERMS) {
    const created = await createTerm(db, lead, {
      name: term.name,
      definition: term.definition,
      synonyms: term.synonyms ?? [],
      domain: term.domain,
      classification: term.classification ?? [],
      ownerId: term.domain === "Quality" ? steward.userId : lead.userId,
      submit: term.state !== "draft",
    });
    if (term.state === "approved" || term.state === "deprecated")
      await decideTerm(db, admin, {
        termId: created.id,
        decision: "approved",
        comment: "Agreed with the owners.",
      });
    if (term.state === "deprecated")
      await deprecateTerm(db, lead, { termId: created.id, reason: term.deprecatedBecause ?? "Superseded." });
    for (const attribute of term.attributes ?? []) {
      const [asset] = await listAssets(db, {
        query: platformNames.goldenAttribute(attribute),
        kind: "golden_attribute",
      });
      if (!asset) continue;
      await linkTermToAsset(db, lead, { termId: created.id, assetId: asset.id });
      linked++;
    }
  }
  const run = await runQualityChecks(db, steward, { trigger: "schedule" });
  // Two of the open issues are the steward's to work on; the rest wait in the queue.
  const open = await listQualityIssues(db, steward, { status: "unresolved", assignee: "nobody", limit: 2 });
  for (const issue of open.items)
    await assignQualityIssue(db, steward, { issueId: issue.id, assigneeId: steward.userId });
  const privacyRequests = await seedDemoPrivacyRequests(db, lead);
  return {
    terms: DEMO_TERMS.length,
    linked,
    qualityRunId: run.runId,
    issuesAssigned: open.items.length,
    privacyRequests,
  };
}
