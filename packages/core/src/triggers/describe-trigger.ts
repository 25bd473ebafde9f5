// A trigger's condition and action in words, the same in the portal's list and page and in `c360 triggers list`.
// Pure: the portal imports it in server components and the CLI in the terminal.
import type { TriggerAction, TriggerCondition } from "./trigger-schemas";

export function describeCondition(condition: TriggerCondition): string {
  switch (condition.kind) {
    case "event": {
      const filters = condition.where.map(
        (f) => `${f.property} ${f.op}${f.value === undefined ? "" : ` ${JSON.stringify(f.value)}`}`,
      );
      return filters.length ? `${condition.event} (${filters.join(", ")})` : condition.event;
    }
    case "absence":
      return `no ${condition.event} in ${condition.days} days`;
    case "consent":
      return `consent ${condition.change} for ${condition.purpose}${condition.channel === undefined ? "" : ` (${condition.channel || "purpose-wide"})`}`;
    case "merge":
      return "profiles merged by a steward";
    case "attribute":
      return `golden ${condition.attributes.join(", ")} changed`;
  }
}

export function describeAction(action: TriggerAction): string {
  switch (action.kind) {
    case "webhook":
      return `POST to ${action.url}`;
    case "nats":
      return `publish to NATS ${action.subject}`;
  }
}
