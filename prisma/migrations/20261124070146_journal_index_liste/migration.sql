-- DropIndex
DROP INDEX "journal_erreurs_date_erreur_id_idx";

-- DropIndex
DROP INDEX "journal_erreurs_nom_workflow_date_erreur_idx";

-- DropIndex
DROP INDEX "journal_erreurs_resolu_date_erreur_idx";

-- DropIndex
DROP INDEX "journal_erreurs_severite_date_erreur_idx";

-- CreateIndex
CREATE INDEX "journal_erreurs_date_erreur_id_severite_idx" ON "journal_erreurs"("date_erreur" DESC, "id" DESC, "severite");

-- CreateIndex
CREATE INDEX "journal_erreurs_severite_date_erreur_id_idx" ON "journal_erreurs"("severite", "date_erreur" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "journal_erreurs_resolu_date_erreur_id_severite_idx" ON "journal_erreurs"("resolu", "date_erreur" DESC, "id" DESC, "severite");

-- CreateIndex
CREATE INDEX "journal_erreurs_nom_workflow_date_erreur_id_resolu_severite_idx" ON "journal_erreurs"("nom_workflow", "date_erreur" DESC, "id" DESC, "resolu", "severite");
