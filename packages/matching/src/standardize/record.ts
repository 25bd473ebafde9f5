// Standardizes a whole raw record into the comparable form every later stage (block, compare, survive) reads.
import type { InputRecord } from "../fields";
import { parseFullAddress, standardizeStreet } from "./addresses";
import { standardizeDate, type DateOptions } from "./dates";
import { memoizeText } from "./memo";
import { standardizeEmail } from "./emails";
import { standardizeName } from "./names";
import { standardizePhone, type CountryCode } from "./phones";
import { standardizePostcode } from "./postcodes";
import { foldText, presentOrNull } from "./text";

export interface StandardRecord {
  id: string;
  source: string | null;
  updatedAt: string | null;
  firstName: string | null;
  middleName: string | null;
  lastName: string | null;
  nameSuffix: string | null;
  dob: string | null;
  gender: string | null;
  email: string | null;
  phone: string | null;
  streetNumber: string | null;
  street: string | null;
  unit: string | null;
  city: string | null;
  state: string | null;
  postcode: string | null;
  country: string | null;
  nationalId: string | null;
}

/** The standardized attributes that comparisons, blocking rules and survivorship can name. */
export type StandardField = Exclude<keyof StandardRecord, "id" | "source" | "updatedAt">;

export const STANDARD_FIELDS: readonly StandardField[] = [
  "firstName",
  "middleName",
  "lastName",
  "nameSuffix",
  "dob",
  "gender",
  "email",
  "phone",
  "streetNumber",
  "street",
  "unit",
  "city",
  "state",
  "postcode",
  "country",
  "nationalId",
];

export interface StandardizeOptions {
  /** Region for phone numbers written without a country code (ISO 3166 alpha-2). */
  defaultPhoneRegion?: CountryCode;
  dateOrder?: DateOptions["order"];
}

export function standardizeGender(raw: string | null | undefined): string | null {
  return raw ? genderMemo(raw) : null;
}

const genderMemo = memoizeText((raw: string): string | null => {
  const text = foldText(raw);
  if (/^(m|male|man|masc|masculine|mr|boy)$/.test(text)) return "m";
  if (/^(f|female|woman|fem|feminine|w|girl)$/.test(text)) return "f";
  return null;
}, 1000);

const nationalIdMemo = memoizeText(
  (raw: string): string | null => raw.toLowerCase().replace(/[^a-z0-9]/g, "") || null,
);

const foldPlace = memoizeText((text: string) => foldText(text) || null);
const datesByOrder = {
  mdy: memoizeText((text: string) => standardizeDate(text, { order: "mdy" })),
  dmy: memoizeText((text: string) => standardizeDate(text, { order: "dmy" })),
};

function foldedOrNull(raw: string | null | undefined): string | null {
  const value = presentOrNull(raw);
  return value ? foldPlace(value) : null;
}

export function standardizeRecord(input: InputRecord, options: StandardizeOptions = {}): StandardRecord {
  const get = (field: keyof InputRecord): string | null => presentOrNull(input[field]);
  const name = standardizeName({
    first: get("first_name"),
    middle: get("middle_name"),
    last: get("last_name"),
    full: get("full_name"),
  });
  let street = standardizeStreet(get("street"), get("street_number"), get("address_line2"));
  let city = foldedOrNull(input.city);
  let state = foldedOrNull(input.state);
  let postcode = standardizePostcode(get("postcode"));
  const streetText = get("street");
  // Sources that keep the whole address in one column: "123 Main St, Las Vegas NV 89132".
  if (streetText && streetText.includes(",") && !city) {
    const full = parseFullAddress(streetText);
    street = {
      streetNumber: street.streetNumber ?? full.streetNumber,
      street: full.street,
      unit: street.unit ?? full.unit,
    };
    city = full.city;
    state ??= full.state;
    postcode ??= standardizePostcode(full.postcode);
  }
  const dobText = get("dob");
  const nationalIdText = get("national_id");
  const nationalId = nationalIdText ? nationalIdMemo(nationalIdText) : null;
  return {
    id: input.record_id,
    source: get("source"),
    updatedAt: presentOrNull(input.updated_at),
    firstName: name.first,
    middleName: name.middle,
    lastName: name.last,
    nameSuffix: name.suffix,
    dob: dobText ? datesByOrder[options.dateOrder ?? "mdy"](dobText) : null,
    gender: standardizeGender(get("gender")),
    email: standardizeEmail(get("email")),
    phone: standardizePhone(get("phone"), options.defaultPhoneRegion),
    streetNumber: street.streetNumber,
    street: street.street,
    unit: street.unit,
    city,
    state,
    postcode,
    country: foldedOrNull(input.country),
    nationalId,
  };
}
