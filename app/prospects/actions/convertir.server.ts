// "Convertir en candidat": the prospect becomes CANDIDAT with a candidats row (numéro de dossier), then n8n creates
// the Google Drive folder and its sub-folders; its id and URL are kept on the candidate.
import { z } from 'zod'
import { creerCandidat, DejaCandidatError } from '~/candidats/candidats.server'
import { nomDossierDrive, sousDossiersPour } from '~/candidats/dossier-drive'
import { db, Prisma } from '~/utils/db.server'
import { nomComplet } from '~/utils/format'
import type { ActionSpec } from './run-action.server'
import { startAction, type StartResult } from './start-action.server'

const parametres = z.object({ formationId: z.string(), sessionId: z.string(), numeroDossier: z.string() })

export const convertirSpec: ActionSpec<'CONVERTIR_CANDIDAT', z.infer<typeof parametres>> = {
  type: 'CONVERTIR_CANDIDAT',
  nomWorkflow: 'prospect_convert_to_candidat',
  libelle: 'la conversion en candidat',
  parametres,
  async buildPayload(action, common) {
    const candidat = await candidatForPayload(action.prospectId)
    if (!candidat) throw new Error(`aucun candidat pour le prospect ${action.prospectId}`)
    return {
      ...common,
      candidat: { numeroDossier: candidat.numeroDossier, dateConversion: candidat.dateConversion.toISOString() },
      formation: { id: candidat.formation.id, nom: candidat.formation.nom },
      session: {
        id: candidat.session.id,
        libelle: candidat.session.libelle,
        dateDebut: candidat.session.dateDebut.toISOString().slice(0, 10),
        dateFin: candidat.session.dateFin.toISOString().slice(0, 10),
      },
      dossierDrive: {
        nom: nomDossierDrive(candidat.numeroDossier, action.prospect.prenom, action.prospect.nom),
        sousDossiers: sousDossiersPour(candidat.formation.id),
      },
      documentsRequis: candidat.formation.documentsRequis,
    }
  },
  async applyResult(tx, action, resultat) {
    await tx.candidat.update({
      where: { prospectId: action.prospectId },
      data: { driveFolderId: resultat.driveFolderId, driveFolderUrl: resultat.driveFolderUrl },
    })
  },
  successMessage(action) {
    return `Candidature créée pour ${nomComplet(action.prospect)} : dossier ${action.parametres.numeroDossier}`
  },
  pendingMessage(action) {
    return `Candidature créée pour ${nomComplet(action.prospect)} ; le dossier Google Drive est en cours de création`
  },
  failureNote(action) {
    return `Le candidat est bien créé (dossier ${action.parametres.numeroDossier}) mais son dossier Google Drive ne l’est pas ; l’action peut être relancée depuis le journal.`
  },
}

type CandidatForPayload = {
  numeroDossier: string
  dateConversion: Date
  formation: { id: string; nom: string; documentsRequis: { libelle: string; obligatoire: boolean }[] }
  session: { id: string; libelle: string; dateDebut: Date; dateFin: Date }
}

/**
 * The candidate as the conversion's payload needs it (formation, its required documents in order, session), in one
 * statement rather than Prisma's four: the worker reads it before calling n8n, while the admin's page waits.
 */
export async function candidatForPayload(prospectId: string): Promise<CandidatForPayload | null> {
  const [row] = await db.$queryRaw<
    (Pick<CandidatForPayload, 'numeroDossier' | 'dateConversion'> & { fId: string; fNom: string; documents: CandidatForPayload['formation']['documentsRequis'] } & {
      sId: string
      sLibelle: string
      sDebut: Date
      sFin: Date
    })[]
  >`
    SELECT c.numero_dossier AS "numeroDossier", c.date_conversion AS "dateConversion", f.id AS "fId", f.nom AS "fNom",
      s.id AS "sId", s.libelle AS "sLibelle", s.date_debut AS "sDebut", s.date_fin AS "sFin",
      COALESCE((SELECT json_agg(json_build_object('libelle', d.libelle, 'obligatoire', d.obligatoire) ORDER BY d.ordre)
        FROM documents_requis d WHERE d.formation_id = f.id), '[]'::json) AS documents
    FROM candidats c
    JOIN formations f ON f.id = c.formation_retenue
    JOIN sessions s ON s.id = c.session_id
    WHERE c.prospect_id = ${prospectId}`
  if (!row) return null
  return {
    numeroDossier: row.numeroDossier,
    dateConversion: row.dateConversion,
    formation: { id: row.fId, nom: row.fNom, documentsRequis: row.documents },
    session: { id: row.sId, libelle: row.sLibelle, dateDebut: row.sDebut, dateFin: row.sFin },
  }
}

export type ConvertirResult =
  | StartResult
  | { kind: 'deja_candidat'; numeroDossier: string | null }
  | { kind: 'invalide'; field: 'formation' | 'session'; message: string }

function isUniqueViolation(error: unknown) {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002'
}

/**
 * Converts a prospect. Exactly one of several concurrent conversions creates the candidate; the others get
 * `deja_candidat`. If n8n fails after the commit, the candidate stays and the action is ECHEC (replayable).
 */
export async function convertirEnCandidat(
  prospectId: string,
  input: { formationId: string; sessionId: string },
  user: { id: string },
): Promise<ConvertirResult> {
  const [session, formation] = await Promise.all([
    db.sessionFormation.findUnique({ where: { id: input.sessionId }, select: { formationId: true, ouverte: true } }),
    db.formation.findUnique({ where: { id: input.formationId }, select: { id: true } }),
  ])
  if (!formation) return { kind: 'invalide', field: 'formation', message: 'Formation inconnue.' }
  if (!session || !session.ouverte) return { kind: 'invalide', field: 'session', message: 'Cette session n’existe pas ou n’est plus ouverte.' }
  if (session.formationId !== input.formationId) {
    return { kind: 'invalide', field: 'session', message: 'Cette session n’appartient pas à la formation choisie.' }
  }

  // A collision on the dossier number (two homonyms converted the same day at the same moment) is retried.
  for (let attempt = 1; ; attempt++) {
    try {
      // The candidate and its action are created in one transaction: no candidate without its action.
      return await startAction(convertirSpec, {
        prospectId,
        demandeParId: user.id,
        parametres: async (tx) => {
          const candidat = await creerCandidat(tx, { prospectId, formationId: input.formationId, sessionId: input.sessionId, now: new Date() })
          if (!candidat) return null
          return { formationId: input.formationId, sessionId: input.sessionId, numeroDossier: candidat.numeroDossier }
        },
      })
    } catch (error) {
      if (error instanceof DejaCandidatError) return { kind: 'deja_candidat', numeroDossier: error.numeroDossier }
      if (!isUniqueViolation(error) || attempt === 5) throw error
      const existing = await db.candidat.findUnique({ where: { prospectId }, select: { numeroDossier: true } })
      if (existing) return { kind: 'deja_candidat', numeroDossier: existing.numeroDossier }
    }
  }
}
