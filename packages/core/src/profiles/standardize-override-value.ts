// Turns what a steward typed into the value survivorship would show for that attribute (phone E.164, dob
// yyyy-mm-dd, names title-cased), with the engine's own standardizers, or says why it cannot.
import { standardizeRecord } from "@c360/matching/standardize/record";
import { AppError } from "../errors";
import { GOLDEN_ATTRIBUTE_FORMATS } from "./build-golden-attributes";
import type { OverridableField } from "./overridable-fields";

const HINTS: Partial<Record<OverridableField, string>> = {
  phone: "write it with its country code, e.g. +1 415 555 0100",
  dob: "write it as yyyy-mm-dd, e.g. 1984-03-07",
  email: "write it as name@example.com",
  gender: "write female, male or another gender",
};

export function standardizeOverrideValue(attribute: OverridableField, typed: string): string {
  const spec = GOLDEN_ATTRIBUTE_FORMATS.get(attribute);
  if (!spec)
    throw new AppError("BAD_REQUEST", `${attribute} is not a golden attribute a steward can override.`, {
      field: "attribute",
    });
  const text = typed.trim();
  // The street number and unit are read together with a street; anything else stands alone.
  const input =
    attribute === "street_number" || attribute === "address_line2"
      ? { street: "x", [attribute]: text }
      : { [attribute]: text };
  const standard = standardizeRecord({ record_id: "steward-override", ...input })[spec.field];
  if (typeof standard !== "string" || standard === "") {
    const hint = HINTS[attribute];
    throw new AppError(
      "BAD_REQUEST",
      `"${text}" is not a valid ${attribute.replace(/_/g, " ")}${hint ? `: ${hint}` : ""}.`,
      { field: "value" },
    );
  }
  return spec.format(standard, text);
}
