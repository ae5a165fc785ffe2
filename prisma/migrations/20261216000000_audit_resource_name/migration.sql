-- The audit log names the resource an event concerns as it was called at the time (a feature group's "name v1", a
-- member's email, an API key's name): the console shows the name, the id on hover. Recorded with the event because
-- the trail outlives renames and deletions; events written before this column read as their id.
ALTER TABLE "AuditEvent" ADD COLUMN "resourceName" TEXT;
