-- DropIndex
DROP INDEX "assets_serial_number_trgm";

-- AlterTable
ALTER TABLE "assets" ADD COLUMN     "serial_number_hash" TEXT;

-- CreateIndex
CREATE INDEX "assets_organization_id_serial_number_hash_idx" ON "assets"("organization_id", "serial_number_hash");

-- Existing serial numbers and notes stay readable (values without the enc:v1: prefix are read as
-- clear text) and are encrypted on their next write.

-- TRUNCATE bypasses row triggers: refuse it too, so audit_events stays append-only.
CREATE TRIGGER audit_events_no_truncate
  BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
