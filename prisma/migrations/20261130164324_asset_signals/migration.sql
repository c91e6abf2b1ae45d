-- CreateTable
CREATE TABLE "asset_signals" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organization_id" UUID NOT NULL,
    "asset_id" UUID NOT NULL,
    "signal_type" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "unit" TEXT,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,
    "metadata" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "asset_signals_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "asset_signals_organization_id_asset_id_signal_type_recorded_idx" ON "asset_signals"("organization_id", "asset_id", "signal_type", "recorded_at", "id");

-- CreateIndex
CREATE INDEX "asset_signals_organization_id_asset_id_recorded_at_id_idx" ON "asset_signals"("organization_id", "asset_id", "recorded_at", "id");

-- CreateIndex
CREATE INDEX "asset_signals_recorded_at_idx" ON "asset_signals"("recorded_at");

-- AddForeignKey
ALTER TABLE "asset_signals" ADD CONSTRAINT "asset_signals_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "asset_signals" ADD CONSTRAINT "asset_signals_asset_id_fkey" FOREIGN KEY ("asset_id") REFERENCES "assets"("id") ON DELETE CASCADE ON UPDATE CASCADE;
