-- Hand-written: Prisma declares no functions or triggers.
--
-- The API keeps each signed-in user's row (active, admin, token version) in
-- memory between reads, so a read costs one PostgreSQL round trip, not two.
-- This trigger is what keeps that copy honest in every replica: any change or
-- removal of a user row, by the API, by psql or by another tool, notifies
-- channel netraven_user_changed with the user's id ('*' after a TRUNCATE) when
-- the change commits, and each API process drops its copy. An API that finds
-- the trigger missing or disabled keeps no copy (it re-reads the row on every
-- request); schema-init validate reports it missing, like an index.
CREATE FUNCTION "netraven_notify_user_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify('netraven_user_changed', '*');
  ELSE
    PERFORM pg_notify('netraven_user_changed', OLD.id::text);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "users_notify_change" AFTER UPDATE OR DELETE ON "users"
FOR EACH ROW EXECUTE FUNCTION "netraven_notify_user_change"();

CREATE TRIGGER "users_notify_truncate" AFTER TRUNCATE ON "users"
FOR EACH STATEMENT EXECUTE FUNCTION "netraven_notify_user_change"();
