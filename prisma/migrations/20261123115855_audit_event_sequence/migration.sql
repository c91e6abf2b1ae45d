-- DropIndex
DROP INDEX "audit_events_organization_id_entity_type_entity_id_created__idx";

-- AlterTable
ALTER TABLE "audit_events" ADD COLUMN     "sequence" BIGSERIAL NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "audit_events_sequence_key" ON "audit_events"("sequence");

-- CreateIndex
CREATE INDEX "audit_events_organization_id_sequence_idx" ON "audit_events"("organization_id", "sequence");

-- CreateIndex
CREATE INDEX "audit_events_organization_id_entity_type_entity_id_sequence_idx" ON "audit_events"("organization_id", "entity_type", "entity_id", "sequence");
