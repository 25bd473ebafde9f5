-- Golden rows stop carrying the values they were chosen from (every member's value with its source, time and
-- trust): the profile page and value lineage read those from the members, and linking one more agreeing record no
-- longer rewrites every row of its profile. What a quality rule needs stays: how many distinct values there were.
UPDATE "golden_attributes"
SET "rule_detail" = ("rule_detail" - 'candidates') || jsonb_build_object(
  'distinctValues',
  (SELECT count(DISTINCT c ->> 'value') FROM jsonb_array_elements("rule_detail" -> 'candidates') AS c)
)
WHERE jsonb_typeof("rule_detail" -> 'candidates') = 'array';
