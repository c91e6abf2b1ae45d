-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "budget_floor" INTEGER;
