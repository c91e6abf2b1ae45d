-- CreateTable
CREATE TABLE "licenses" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "vendor" TEXT,
    "product" TEXT,
    "edition" TEXT,
    "seats_purchased" INTEGER NOT NULL,
    "cost_per_seat" DECIMAL(14,2),
    "total_cost" DECIMAL(14,2),
    "purchase_date" DATE,
    "expiry_date" DATE,
    "license_key" TEXT,
    "notes" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "licenses_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "license_seats" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "license_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "assigned_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "released_at" TIMESTAMPTZ(3),
    "performed_by_id" UUID,

    CONSTRAINT "license_seats_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "licenses_organization_id_name_id_idx" ON "licenses"("organization_id", "name", "id");

-- CreateIndex
CREATE INDEX "licenses_organization_id_created_at_id_idx" ON "licenses"("organization_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "licenses_organization_id_expiry_date_id_idx" ON "licenses"("organization_id", "expiry_date", "id");

-- CreateIndex
CREATE INDEX "licenses_organization_id_vendor_id_idx" ON "licenses"("organization_id", "vendor", "id");

-- CreateIndex
CREATE INDEX "licenses_name_trgm" ON "licenses" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "license_seats_license_id_released_at_idx" ON "license_seats"("license_id", "released_at");

-- CreateIndex
CREATE INDEX "license_seats_organization_id_user_id_released_at_idx" ON "license_seats"("organization_id", "user_id", "released_at");

-- AddForeignKey
ALTER TABLE "licenses" ADD CONSTRAINT "licenses_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "license_seats" ADD CONSTRAINT "license_seats_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "license_seats" ADD CONSTRAINT "license_seats_license_id_fkey" FOREIGN KEY ("license_id") REFERENCES "licenses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "license_seats" ADD CONSTRAINT "license_seats_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "license_seats" ADD CONSTRAINT "license_seats_performed_by_id_fkey" FOREIGN KEY ("performed_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
