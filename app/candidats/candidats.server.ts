import { db, type Prisma } from '~/utils/db.server'
import { numeroDossierBase } from './numero-dossier'
import { sessionCommencee, sessionProposee } from './sessions'

/** The first free number for this base: DUMI15092024, then DUMI15092024-2, -3… */
export async function nextNumeroDossier(tx: Prisma.TransactionClient, base: string) {
  const taken = new Set(
    (await tx.candidat.findMany({ where: { numeroDossier: { startsWith: base } }, select: { numeroDossier: true } })).map((c) => c.numeroDossier),
  )
  let numero = base
  for (let n = 2; taken.has(numero); n++) numero = `${base}-${n}`
  return numero
}

export class DejaCandidatError extends Error {
  constructor(readonly numeroDossier: string | null) {
    super('déjà candidat')
  }
}

/**
 * Inside the conversion's transaction: the prospect becomes CANDIDAT (the row stays) and gets its candidats row.
 * The statut update is conditional, so of two concurrent conversions the second waits for the first's row lock and
 * then finds nothing to update: it gets DejaCandidatError. candidats.prospect_id is unique as a last line of defence.
 */
export async function creerCandidat(
  tx: Prisma.TransactionClient,
  input: { prospectId: string; nom: string; formationId: string; sessionId: string; now: Date },
) {
  const { count } = await tx.prospect.updateMany({
    where: { id: input.prospectId, statutProspect: { not: 'CANDIDAT' } },
    data: { statutProspect: 'CANDIDAT' },
  })
  if (count === 0) {
    const existing = await tx.candidat.findUnique({ where: { prospectId: input.prospectId }, select: { numeroDossier: true } })
    throw new DejaCandidatError(existing?.numeroDossier ?? null)
  }
  const numeroDossier = await nextNumeroDossier(tx, numeroDossierBase(input.nom, input.now))
  return tx.candidat.create({
    data: {
      prospectId: input.prospectId,
      numeroDossier,
      formationId: input.formationId,
      sessionId: input.sessionId,
      statutDossier: 'RECU',
      dateConversion: input.now,
    },
  })
}

export async function findCandidatNumero(prospectId: string) {
  return (await db.candidat.findUnique({ where: { prospectId }, select: { numeroDossier: true } }))?.numeroDossier ?? null
}

/**
 * Formations with their open sessions, for the conversion form: each session says whether it has started, and each
 * formation names the session to pre-select (the next one that has not started; null when none is left).
 */
export async function formationsAvecSessionsOuvertes(now = new Date()) {
  const formations = await db.formation.findMany({
    orderBy: { nom: 'asc' },
    select: {
      id: true,
      nom: true,
      sessions: {
        where: { ouverte: true },
        orderBy: { dateDebut: 'asc' },
        select: { id: true, libelle: true, dateDebut: true, dateFin: true, places: true },
      },
    },
  })
  return formations.map((f) => ({
    ...f,
    sessions: f.sessions.map((s) => ({ ...s, commencee: sessionCommencee(s, now) })),
    sessionProposeeId: sessionProposee(f.sessions, now)?.id ?? null,
  }))
}

export const CANDIDATS_PAGE_SIZE = 25

export async function listCandidats({ page, taille = CANDIDATS_PAGE_SIZE }: { page: number; taille?: number }) {
  const total = await db.candidat.count()
  const pageCount = Math.max(1, Math.ceil(total / taille))
  const current = Math.min(Math.max(1, page), pageCount)
  const rows = await db.candidat.findMany({
    orderBy: [{ dateConversion: 'desc' }, { id: 'desc' }],
    skip: (current - 1) * taille,
    take: taille,
    select: {
      id: true,
      numeroDossier: true,
      statutDossier: true,
      driveFolderUrl: true,
      dateConversion: true,
      prospect: { select: { id: true, nom: true, prenom: true } },
      formation: { select: { nom: true } },
      session: { select: { libelle: true, dateDebut: true } },
    },
  })
  return { rows, total, page: current, pageCount }
}
