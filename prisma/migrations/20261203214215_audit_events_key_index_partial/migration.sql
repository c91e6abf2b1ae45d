-- DropIndex
DROP INDEX "audit_events_organization_id_actor_api_key_id_created_at_idx";

-- CreateIndex
CREATE INDEX "audit_events_organization_id_actor_api_key_id_created_at_idx" ON "audit_events"("organization_id", "actor_api_key_id", "created_at") WHERE (actor_api_key_id IS NOT NULL);
