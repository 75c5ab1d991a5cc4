-- Trigram search over names, emails, phones and error messages
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ADMIN', 'FORMATEUR', 'ELEVE');

-- CreateEnum
CREATE TYPE "ModeFinancement" AS ENUM ('CPF', 'OPCO', 'FRANCE_TRAVAIL', 'PERSONNEL', 'EMPLOYEUR', 'AUTRE');

-- CreateEnum
CREATE TYPE "StatutProspect" AS ENUM ('NOUVEAU', 'CONTACTE', 'INTERESSE', 'EN_ATTENTE_DOSSIER', 'CANDIDAT', 'PERDU');

-- CreateEnum
CREATE TYPE "StatutDossier" AS ENUM ('RECU', 'INCOMPLET', 'COMPLET', 'VALIDE', 'REFUSE');

-- CreateEnum
CREATE TYPE "DirectionEmail" AS ENUM ('ENTRANT', 'SORTANT');

-- CreateEnum
CREATE TYPE "Severite" AS ENUM ('INFO', 'WARNING', 'ERREUR', 'CRITIQUE');

-- CreateEnum
CREATE TYPE "Audience" AS ENUM ('ADMIN', 'FORMATEUR', 'ELEVE', 'TOUS');

-- CreateEnum
CREATE TYPE "PrioriteNotification" AS ENUM ('BASSE', 'NORMALE', 'HAUTE', 'URGENTE');

-- CreateEnum
CREATE TYPE "TypeAction" AS ENUM ('CONVERTIR_CANDIDAT', 'ENVOYER_DOSSIER', 'GENERER_DEVIS', 'ENVOYER_EMAIL');

-- CreateEnum
CREATE TYPE "StatutAction" AS ENUM ('EN_COURS', 'EN_ATTENTE', 'TERMINEE', 'ECHEC');

-- CreateTable
CREATE TABLE "utilisateurs" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "nom" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "mot_de_passe_hash" TEXT NOT NULL,
    "derniere_notification_lue" INTEGER NOT NULL DEFAULT 0,
    "date_creation" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "utilisateurs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions_connexion" (
    "id" TEXT NOT NULL,
    "utilisateur_id" TEXT NOT NULL,
    "date_expiration" TIMESTAMP(3) NOT NULL,
    "date_creation" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "user_agent" TEXT,

    CONSTRAINT "sessions_connexion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tentatives_connexion" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "succes" BOOLEAN NOT NULL,
    "date" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tentatives_connexion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "formations" (
    "id" TEXT NOT NULL,
    "nom" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "duree_heures" INTEGER NOT NULL,
    "prix_euros" INTEGER NOT NULL,

    CONSTRAINT "formations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" TEXT NOT NULL,
    "formation_id" TEXT NOT NULL,
    "libelle" TEXT NOT NULL,
    "date_debut" DATE NOT NULL,
    "date_fin" DATE NOT NULL,
    "places" INTEGER NOT NULL,
    "ouverte" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "documents_requis" (
    "id" TEXT NOT NULL,
    "formation_id" TEXT NOT NULL,
    "libelle" TEXT NOT NULL,
    "obligatoire" BOOLEAN NOT NULL DEFAULT true,
    "ordre" INTEGER NOT NULL,

    CONSTRAINT "documents_requis_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "prospects" (
    "id_prospect" TEXT NOT NULL,
    "nom" TEXT NOT NULL,
    "prenom" TEXT NOT NULL,
    "emails" TEXT[],
    "telephones" TEXT[],
    "adresse" TEXT,
    "code_postal" TEXT,
    "ville" TEXT,
    "formation_souhaitee" TEXT,
    "mode_financement" "ModeFinancement",
    "statut_prospect" "StatutProspect" NOT NULL DEFAULT 'NOUVEAU',
    "source" TEXT,
    "nb_echanges" INTEGER NOT NULL DEFAULT 0,
    "date_premier_contact" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "date_dernier_contact" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resume_ia" TEXT,
    "devis_url" TEXT,
    "texte_recherche" TEXT NOT NULL DEFAULT '',
    "date_mise_a_jour" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "prospects_pkey" PRIMARY KEY ("id_prospect")
);

-- CreateTable
CREATE TABLE "candidats" (
    "id" TEXT NOT NULL,
    "prospect_id" TEXT NOT NULL,
    "numero_dossier" TEXT NOT NULL,
    "formation_retenue" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "statut_dossier" "StatutDossier" NOT NULL DEFAULT 'RECU',
    "drive_folder_id" TEXT,
    "drive_folder_url" TEXT,
    "date_conversion" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "candidats_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "historique_emails" (
    "id" TEXT NOT NULL,
    "prospect_id" TEXT NOT NULL,
    "direction" "DirectionEmail" NOT NULL,
    "date" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sujet" TEXT NOT NULL,
    "corps" TEXT NOT NULL,
    "action_id" TEXT,

    CONSTRAINT "historique_emails_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "actions_prospect" (
    "id" TEXT NOT NULL,
    "prospect_id" TEXT NOT NULL,
    "type" "TypeAction" NOT NULL,
    "parametres" JSONB NOT NULL,
    "statut" "StatutAction" NOT NULL DEFAULT 'EN_COURS',
    "tentatives" INTEGER NOT NULL DEFAULT 0,
    "resultat" JSONB,
    "erreur" TEXT,
    "http_status" INTEGER,
    "demande_par" TEXT,
    "date_creation" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "date_mise_a_jour" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "date_fin" TIMESTAMP(3),

    CONSTRAINT "actions_prospect_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "journal_erreurs" (
    "id" SERIAL NOT NULL,
    "date_erreur" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "nom_workflow" TEXT NOT NULL,
    "nom_noeud" TEXT NOT NULL,
    "message_erreur" TEXT NOT NULL,
    "donnees_entree" JSONB NOT NULL DEFAULT '{}',
    "resolu" BOOLEAN NOT NULL DEFAULT false,
    "severite" "Severite" NOT NULL DEFAULT 'ERREUR',
    "resolu_par" TEXT,
    "date_resolution" TIMESTAMP(3),
    "action_id" TEXT,
    "prospect_id" TEXT,

    CONSTRAINT "journal_erreurs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notifications" (
    "id" SERIAL NOT NULL,
    "categorie" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "priorite" "PrioriteNotification" NOT NULL DEFAULT 'NORMALE',
    "titre" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "audience" "Audience" NOT NULL,
    "lien_action" TEXT,
    "date" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notifications_lues" (
    "utilisateur_id" TEXT NOT NULL,
    "notification_id" INTEGER NOT NULL,
    "date_lecture" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notifications_lues_pkey" PRIMARY KEY ("utilisateur_id","notification_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "utilisateurs_email_key" ON "utilisateurs"("email");

-- CreateIndex
CREATE INDEX "sessions_connexion_utilisateur_id_idx" ON "sessions_connexion"("utilisateur_id");

-- CreateIndex
CREATE INDEX "tentatives_connexion_email_date_idx" ON "tentatives_connexion"("email", "date");

-- CreateIndex
CREATE INDEX "tentatives_connexion_ip_date_idx" ON "tentatives_connexion"("ip", "date");

-- CreateIndex
CREATE INDEX "sessions_formation_id_ouverte_date_debut_idx" ON "sessions"("formation_id", "ouverte", "date_debut");

-- CreateIndex
CREATE INDEX "documents_requis_formation_id_ordre_idx" ON "documents_requis"("formation_id", "ordre");

-- CreateIndex
CREATE INDEX "prospects_statut_prospect_formation_souhaitee_date_dernier__idx" ON "prospects"("statut_prospect", "formation_souhaitee", "date_dernier_contact" DESC, "id_prospect");

-- CreateIndex
CREATE INDEX "prospects_statut_prospect_mode_financement_date_dernier_con_idx" ON "prospects"("statut_prospect", "mode_financement", "date_dernier_contact" DESC, "id_prospect");

-- CreateIndex
CREATE INDEX "prospects_date_dernier_contact_id_prospect_idx" ON "prospects"("date_dernier_contact" DESC, "id_prospect");

-- CreateIndex
CREATE INDEX "prospects_texte_recherche_trgm" ON "prospects" USING GIN ("texte_recherche" gin_trgm_ops);

-- CreateIndex
CREATE UNIQUE INDEX "candidats_prospect_id_key" ON "candidats"("prospect_id");

-- CreateIndex
CREATE UNIQUE INDEX "candidats_numero_dossier_key" ON "candidats"("numero_dossier");

-- CreateIndex
CREATE INDEX "candidats_date_conversion_idx" ON "candidats"("date_conversion" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "historique_emails_action_id_key" ON "historique_emails"("action_id");

-- CreateIndex
CREATE INDEX "historique_emails_prospect_id_date_idx" ON "historique_emails"("prospect_id", "date" DESC);

-- CreateIndex
CREATE INDEX "actions_prospect_prospect_id_date_creation_idx" ON "actions_prospect"("prospect_id", "date_creation" DESC);

-- CreateIndex
CREATE INDEX "actions_prospect_statut_date_mise_a_jour_idx" ON "actions_prospect"("statut", "date_mise_a_jour");

-- CreateIndex
CREATE INDEX "journal_erreurs_date_erreur_id_idx" ON "journal_erreurs"("date_erreur" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "journal_erreurs_severite_date_erreur_idx" ON "journal_erreurs"("severite", "date_erreur" DESC);

-- CreateIndex
CREATE INDEX "journal_erreurs_resolu_date_erreur_idx" ON "journal_erreurs"("resolu", "date_erreur" DESC);

-- CreateIndex
CREATE INDEX "journal_erreurs_nom_workflow_date_erreur_idx" ON "journal_erreurs"("nom_workflow", "date_erreur" DESC);

-- CreateIndex
CREATE INDEX "journal_erreurs_action_id_idx" ON "journal_erreurs"("action_id");

-- CreateIndex
CREATE INDEX "journal_erreurs_message_trgm" ON "journal_erreurs" USING GIN ("message_erreur" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "notifications_audience_id_idx" ON "notifications"("audience", "id");

-- AddForeignKey
ALTER TABLE "sessions_connexion" ADD CONSTRAINT "sessions_connexion_utilisateur_id_fkey" FOREIGN KEY ("utilisateur_id") REFERENCES "utilisateurs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_formation_id_fkey" FOREIGN KEY ("formation_id") REFERENCES "formations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "documents_requis" ADD CONSTRAINT "documents_requis_formation_id_fkey" FOREIGN KEY ("formation_id") REFERENCES "formations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "prospects" ADD CONSTRAINT "prospects_formation_souhaitee_fkey" FOREIGN KEY ("formation_souhaitee") REFERENCES "formations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "candidats" ADD CONSTRAINT "candidats_prospect_id_fkey" FOREIGN KEY ("prospect_id") REFERENCES "prospects"("id_prospect") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "candidats" ADD CONSTRAINT "candidats_formation_retenue_fkey" FOREIGN KEY ("formation_retenue") REFERENCES "formations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "candidats" ADD CONSTRAINT "candidats_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "historique_emails" ADD CONSTRAINT "historique_emails_prospect_id_fkey" FOREIGN KEY ("prospect_id") REFERENCES "prospects"("id_prospect") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "actions_prospect" ADD CONSTRAINT "actions_prospect_prospect_id_fkey" FOREIGN KEY ("prospect_id") REFERENCES "prospects"("id_prospect") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "actions_prospect" ADD CONSTRAINT "actions_prospect_demande_par_fkey" FOREIGN KEY ("demande_par") REFERENCES "utilisateurs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "journal_erreurs" ADD CONSTRAINT "journal_erreurs_action_id_fkey" FOREIGN KEY ("action_id") REFERENCES "actions_prospect"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications_lues" ADD CONSTRAINT "notifications_lues_utilisateur_id_fkey" FOREIGN KEY ("utilisateur_id") REFERENCES "utilisateurs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications_lues" ADD CONSTRAINT "notifications_lues_notification_id_fkey" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE CASCADE ON UPDATE CASCADE;
