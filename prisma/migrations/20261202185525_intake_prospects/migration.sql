-- CreateEnum
CREATE TYPE "SourceProspect" AS ENUM ('FORMULAIRE_SITE', 'EMAIL', 'TELEPHONE', 'SALON', 'VISITE', 'PORTES_OUVERTES', 'RESEAUX_SOCIAUX', 'BOUCHE_A_OREILLE', 'PRESCRIPTEUR', 'PUBLICITE', 'AUTRE');

-- CreateEnum
CREATE TYPE "RaisonPerte" AS ENUM ('PAS_DE_FINANCEMENT', 'AUTRE_ECOLE', 'NE_REPOND_PLUS', 'PROJET_ABANDONNE', 'FORMATION_INADAPTEE', 'AUTRE');

-- CreateEnum
CREATE TYPE "TypeEvenement" AS ENUM ('CREATION', 'MODIFICATION', 'STATUT', 'NOTE', 'ANONYMISATION');

-- AlterTable (hand-edited: the free-text source is mapped onto the closed list instead of being dropped)
ALTER TABLE "prospects" RENAME COLUMN "source" TO "source_texte";
ALTER TABLE "prospects" ADD COLUMN     "cles_contact" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "date_anonymisation" TIMESTAMP(3),
ADD COLUMN     "nom_tri" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "raison_perte" "RaisonPerte",
ADD COLUMN     "source_precision" TEXT,
ADD COLUMN     "source" "SourceProspect";

-- Free-text sources onto the list, the original wording kept in source_precision unless it says nothing more.
UPDATE "prospects" SET
  "source" = (CASE
    WHEN s ~ '(portes? ouvertes|\mjpo\M)' THEN 'PORTES_OUVERTES'
    WHEN s ~ 'salon' THEN 'SALON'
    WHEN s ~ '(visite|passage)' THEN 'VISITE'
    WHEN s ~ '(site|formulaire|web)' THEN 'FORMULAIRE_SITE'
    WHEN s ~ '(mail|courriel)' THEN 'EMAIL'
    WHEN s ~ '(telephone|appel)' THEN 'TELEPHONE'
    WHEN s ~ '(instagram|facebook|tiktok|linkedin|pinterest|youtube|reseau)' THEN 'RESEAUX_SOCIAUX'
    WHEN s ~ '(bouche|recommand|\mamie?s?\M)' THEN 'BOUCHE_A_OREILLE'
    WHEN s ~ '(france travail|pole emploi|mission locale|opco|cap emploi)' THEN 'PRESCRIPTEUR'
    WHEN s ~ '(\mads\M|publicite|\mpub\M|annonce)' THEN 'PUBLICITE'
    ELSE 'AUTRE' END)::"SourceProspect",
  "source_precision" = CASE WHEN s IN ('site web', 'formulaire du site', 'email', 'telephone', 'salon', 'bouche-a-oreille', 'journee portes ouvertes', 'autre') THEN NULL ELSE left(btrim("source_texte"), 100) END
FROM (SELECT "id_prospect" AS id, lower(translate(btrim("source_texte"), 'ÉÈÊËéèêëÀÂàâÔôÎÏîïÙÛùûÇç', 'EEEEeeeeAAaaOoIIiiUUuuCc')) AS s FROM "prospects" WHERE "source_texte" IS NOT NULL AND btrim("source_texte") <> '') m
WHERE "prospects"."id_prospect" = m.id;
ALTER TABLE "prospects" DROP COLUMN "source_texte";

-- Keys and sort text the app now keeps on each prospect (app/prospects/contact-keys.ts computes the same).
UPDATE "prospects" p SET
  "nom_tri" = regexp_replace(btrim(lower(translate(p."nom" || ' ' || p."prenom", 'ÀÂÄÁÃÅàâäáãåÇçÉÈÊËéèêëÍÌÎÏíìîïÑñÓÒÔÖÕóòôöõÚÙÛÜúùûüÝŸýÿ', 'AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOoooooUUUUuuuuYYyy'))), '\s+', ' ', 'g'),
  "cles_contact" = ARRAY(
    SELECT DISTINCT k FROM (
      SELECT 'e:' || lower(btrim(e)) AS k FROM unnest(p."emails") AS e WHERE btrim(e) <> ''
      UNION ALL
      SELECT 't:' || (CASE
        WHEN d LIKE '0033%' THEN '0' || substr(d, 5)
        WHEN d LIKE '330%' AND length(d) = 12 THEN '0' || substr(d, 4)
        WHEN d LIKE '33%' AND length(d) = 11 THEN '0' || substr(d, 3)
        ELSE d END)
      FROM (SELECT regexp_replace(t, '\D', '', 'g') AS d FROM unnest(p."telephones") AS t) AS x WHERE length(d) >= 6
      UNION ALL
      SELECT 'n:' || regexp_replace(btrim(lower(translate(p."nom", 'ÀÂÄÁÃÅàâäáãåÇçÉÈÊËéèêëÍÌÎÏíìîïÑñÓÒÔÖÕóòôöõÚÙÛÜúùûüÝŸýÿ', 'AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOoooooUUUUuuuuYYyy'))), '\s+', ' ', 'g')
        || '|' || regexp_replace(btrim(lower(translate(p."prenom", 'ÀÂÄÁÃÅàâäáãåÇçÉÈÊËéèêëÍÌÎÏíìîïÑñÓÒÔÖÕóòôöõÚÙÛÜúùûüÝŸýÿ', 'AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOoooooUUUUuuuuYYyy'))), '\s+', ' ', 'g')
    ) AS keys ORDER BY k
  );

-- Numbers of new prospects (PROS_000151…), after the highest one in use.
CREATE SEQUENCE "prospects_numero_seq";
SELECT setval('prospects_numero_seq', GREATEST(m, 1), m > 0) FROM (
  SELECT COALESCE(max(substr("id_prospect", 6)::bigint), 0) AS m FROM "prospects" WHERE "id_prospect" ~ '^PROS_[0-9]{1,15}$'
) AS highest;


-- CreateTable
CREATE TABLE "evenements_prospect" (
    "id" TEXT NOT NULL,
    "prospect_id" TEXT NOT NULL,
    "type" "TypeEvenement" NOT NULL,
    "date" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "auteur_id" TEXT,
    "donnees" JSONB NOT NULL DEFAULT '{}',
    "texte" TEXT,

    CONSTRAINT "evenements_prospect_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "receptions_contact" (
    "reference" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "prospect_id" TEXT NOT NULL,
    "cree" BOOLEAN NOT NULL,
    "echange_id" TEXT,
    "date" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "receptions_contact_pkey" PRIMARY KEY ("reference")
);

-- CreateIndex
CREATE INDEX "evenements_prospect_prospect_id_date_idx" ON "evenements_prospect"("prospect_id", "date" DESC);

-- CreateIndex
CREATE INDEX "receptions_contact_prospect_id_idx" ON "receptions_contact"("prospect_id");

-- CreateIndex
CREATE INDEX "prospects_tri_nom_idx" ON "prospects"("nom_tri", "id_prospect", "statut_prospect");

-- CreateIndex
CREATE INDEX "prospects_tri_premier_contact_idx" ON "prospects"("date_premier_contact" DESC, "id_prospect" DESC, "statut_prospect");

-- CreateIndex
CREATE INDEX "prospects_liste_source_idx" ON "prospects"("source", "date_dernier_contact" DESC, "id_prospect" DESC, "statut_prospect");

-- CreateIndex (hand-edited: without the pending list, a lookup stays one index probe however many contacts
-- arrived since the last vacuum, and the intake matches every post against it)
CREATE INDEX "prospects_cles_contact_idx" ON "prospects" USING GIN ("cles_contact") WITH (fastupdate = off);

-- AddForeignKey
ALTER TABLE "evenements_prospect" ADD CONSTRAINT "evenements_prospect_prospect_id_fkey" FOREIGN KEY ("prospect_id") REFERENCES "prospects"("id_prospect") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evenements_prospect" ADD CONSTRAINT "evenements_prospect_auteur_id_fkey" FOREIGN KEY ("auteur_id") REFERENCES "utilisateurs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "receptions_contact" ADD CONSTRAINT "receptions_contact_prospect_id_fkey" FOREIGN KEY ("prospect_id") REFERENCES "prospects"("id_prospect") ON DELETE CASCADE ON UPDATE CASCADE;
