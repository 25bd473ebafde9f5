-- The consent ledger is append-only: it is the evidence that c360 may use a person's data (GDPR Art. 7(1)), so a
-- bug or a careless script must not be able to rewrite or remove it. Application code only INSERTs.
--
-- Two narrow exceptions:
-- * profile_id is the event's attribution to a golden profile, not one of its facts. Consent follows identity
--   resolution (a merge re-points it to the surviving profile, an unmerge restores it; an event captured before
--   its profile existed is attached later), so an UPDATE that changes profile_id and nothing else is allowed.
--   The merge event's before/after snapshot records the attribution it changed.
-- * Erasure (GDPR Art. 17) must remove or pseudonymise a person's events. The erasure code runs, inside its
--   transaction, `SET LOCAL c360.erasure = 'on'`; only then are UPDATE and DELETE let through. SET LOCAL ends
--   with the transaction, so the permission cannot leak to other work on a pooled connection.
-- TRUNCATE is refused the same way (statement-level trigger).
CREATE FUNCTION "c360_consent_events_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('c360.erasure', true), '') = 'on' THEN
    IF TG_OP = 'UPDATE' THEN
      RETURN NEW;
    END IF;
    RETURN OLD;
  END IF;
  IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'profile_id') = (to_jsonb(OLD) - 'profile_id') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'consent_events is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Record a new consent event instead. Only erasure may change the ledger, with SET LOCAL c360.erasure = ''on''.';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "consent_events_append_only"
  BEFORE UPDATE OR DELETE ON "consent_events"
  FOR EACH ROW EXECUTE FUNCTION "c360_consent_events_append_only"();
--> statement-breakpoint
CREATE TRIGGER "consent_events_no_truncate"
  BEFORE TRUNCATE ON "consent_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "c360_consent_events_append_only"();
