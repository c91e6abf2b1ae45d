-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "trusted_documents_only" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "organizations" ADD COLUMN     "trusted_documents_only" BOOLEAN NOT NULL DEFAULT false;
