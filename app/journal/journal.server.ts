import { notify } from '~/notifications/notify.server'
import { db, type Prisma, type Severite } from '~/utils/db.server'
import { explainEntry } from './explain'
import { PG_INT_MAX } from '~/utils/db-int'
import { parisDayStart, type JournalFilters } from './filters'
import { SEVERITES, type SeveriteValue } from './labels'

export type JournalInput = {
  nomWorkflow: string
  nomNoeud: string
  messageErreur: string
  severite?: Severite
  donneesEntree?: Prisma.InputJsonValue
  actionId?: string | null
  prospectId?: string | null
  /** The user whose request failed: they see the page's own message, not a second live toast. */
  auteurId?: string | null
  /** An entry of the same incident to update (an action retried automatically) instead of a new one. */
  entreeId?: number | null
}

/**
 * Records a failure three ways: console.error with its context, a journal_erreurs row, and (for ERREUR and
 * CRITIQUE) an ADMIN notification linking to the entry, in plain words (the entry's title and what to do). A failure
 * always notifies, the author included. If the journal itself cannot be written, says so on the console and returns
 * null: the caller still answers the user.
 */
export async function logError(input: JournalInput) {
  const severite = input.severite ?? 'ERREUR'
  // A warning (e.g. an action that will be retried by itself) is not an error of the server.
  const log = severite === 'ERREUR' || severite === 'CRITIQUE' ? console.error : console.warn
  log(`[journal] ${severite} ${input.nomWorkflow}/${input.nomNoeud}: ${input.messageErreur}`, {
    actionId: input.actionId ?? undefined,
    prospectId: input.prospectId ?? undefined,
  })
  let entry: { id: number } | null = null
  try {
    const data = {
      nomWorkflow: input.nomWorkflow,
      nomNoeud: input.nomNoeud,
      messageErreur: input.messageErreur.slice(0, 5000),
      severite,
      donneesEntree: input.donneesEntree ?? {},
      actionId: input.actionId ?? null,
      prospectId: input.prospectId ?? null,
    }
    entry = input.entreeId
      ? await db.journalErreur.update({ where: { id: input.entreeId }, data, select: { id: true } })
      : await db.journalErreur.create({ data, select: { id: true } })
  } catch (error) {
    console.error('[journal] impossible d’écrire dans journal_erreurs ; erreur d’origine ci-dessus', error)
  }
  if (severite === 'ERREUR' || severite === 'CRITIQUE') {
    const prospect = input.prospectId ? await prospectName(input.prospectId) : null
    const explication = explainEntry(input, prospect)
    await notify({
      categorie: 'journal',
      type: severite === 'CRITIQUE' ? 'erreur_critique' : 'erreur',
      priorite: severite === 'CRITIQUE' ? 'URGENTE' : 'HAUTE',
      titre: explication.titre,
      message: explication.conseil,
      audience: 'ADMIN',
      lienAction: entry ? `/admin/logs/${entry.id}` : '/admin/logs',
      auteurId: input.auteurId ?? null,
    })
  }
  return entry
}

async function prospectName(id: string) {
  try {
    return await db.prospect.findUnique({ where: { id }, select: { prenom: true, nom: true } })
  } catch (error) {
    // The notification still goes out, without the name.
    console.error('[journal] nom du prospect illisible pour la notification', error)
    return null
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Reading and triaging the journal (/admin/logs).

/** Distinct workflow names, one index probe per name (a "loose index scan"): stays fast on a large journal. */
export async function listWorkflows(): Promise<string[]> {
  const rows = await db.$queryRaw<{ nom_workflow: string }[]>`
    WITH RECURSIVE w AS (
      (SELECT nom_workflow FROM journal_erreurs ORDER BY nom_workflow LIMIT 1)
      UNION ALL
      SELECT (SELECT j.nom_workflow FROM journal_erreurs j WHERE j.nom_workflow > w.nom_workflow ORDER BY j.nom_workflow LIMIT 1)
      FROM w WHERE w.nom_workflow IS NOT NULL
    )
    SELECT nom_workflow FROM w WHERE nom_workflow IS NOT NULL`
  return rows.map((r) => r.nom_workflow)
}

/** The WHERE clause of the list and of the export; `withSeverite: false` for the per-severity counts. */
export function journalWhere(filters: JournalFilters, { withSeverite = true } = {}): Prisma.JournalErreurWhereInput {
  const where: Prisma.JournalErreurWhereInput = {}
  if (withSeverite && filters.severite) where.severite = filters.severite
  if (filters.resolu) where.resolu = filters.resolu === 'oui'
  if (filters.workflow) where.nomWorkflow = filters.workflow
  if (filters.du || filters.au) {
    where.dateErreur = {
      ...(filters.du ? { gte: parisDayStart(filters.du) } : {}),
      ...(filters.au ? { lt: parisDayStart(filters.au, 1) } : {}),
    }
  }
  // ILIKE '%…%', served by the trigram index on message_erreur. Prisma leaves LIKE wildcards as they are: a typed
  // "%" or "_" must match itself.
  if (filters.q) where.messageErreur = { contains: filters.q.replace(/[\\%_]/g, '\\$&'), mode: 'insensitive' }
  return where
}

const LIST_MESSAGE_MAX = 280
const DEFERRED_JOIN_FROM = 500

const listSelect = {
  id: true,
  dateErreur: true,
  severite: true,
  nomWorkflow: true,
  nomNoeud: true,
  messageErreur: true,
  resolu: true,
  resoluPar: true,
  dateResolution: true,
  actionId: true,
  prospectId: true,
} satisfies Prisma.JournalErreurSelect

const newestFirst: Prisma.JournalErreurOrderByWithRelationInput[] = [{ dateErreur: 'desc' }, { id: 'desc' }]

/**
 * One page, newest first. Deep pages skip thousands of rows: the ids alone come from the (date, id) index without
 * touching the table, then only the page's 25 rows are read.
 */
async function pageRows(where: Prisma.JournalErreurWhereInput, page: number, taille: number) {
  const skip = (page - 1) * taille
  if (skip < DEFERRED_JOIN_FROM) return db.journalErreur.findMany({ where, orderBy: newestFirst, skip, take: taille, select: listSelect })
  const ids = (await db.journalErreur.findMany({ where, orderBy: newestFirst, skip, take: taille, select: { id: true } })).map((r) => r.id)
  const rows = await db.journalErreur.findMany({ where: { id: { in: ids } }, select: listSelect })
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ids.flatMap((id) => byId.get(id) ?? [])
}

export async function listJournal(filters: JournalFilters) {
  const where = journalWhere(filters)
  // The counts and the requested page are read at once; only a page past the end needs a second read.
  const [grouped, firstTry] = await Promise.all([
    db.journalErreur.groupBy({ by: ['severite'], where: journalWhere(filters, { withSeverite: false }), _count: { _all: true } }),
    pageRows(where, filters.page, filters.taille),
  ])
  const counts = Object.fromEntries(SEVERITES.map((s) => [s, 0])) as Record<SeveriteValue, number>
  for (const g of grouped) counts[g.severite] = g._count._all
  const total = filters.severite ? counts[filters.severite] : SEVERITES.reduce((sum, s) => sum + counts[s], 0)
  const pageCount = Math.max(1, Math.ceil(total / filters.taille))
  // A page past the end shows the last page rather than an empty table.
  const page = Math.min(filters.page, pageCount)
  const rows = page === filters.page ? firstTry : await pageRows(where, page, filters.taille)
  // Each row gets its plain title and advice, with the prospect's name (one query for the page).
  const ids = [...new Set(rows.map((r) => r.prospectId).filter((id): id is string => Boolean(id)))]
  const prospects = ids.length ? await db.prospect.findMany({ where: { id: { in: ids } }, select: { id: true, prenom: true, nom: true } }) : []
  const byId = new Map(prospects.map((p) => [p.id, p]))
  const explained = rows.map((row) => {
    const { titre, conseil, cause } = explainEntry(row, row.prospectId ? (byId.get(row.prospectId) ?? null) : null)
    const messageErreur = row.messageErreur.length > LIST_MESSAGE_MAX ? `${row.messageErreur.slice(0, LIST_MESSAGE_MAX)}…` : row.messageErreur
    return { ...row, messageErreur, titre, conseil, cause }
  })
  return { rows: explained, total, page, pageCount, counts }
}

export type JournalRow = Awaited<ReturnType<typeof listJournal>>['rows'][number]

/** Mean time from error to resolution, over the entries resolved in the last 30 days. */
export async function meanTimeToResolution(now = new Date()) {
  const since = new Date(now.getTime() - 30 * 24 * 3600 * 1000)
  const [row] = await db.$queryRaw<{ moyenne: number | null; nombre: bigint }[]>`
    SELECT avg(extract(epoch FROM (date_resolution - date_erreur)))::float8 * 1000 AS moyenne, count(*) AS nombre
    FROM journal_erreurs
    WHERE resolu AND date_resolution >= ${since}`
  return { moyenneMs: row?.moyenne ?? null, nombre: Number(row?.nombre ?? 0) }
}

export async function getJournalEntry(id: number) {
  const entry = await db.journalErreur.findUnique({
    where: { id },
    include: {
      action: {
        select: {
          id: true,
          type: true,
          statut: true,
          tentatives: true,
          erreur: true,
          httpStatus: true,
          dateCreation: true,
          dateMiseAJour: true,
          prospectId: true,
        },
      },
    },
  })
  if (!entry) return null
  const prospectId = entry.prospectId ?? entry.action?.prospectId ?? null
  const prospect = prospectId
    ? await db.prospect.findUnique({ where: { id: prospectId }, select: { id: true, nom: true, prenom: true } })
    : null
  const explication = explainEntry({ ...entry, httpStatus: entry.action?.httpStatus ?? null }, prospect)
  return { entry, prospect, prospectId, explication }
}

export type ResolveOutcome = 'fait' | 'deja' | 'introuvable'

/** Marks one entry resolved by `nom`; an entry already resolved keeps who resolved it and when. */
export async function resolveEntry(id: number, nom: string): Promise<ResolveOutcome> {
  const { count } = await db.journalErreur.updateMany({
    where: { id, resolu: false },
    data: { resolu: true, resoluPar: nom, dateResolution: new Date() },
  })
  if (count === 1) return 'fait'
  return (await db.journalErreur.count({ where: { id } })) ? 'deja' : 'introuvable'
}

export async function reopenEntry(id: number): Promise<ResolveOutcome> {
  const { count } = await db.journalErreur.updateMany({
    where: { id, resolu: true },
    data: { resolu: false, resoluPar: null, dateResolution: null },
  })
  if (count === 1) return 'fait'
  return (await db.journalErreur.count({ where: { id } })) ? 'deja' : 'introuvable'
}

/** Bulk resolve: only the still-unresolved entries among `ids` change; returns how many did. */
export async function resolveEntries(ids: number[], nom: string) {
  const { count } = await db.journalErreur.updateMany({
    where: { id: { in: ids }, resolu: false },
    data: { resolu: true, resoluPar: nom, dateResolution: new Date() },
  })
  return count
}

/** Journal ids are positive 32-bit integers; anything else is answered 404 without a query. */
export function parseEntryId(raw: string | undefined): number | null {
  if (!raw || !/^\d{1,10}$/.test(raw)) return null
  const id = Number(raw)
  return id >= 1 && id <= PG_INT_MAX ? id : null
}

/** The other entries of one action (earlier failures, a failed replay), newest first. */
export async function listActionEntries(actionId: string, exceptId: number) {
  return db.journalErreur.findMany({
    where: { actionId, id: { not: exceptId } },
    orderBy: [{ dateErreur: 'desc' }, { id: 'desc' }],
    take: 20,
    select: { id: true, dateErreur: true, severite: true, nomNoeud: true, resolu: true },
  })
}
