-- DropIndex
DROP INDEX "api_keys_organization_id_created_at_idx";

-- DropIndex
DROP INDEX "assets_organization_id_category_idx";

-- DropIndex
DROP INDEX "assets_organization_id_status_idx";

-- DropIndex
DROP INDEX "client_credentials_organization_id_created_at_idx";

-- DropIndex
DROP INDEX "locations_organization_id_type_idx";

-- DropIndex
DROP INDEX "vendors_organization_id_risk_rating_idx";

-- CreateIndex
CREATE INDEX "api_keys_organization_id_created_at_id_idx" ON "api_keys"("organization_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "assets_organization_id_status_id_idx" ON "assets"("organization_id", "status", "id");

-- CreateIndex
CREATE INDEX "assets_organization_id_category_id_idx" ON "assets"("organization_id", "category", "id");

-- CreateIndex
CREATE INDEX "client_credentials_organization_id_created_at_id_idx" ON "client_credentials"("organization_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "locations_organization_id_type_id_idx" ON "locations"("organization_id", "type", "id");

-- CreateIndex
CREATE INDEX "vendors_organization_id_risk_rating_id_idx" ON "vendors"("organization_id", "risk_rating", "id");
