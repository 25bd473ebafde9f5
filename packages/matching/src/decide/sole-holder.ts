// Field-poor records that one contact value names. A newsletter sign-up or a support contact often carries nothing but
// an email (perhaps a given name): its pairs cannot reach the match weight, because one agreeing email against the
// prior odds of two random records being one person is a coin toss (a shared family mailbox also agrees). Judged
// against the whole data, not one pair at a time, the evidence is stronger: when every other record holding that
// email belongs to ONE cluster, the email names one person, and the record joins that cluster. Kept apart when a name
// on the record contradicts any member (the family mailbox read by another member), when the value is held by two
// clusters (shared, so ambiguous), or when the chaining guard refuses the join. Batch (clusterPairs' result) and real
// time (planArrivals, an arrival that links to nothing) apply the same rule. Decision 0107.
import { levelLabels } from "../compare/comparisons";
import type { PairScorer } from "../model/scorer";
import { FIELD_SLOT, NULL_VALUE, ROW_STRIDE, type RecordStore } from "../store";
import type { StandardField } from "../standardize/record";
import { mayJoinClusters, type JoinGuard } from "../cluster";

/** Fields that identify a person on their own: a record holding one of these besides its contact value is not field-poor. */
const IDENTIFYING: readonly StandardField[] = ["dob", "nationalId", "street", "phone", "email"];
/** Contact values that may name one person: an email, then a phone (each rule sees the other as identifying). */
export const CONTACT_FIELDS = ["email", "phone"] as const satisfies readonly StandardField[];
export type ContactField = (typeof CONTACT_FIELDS)[number];

export interface SoleHolderRule {
  /** The record's contact value (dictionary id) when it is field-poor (nothing identifying but that value), else -1. */
  contactOf(position: number): number;
  /** Value id of the contact field at a position (-1 when null), field-poor or not. */
  contactValueAt(position: number): number;
  /** True when a name of record a clearly disagrees with the same name of record b (the model's "else" level). */
  namesContradict(a: number, b: number): boolean;
}

export function soleHolderRule(scorer: PairScorer, contact: ContactField): SoleHolderRule {
  const store = scorer.store;
  const contactSlot = FIELD_SLOT[contact];
  const identifyingSlots = IDENTIFYING.filter((field) => field !== contact).map((field) => FIELD_SLOT[field]);
  const names = scorer.model.comparisons.flatMap((comparison, k) =>
    comparison.spec.name === "first_name" || comparison.spec.name === "last_name"
      ? [{ level: scorer.levelFunctions[k]!, elseLevel: levelLabels(comparison.spec).length - 1 }]
      : [],
  );
  // store.rows is read at each call: the resident index's store grows (and reallocates its rows) between calls.
  const valueAt = (position: number, slot: number) => store.rows[position * ROW_STRIDE + slot]!;
  return {
    contactValueAt: (position) => valueAt(position, contactSlot),
    contactOf(position) {
      const contact = valueAt(position, contactSlot);
      if (contact === NULL_VALUE) return -1;
      for (const slot of identifyingSlots) if (valueAt(position, slot) !== NULL_VALUE) return -1;
      return contact;
    },
    namesContradict: (a, b) => names.some((name) => name.level(a, b) === name.elseLevel),
  };
}

/**
 * The chaining guard for a sole-holder join. Only the same-source check applies, and not to two records sharing the
 * contact value (one system holding one mailbox twice is a second sign-up, not a second person): the cannot-link
 * check would veto every join, since a record that holds nothing but an email scores far below zero against any
 * member with another email, which says nothing against it. Names that contradict are checked apart (namesContradict).
 */
export function soleHolderGuard(
  scorer: PairScorer,
  rule: SoleHolderRule,
  sameSourceCannotLinkWeight: number,
): JoinGuard {
  return {
    cannotLinkWeight: -Infinity,
    scorePair: (a, b) => (rule.contactValueAt(a) === rule.contactValueAt(b) ? Infinity : scorer.score(a, b)),
    sources: scorer.store.sources,
    sameSourceCannotLinkWeight,
  };
}

/**
 * Joins field-poor singletons to the one cluster holding their contact value (see the file's head), in place: cluster
 * ids stay the smallest member position. Returns how many records joined a cluster.
 */
export function attachFieldPoorRecords(
  store: RecordStore,
  clusterOf: Int32Array,
  scorer: PairScorer,
  sameSourceCannotLinkWeight: number,
): number {
  let attached = 0;
  for (const contact of CONTACT_FIELDS)
    attached += attachByContact(
      store,
      clusterOf,
      soleHolderRule(scorer, contact),
      scorer,
      sameSourceCannotLinkWeight,
    );
  return attached;
}

function attachByContact(
  store: RecordStore,
  clusterOf: Int32Array,
  rule: SoleHolderRule,
  scorer: PairScorer,
  sameSourceCannotLinkWeight: number,
): number {
  const guard = soleHolderGuard(scorer, rule, sameSourceCannotLinkWeight);
  const size = new Int32Array(store.size);
  for (let i = 0; i < store.size; i++) size[clusterOf[i]!]!++;
  // Per contact value: the field-poor singletons holding it, and the other clusters holding it (-2: more than one).
  const poor = new Map<number, number[]>();
  for (let i = 0; i < store.size; i++) {
    const contact = rule.contactOf(i);
    if (contact >= 0 && size[clusterOf[i]!] === 1) {
      const list = poor.get(contact);
      if (list) list.push(i);
      else poor.set(contact, [i]);
    }
  }
  if (poor.size === 0) return 0;
  const holder = new Map<number, number>();
  const members = new Map<number, number[]>();
  for (let i = 0; i < store.size; i++) {
    const contact = rule.contactValueAt(i);
    if (contact === NULL_VALUE || !poor.has(contact)) continue;
    const cluster = clusterOf[i]!;
    if (size[cluster] === 1 && rule.contactOf(i) >= 0) continue;
    const seen = holder.get(contact);
    if (seen === undefined) holder.set(contact, cluster);
    else if (seen !== cluster) holder.set(contact, -2);
  }
  for (let i = 0; i < store.size; i++) {
    const cluster = clusterOf[i]!;
    if (size[cluster]! === 1) continue;
    const list = members.get(cluster);
    if (list) list.push(i);
    else members.set(cluster, [i]);
  }
  const joins = new Map<number, number[]>();
  const self = [0];
  for (const [contact, records] of poor) {
    const cluster = holder.get(contact);
    if (cluster === undefined || cluster < 0) continue;
    const theirs = members.get(cluster) ?? [cluster];
    for (const record of records) {
      if (theirs.some((member) => rule.namesContradict(record, member))) continue;
      self[0] = record;
      if (mayJoinClusters(guard, self, [...theirs, ...(joins.get(cluster) ?? [])]) !== null) continue;
      const list = joins.get(cluster);
      if (list) list.push(record);
      else joins.set(cluster, [record]);
    }
  }
  let attached = 0;
  for (const [cluster, records] of joins) {
    const newId = Math.min(cluster, ...records);
    for (const member of members.get(cluster) ?? [cluster]) clusterOf[member] = newId;
    for (const record of records) clusterOf[record] = newId;
    attached += records.length;
  }
  return attached;
}

/** What the real-time path knows of profiles: the profile of a placed record (-1: none yet) and its members. */
export interface ProfileLookup {
  profileNumberAt(position: number): number;
  membersOf(profileNumber: number): number[];
}

/**
 * The real-time side of the rule, for an arrival that links to nothing: a holder of its contact value in the one
 * profile that holds it (field-poor single-record profiles aside, as in the batch), or -1. `candidates` are the
 * arrival's stored candidates (blocking on the contact value puts every holder among them).
 */
export function soleHolderFor(
  scorer: PairScorer,
  self: number,
  candidates: readonly number[],
  profiles: ProfileLookup,
  sameSourceCannotLinkWeight: number,
): number {
  for (const contact of CONTACT_FIELDS) {
    const rule = soleHolderRule(scorer, contact);
    const value = rule.contactOf(self);
    if (value < 0) continue;
    let profile = -1;
    let holder = -1;
    for (const position of candidates) {
      if (position === self || rule.contactValueAt(position) !== value) continue;
      const number = profiles.profileNumberAt(position);
      if (number < 0) continue;
      if (rule.contactOf(position) >= 0 && profiles.membersOf(number).length === 1) continue;
      if (profile >= 0 && number !== profile) return -1;
      profile = number;
      holder = position;
    }
    if (profile < 0) return -1;
    const members = profiles.membersOf(profile);
    if (members.some((member) => rule.namesContradict(self, member))) return -1;
    const guard = soleHolderGuard(scorer, rule, sameSourceCannotLinkWeight);
    return mayJoinClusters(guard, [self], members) === null ? holder : -1;
  }
  return -1;
}
