// Candidates: creation inside the conversion, the conversion form's sessions, the list, one candidate's file and
// its checklist of required documents.
import { db, type Candidat, type Prisma, type StatutDossier } from '~/utils/db.server'
import { normalizeSearch } from '~/utils/text'
import type { CandidatFilters, Tri } from './filters'
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
 * Inside the conversion's transaction: the prospect becomes CANDIDAT (the row stays) and gets its candidats row; null
 * when the prospect does not exist (any more).
 * The statut update is conditional, so of two concurrent conversions the second waits for the first's row lock and
 * then finds nothing to update: it gets DejaCandidatError. candidats.prospect_id is unique as a last line of defence.
 */
export async function creerCandidat(
  tx: Prisma.TransactionClient,
  input: { prospectId: string; formationId: string; sessionId: string; now: Date },
): Promise<Candidat | null> {
  // One statement: the statut changes and the name (for the dossier number) is read under the same row lock.
  const [converted] = await tx.$queryRaw<{ nom: string }[]>`
    UPDATE prospects SET statut_prospect = 'CANDIDAT', date_mise_a_jour = now() AT TIME ZONE 'UTC'
    WHERE id_prospect = ${input.prospectId} AND statut_prospect <> 'CANDIDAT'
    RETURNING nom`
  if (!converted) {
    const existing = await tx.prospect.findUnique({ where: { id: input.prospectId }, select: { candidat: { select: { numeroDossier: true } } } })
    if (!existing) return null
    throw new DejaCandidatError(existing.candidat?.numeroDossier ?? null)
  }
  const numeroDossier = await nextNumeroDossier(tx, numeroDossierBase(converted.nom, input.now))
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

/** Formations and their sessions (open or not: a candidate may sit in any), for the list's filters. */
export async function formationsEtSessions() {
  return db.formation.findMany({
    orderBy: { nom: 'asc' },
    select: {
      id: true,
      nom: true,
      sessions: { orderBy: { dateDebut: 'asc' }, select: { id: true, libelle: true, dateDebut: true, formationId: true } },
    },
  })
}

const ORDER: Record<Tri, Prisma.CandidatOrderByWithRelationInput[]> = {
  recent: [{ dateConversion: 'desc' }, { id: 'desc' }],
  // The search text starts with "nom prénom" in lower case without accents: Çelik sorts with the C, whatever the
  // database's collation.
  nom: [{ prospect: { texteRecherche: 'asc' } }, { id: 'asc' }],
  dossier: [{ numeroDossier: 'asc' }],
  session: [{ session: { dateDebut: 'asc' } }, { prospect: { texteRecherche: 'asc' } }, { id: 'asc' }],
}

function candidatWhere(filters: CandidatFilters): Prisma.CandidatWhereInput {
  const where: Prisma.CandidatWhereInput = {}
  if (filters.formation) where.formationId = filters.formation
  if (filters.session) where.sessionId = filters.session
  if (filters.q) {
    // The prospect's search text (names, emails, phones; lower case, no accents) or the dossier number.
    const text = normalizeSearch(filters.q).replace(/[\\%_]/g, '\\$&')
    const numero = filters.q.replace(/\s+/g, '').replace(/[\\%_]/g, '\\$&')
    where.OR = [{ prospect: { texteRecherche: { contains: text } } }, { numeroDossier: { contains: numero, mode: 'insensitive' } }]
  }
  return where
}

/** What the list and the candidate's page both show of the file itself. */
const dossierSelect = {
  id: true,
  numeroDossier: true,
  statutDossier: true,
  driveFolderUrl: true,
  dateConversion: true,
} satisfies Prisma.CandidatSelect

export async function listCandidats(filters: CandidatFilters, taille = CANDIDATS_PAGE_SIZE) {
  const where = candidatWhere(filters)
  const total = await db.candidat.count({ where })
  const pageCount = Math.max(1, Math.ceil(total / taille))
  const current = Math.min(Math.max(1, filters.page), pageCount)
  const rows = await db.candidat.findMany({
    where,
    orderBy: ORDER[filters.tri],
    skip: (current - 1) * taille,
    take: taille,
    select: {
      ...dossierSelect,
      prospect: { select: { id: true, nom: true, prenom: true } },
      formation: { select: { nom: true } },
      session: { select: { libelle: true, dateDebut: true } },
    },
  })
  return { rows, total, page: current, pageCount }
}

/** One candidate's file: dossier, formation, session, Drive folder, and the required documents with what arrived. */
export async function getCandidat(id: string) {
  const candidat = await db.candidat.findUnique({
    where: { id },
    select: {
      ...dossierSelect,
      prospect: { select: { id: true, nom: true, prenom: true, emails: true, telephones: true } },
      formation: {
        select: {
          id: true,
          nom: true,
          documentsRequis: { orderBy: { ordre: 'asc' }, select: { id: true, libelle: true, obligatoire: true } },
        },
      },
      session: { select: { libelle: true, dateDebut: true, dateFin: true } },
      documentsRecus: { select: { documentRequisId: true, dateReception: true, recuPar: true } },
    },
  })
  if (!candidat) return null
  const recus = new Map(candidat.documentsRecus.map((d) => [d.documentRequisId, d]))
  const documents = candidat.formation.documentsRequis.map((d) => {
    const recu = recus.get(d.id)
    return { ...d, recu: Boolean(recu), dateReception: recu?.dateReception ?? null, recuPar: recu?.recuPar ?? null }
  })
  const { documentsRecus: _, ...rest } = candidat
  return { ...rest, documents, sessionCommencee: sessionCommencee(candidat.session) }
}

export type DocumentsResult =
  | { kind: 'introuvable' }
  | { kind: 'document_inconnu' }
  | { kind: 'enregistre'; ajoutes: number; retires: number; statut: StatutDossier; statutChange: boolean }

/**
 * Saves the checklist as ticked: `recus` are the received documents' ids, every other required document is missing.
 * When every mandatory document has arrived a RECU or INCOMPLET file becomes COMPLET; a COMPLET file that loses one
 * goes back to INCOMPLET. A file already VALIDE or REFUSE keeps its statut (a decision was taken on it).
 */
export async function enregistrerDocumentsRecus(candidatId: string, recus: string[], admin: { nom: string }): Promise<DocumentsResult> {
  return db.$transaction(async (tx) => {
    const candidat = await tx.candidat.findUnique({
      where: { id: candidatId },
      select: {
        statutDossier: true,
        formation: { select: { documentsRequis: { select: { id: true, obligatoire: true } } } },
        documentsRecus: { select: { documentRequisId: true } },
      },
    })
    if (!candidat) return { kind: 'introuvable' }
    const requis = candidat.formation.documentsRequis
    const wanted = new Set(recus)
    if ([...wanted].some((id) => !requis.some((d) => d.id === id))) return { kind: 'document_inconnu' }
    const before = new Set(candidat.documentsRecus.map((d) => d.documentRequisId))
    const ajoutes = [...wanted].filter((id) => !before.has(id))
    const retires = [...before].filter((id) => !wanted.has(id))
    if (ajoutes.length) await tx.documentRecu.createMany({ data: ajoutes.map((documentRequisId) => ({ candidatId, documentRequisId, recuPar: admin.nom })), skipDuplicates: true })
    if (retires.length) await tx.documentRecu.deleteMany({ where: { candidatId, documentRequisId: { in: retires } } })
    const complet = requis.filter((d) => d.obligatoire).every((d) => wanted.has(d.id))
    let statut = candidat.statutDossier
    if (complet && (statut === 'RECU' || statut === 'INCOMPLET')) statut = 'COMPLET'
    else if (!complet && statut === 'COMPLET') statut = 'INCOMPLET'
    const statutChange = statut !== candidat.statutDossier
    if (statutChange) await tx.candidat.update({ where: { id: candidatId }, data: { statutDossier: statut } })
    return { kind: 'enregistre', ajoutes: ajoutes.length, retires: retires.length, statut, statutChange }
  })
}
