-- CreateEnum
CREATE TYPE "MaintenanceType" AS ENUM ('repair', 'inspection', 'calibration', 'upgrade', 'cleaning', 'other');

-- CreateTable
CREATE TABLE "maintenance_records" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "asset_id" UUID NOT NULL,
    "type" "MaintenanceType" NOT NULL DEFAULT 'other',
    "description" TEXT,
    "scheduled_date" DATE,
    "completed_at" TIMESTAMPTZ(3),
    "cost" DECIMAL(14,2),
    "performed_by_user_id" UUID,
    "performed_by_vendor_id" UUID,
    "notes" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "maintenance_records_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "maintenance_records_organization_id_scheduled_date_id_idx" ON "maintenance_records"("organization_id", "scheduled_date", "id");

-- CreateIndex
CREATE INDEX "maintenance_records_organization_id_created_at_id_idx" ON "maintenance_records"("organization_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "maintenance_records_organization_id_asset_id_scheduled_date_idx" ON "maintenance_records"("organization_id", "asset_id", "scheduled_date");

-- CreateIndex
CREATE INDEX "maintenance_records_performed_by_vendor_id_idx" ON "maintenance_records"("performed_by_vendor_id");

-- AddForeignKey
ALTER TABLE "maintenance_records" ADD CONSTRAINT "maintenance_records_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "maintenance_records" ADD CONSTRAINT "maintenance_records_asset_id_fkey" FOREIGN KEY ("asset_id") REFERENCES "assets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "maintenance_records" ADD CONSTRAINT "maintenance_records_performed_by_user_id_fkey" FOREIGN KEY ("performed_by_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "maintenance_records" ADD CONSTRAINT "maintenance_records_performed_by_vendor_id_fkey" FOREIGN KEY ("performed_by_vendor_id") REFERENCES "vendors"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
