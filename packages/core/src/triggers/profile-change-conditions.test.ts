import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { parseInput } from "../parse-input";
import { describeAction, describeCondition } from "./describe-trigger";
import { matchesConsentChange, type ConsentStateStatus } from "./enqueue-profile-change-triggers";
import { applyTriggersInputSchema, triggerConditionSchema, watchableAttributes } from "./trigger-schemas";

const consentCondition = (change: "given" | "withdrawn", channel?: string) =>
  triggerConditionSchema.parse({ kind: "consent", purpose: "marketing.email", change, channel });

const change = (before: ConsentStateStatus | null, after: ConsentStateStatus, channel = "email") => ({
  purposeKey: "marketing.email",
  channel,
  before,
  after,
});

function problemsOf(triggers: unknown[]): Record<string, string[]> {
  try {
    parseInput(applyTriggersInputSchema, { triggers });
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).details?.fieldErrors as Record<string, string[]>;
  }
  throw new Error("expected the definitions to be refused");
}

const base = {
  key: "t",
  name: "T",
  action: { kind: "webhook", url: "https://hooks.example.com/x" },
  consent: { purpose: "analytics.profiling" },
};

describe("consent conditions", () => {
  it("given: the state became given from no decision, a refusal, a withdrawal or an expiry", () => {
    const given = consentCondition("given");
    for (const before of [null, "refused", "withdrawn", "expired"] as const)
      expect(matchesConsentChange(given, change(before, "given"))).toBe(true);
    // A renewal is no change; a refusal is not a consent.
    expect(matchesConsentChange(given, change("given", "given"))).toBe(false);
    expect(matchesConsentChange(given, change(null, "refused"))).toBe(false);
  });

  it("withdrawn: a given state became withdrawn or refused; a first refusal or a second no is not a withdrawal", () => {
    const withdrawn = consentCondition("withdrawn");
    expect(matchesConsentChange(withdrawn, change("given", "withdrawn"))).toBe(true);
    expect(matchesConsentChange(withdrawn, change("given", "refused"))).toBe(true);
    expect(matchesConsentChange(withdrawn, change(null, "refused"))).toBe(false);
    expect(matchesConsentChange(withdrawn, change("refused", "withdrawn"))).toBe(false);
    expect(matchesConsentChange(withdrawn, change("expired", "withdrawn"))).toBe(false);
    expect(matchesConsentChange(withdrawn, change("withdrawn", "given"))).toBe(false);
  });

  it("matches its purpose only, and its channel when it names one ('' is the purpose-wide decision)", () => {
    expect(
      matchesConsentChange(consentCondition("given"), {
        ...change(null, "given"),
        purposeKey: "marketing.sms",
      }),
    ).toBe(false);
    expect(matchesConsentChange(consentCondition("given"), change(null, "given", ""))).toBe(true);
    expect(matchesConsentChange(consentCondition("given", "email"), change(null, "given", ""))).toBe(false);
    expect(matchesConsentChange(consentCondition("given", ""), change(null, "given", ""))).toBe(true);
    expect(matchesConsentChange(consentCondition("given", "email"), change(null, "given", "email"))).toBe(
      true,
    );
  });

  it("is never met by another kind of condition", () => {
    expect(matchesConsentChange(triggerConditionSchema.parse({ kind: "merge" }), change(null, "given"))).toBe(
      false,
    );
  });
});

describe("profile-change definitions", () => {
  it("names each wrong field with a clear message", () => {
    expect(
      problemsOf([
        { ...base, condition: { kind: "consent", purpose: "", change: "maybe" } },
        { ...base, key: "u", condition: { kind: "attribute", attributes: [] } },
        { ...base, key: "v", condition: { kind: "attribute", attributes: ["email", "shoe_size"] } },
        { ...base, key: "w", condition: { kind: "birthday" } },
        { ...base, key: "x", condition: { kind: "merge" }, action: { kind: "nats", subject: "c360.*.x" } },
        { ...base, key: "y", condition: { kind: "merge" }, action: { kind: "sms" } },
      ]),
    ).toEqual({
      "triggers.0.condition.purpose": ["name the consent purpose whose change fires the trigger (its key)"],
      "triggers.0.condition.change": ["change must be given or withdrawn"],
      "triggers.1.condition.attributes": ["name at least one golden attribute to watch (e.g. email, city)"],
      "triggers.2.condition.attributes.1": [
        `shoe_size is not a golden attribute; use one of ${watchableAttributes.join(", ")}`,
      ],
      "triggers.3.condition.kind": [
        "condition.kind must be one of event, absence, consent, merge, attribute",
      ],
      "triggers.4.action.subject": [
        "a NATS subject: tokens separated by dots, without spaces or the wildcards * and >",
      ],
      "triggers.5.action.kind": ["action.kind must be one of webhook, nats"],
    });
  });

  it("watches the golden attributes one by one, the address as its parts", () => {
    expect(watchableAttributes).toContain("email");
    expect(watchableAttributes).toContain("city");
    expect(watchableAttributes).toContain("postcode");
    expect(watchableAttributes).not.toContain("address");
  });

  it("describes conditions and actions in words", () => {
    expect(describeCondition(consentCondition("withdrawn"))).toBe("consent withdrawn for marketing.email");
    expect(describeCondition(consentCondition("given", ""))).toBe(
      "consent given for marketing.email (purpose-wide)",
    );
    expect(describeCondition(triggerConditionSchema.parse({ kind: "merge" }))).toBe(
      "profiles merged by a steward",
    );
    expect(
      describeCondition(triggerConditionSchema.parse({ kind: "attribute", attributes: ["email", "city"] })),
    ).toBe("golden email, city changed");
    expect(describeAction({ kind: "nats", subject: "crm.optouts" })).toBe("publish to NATS crm.optouts");
    expect(describeAction({ kind: "webhook", url: "https://h.example/x" })).toBe(
      "POST to https://h.example/x",
    );
  });
});
