-- DropIndex
DROP INDEX "prospects_date_dernier_contact_id_prospect_idx";

-- DropIndex
DROP INDEX "prospects_statut_prospect_formation_souhaitee_date_dernier__idx";

-- DropIndex
DROP INDEX "prospects_statut_prospect_mode_financement_date_dernier_con_idx";

-- CreateIndex
CREATE INDEX "prospects_liste_idx" ON "prospects"("date_dernier_contact" DESC, "id_prospect" DESC, "statut_prospect");

-- CreateIndex
CREATE INDEX "prospects_liste_formation_idx" ON "prospects"("formation_souhaitee", "date_dernier_contact" DESC, "id_prospect" DESC, "statut_prospect");

-- CreateIndex
CREATE INDEX "prospects_liste_financement_idx" ON "prospects"("mode_financement", "date_dernier_contact" DESC, "id_prospect" DESC, "statut_prospect");

-- CreateIndex
CREATE INDEX "prospects_statut_prospect_date_dernier_contact_id_prospect_idx" ON "prospects"("statut_prospect", "date_dernier_contact" DESC, "id_prospect" DESC);

-- CreateIndex
CREATE INDEX "prospects_statut_prospect_formation_souhaitee_date_dernier__idx" ON "prospects"("statut_prospect", "formation_souhaitee", "date_dernier_contact" DESC, "id_prospect" DESC);

-- CreateIndex
CREATE INDEX "prospects_statut_prospect_mode_financement_date_dernier_con_idx" ON "prospects"("statut_prospect", "mode_financement", "date_dernier_contact" DESC, "id_prospect" DESC);
