-- AlterTable
ALTER TABLE "notifications" ADD COLUMN     "auteur_id" TEXT;
