-- CreateEnum
CREATE TYPE "DepreciationMethod" AS ENUM ('straight_line', 'declining_balance');

-- CreateTable
CREATE TABLE "depreciation_settings" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "category" TEXT NOT NULL,
    "method" "DepreciationMethod" NOT NULL,
    "useful_life_years" INTEGER NOT NULL,
    "salvage_percent" DECIMAL(5,2) NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "depreciation_settings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "depreciation_settings_organization_id_category_key" ON "depreciation_settings"("organization_id", "category");

-- AddForeignKey
ALTER TABLE "depreciation_settings" ADD CONSTRAINT "depreciation_settings_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
