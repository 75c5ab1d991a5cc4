-- AlterTable
ALTER TABLE "actions_prospect" ADD COLUMN     "relancee_par" TEXT;
