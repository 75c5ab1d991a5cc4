-- CreateIndex
CREATE INDEX "journal_erreurs_resolu_date_resolution_date_erreur_idx" ON "journal_erreurs"("resolu", "date_resolution", "date_erreur");
