-- AlterTable
ALTER TABLE "users" ADD COLUMN     "title" TEXT;
