-- CreateEnum
CREATE TYPE "IncidentSeverity" AS ENUM ('low', 'medium', 'high', 'critical');

-- CreateEnum
CREATE TYPE "DocumentKind" AS ENUM ('invoice', 'warranty', 'manual', 'contract', 'certificate', 'insurance', 'other');

-- CreateTable
CREATE TABLE "incidents" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "asset_id" UUID NOT NULL,
    "severity" "IncidentSeverity" NOT NULL DEFAULT 'medium',
    "title" TEXT NOT NULL,
    "description" TEXT,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "opened_by_id" UUID,
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_by_id" UUID,
    "resolution" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "incidents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "asset_documents" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "asset_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "DocumentKind" NOT NULL DEFAULT 'other',
    "reference" TEXT NOT NULL,
    "expires_at" DATE,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "asset_documents_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "incidents_organization_id_opened_at_id_idx" ON "incidents"("organization_id", "opened_at", "id");

-- CreateIndex
CREATE INDEX "incidents_organization_id_severity_id_idx" ON "incidents"("organization_id", "severity", "id");

-- CreateIndex
CREATE INDEX "incidents_organization_id_asset_id_opened_at_id_idx" ON "incidents"("organization_id", "asset_id", "opened_at", "id");

-- CreateIndex
CREATE INDEX "incidents_opened_by_id_idx" ON "incidents"("opened_by_id");

-- CreateIndex
CREATE INDEX "incidents_resolved_by_id_idx" ON "incidents"("resolved_by_id");

-- CreateIndex
CREATE INDEX "asset_documents_organization_id_expires_at_id_idx" ON "asset_documents"("organization_id", "expires_at", "id");

-- CreateIndex
CREATE INDEX "asset_documents_organization_id_name_id_idx" ON "asset_documents"("organization_id", "name", "id");

-- CreateIndex
CREATE INDEX "asset_documents_organization_id_created_at_id_idx" ON "asset_documents"("organization_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "asset_documents_organization_id_asset_id_expires_at_id_idx" ON "asset_documents"("organization_id", "asset_id", "expires_at", "id");

-- AddForeignKey
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_asset_id_fkey" FOREIGN KEY ("asset_id") REFERENCES "assets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_opened_by_id_fkey" FOREIGN KEY ("opened_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_resolved_by_id_fkey" FOREIGN KEY ("resolved_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "asset_documents" ADD CONSTRAINT "asset_documents_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "asset_documents" ADD CONSTRAINT "asset_documents_asset_id_fkey" FOREIGN KEY ("asset_id") REFERENCES "assets"("id") ON DELETE CASCADE ON UPDATE CASCADE;
