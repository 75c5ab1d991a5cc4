-- AlterTable
ALTER TABLE "actions_prospect" ADD COLUMN     "attente_jusqua" TIMESTAMP(3),
ADD COLUMN     "attente_par" TEXT,
ADD COLUMN     "debut_incident" TIMESTAMP(3),
ADD COLUMN     "numero_essai" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "prochain_essai" TIMESTAMP(3),
ADD COLUMN     "reprises" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "instances_app" (
    "id" TEXT NOT NULL,
    "hote" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "date_demarrage" TIMESTAMP(3) NOT NULL,
    "date_battement" TIMESTAMP(3) NOT NULL,
    "flux" INTEGER NOT NULL DEFAULT 0,
    "actions_traitees" INTEGER NOT NULL DEFAULT 0,
    "flux_par_audience" JSONB NOT NULL DEFAULT '{}',
    "n8n_dernier_succes" TIMESTAMP(3),
    "n8n_dernier_echec" TIMESTAMP(3),
    "n8n_derniere_erreur" TEXT,

    CONSTRAINT "instances_app_pkey" PRIMARY KEY ("id")
);
