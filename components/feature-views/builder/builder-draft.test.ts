import { describe, expect, it } from "vitest";
import type { TFeatureGroup } from "@/lib/api/feature-groups";
import {
  emptyDraft,
  newJoinDraft,
  replaceJoin,
  toCreateRequest,
  withJoinGroup,
  type TBuilderDraft,
} from "./builder-draft";

// Changing a join's feature group in the builder: the alias follows the group until the user types one, and
// later joins attached to the old alias follow the new one, into the saved view's request.

const group = (name: string, key: string, features: string[]) =>
  ({
    name,
    version: 1,
    primaryKey: [key],
    eventTime: null,
    features: [key, ...features].map((feature) => ({ name: feature, type: "bigint" })),
  }) as unknown as TFeatureGroup;

const transactions = group("transactions", "transaction_id", ["card_id", "merchant_id"]);
const cards = group("card_profiles", "card_id", ["bank_id", "credit_limit"]);
const merchants = group("merchant_aggregates", "merchant_id", ["fraud_rate"]);
const banks = group("banks", "bank_id", ["rating"]);
const groups = [transactions, cards, merchants, banks];

const draftWithJoin = (): TBuilderDraft => {
  const draft = {
    ...emptyDraft(),
    name: "fraud",
    root: { featureGroup: { name: "transactions", version: 1 }, selected: [] },
  };
  return { ...draft, joins: [newJoinDraft(draft, cards)] };
};
const request = (draft: TBuilderDraft) =>
  toCreateRequest({
    draft,
    lookup: (ref) => groups.find((candidate) => candidate.name === ref?.name),
    outputNames: [],
    typeOf: () => "bigint",
  });

describe("changing a join's feature group", () => {
  it("renames an alias the user did not type, into the saved view", () => {
    const draft = draftWithJoin();
    const changed = withJoinGroup(draft, draft.joins[0], merchants);
    expect(changed).toMatchObject({ alias: "merchant_aggregates", rightOn: ["merchant_id"] });
    expect(request({ ...draft, joins: replaceJoin(draft, changed) }).joins?.[0]?.alias).toBe("merchant_aggregates");
  });

  it("keeps an alias the user typed", () => {
    const draft = draftWithJoin();
    const typed = { ...draft.joins[0], alias: "cards", isAliasEdited: true };
    expect(withJoinGroup(draft, typed, merchants).alias).toBe("cards");
  });

  it("takes a free alias when another join already has the group's name", () => {
    const draft = draftWithJoin();
    const withSecond = { ...draft, joins: [...draft.joins, newJoinDraft(draft, merchants)] };
    expect(withJoinGroup(withSecond, withSecond.joins[0], merchants).alias).toBe("merchant_aggregates_2");
  });

  it("re-points a later join attached to the old alias", () => {
    const draft = draftWithJoin();
    const snowflake = { ...newJoinDraft(draft, banks), left: "card_profiles" };
    const both = { ...draft, joins: [...draft.joins, snowflake] };
    const joins = replaceJoin(both, withJoinGroup(both, both.joins[0], merchants));
    expect(joins.map((join) => [join.alias, join.left])).toEqual([
      ["merchant_aggregates", "transactions"],
      ["banks", "merchant_aggregates"],
    ]);
  });
});
