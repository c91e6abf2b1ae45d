-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "budget_capacity" INTEGER,
ADD COLUMN     "budget_restore_rate" DOUBLE PRECISION;
