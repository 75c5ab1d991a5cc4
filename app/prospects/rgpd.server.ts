// RGPD: the CNIL's reference keeps a prospect's data three years after the last contact. Past that, the prospect
// is anonymised: names, contact details, message bodies and free texts are erased everywhere the app keeps them
// (prospect, exchanges, timeline, actions, journal, notifications); what statistics need stays (statut, formation,
// source, financement, dates, counts). Candidates are never touched. Also: everything held about one person, for
// a right-of-access request.
import { db, type Prisma } from '~/utils/db.server'
import { RGPD_ANNEES } from './labels'
const BATCH = 500

/** Last contacts before this date are past the retention period. */
export function rgpdCutoff(now = new Date()) {
  const cutoff = new Date(now)
  cutoff.setFullYear(cutoff.getFullYear() - RGPD_ANNEES)
  return cutoff
}

function expiredWhere(now: Date): Prisma.ProspectWhereInput {
  return {
    dateDernierContact: { lt: rgpdCutoff(now) },
    statutProspect: { not: 'CANDIDAT' },
    candidat: { is: null },
    dateAnonymisation: null,
  }
}

export async function listExpired({ page, taille }: { page: number; taille: number }, now = new Date()) {
  const where = expiredWhere(now)
  const total = await db.prospect.count({ where })
  const pageCount = Math.max(1, Math.ceil(total / taille))
  const current = Math.min(page, pageCount)
  const rows = await db.prospect.findMany({
    where,
    orderBy: [{ dateDernierContact: 'asc' }, { id: 'asc' }],
    skip: (current - 1) * taille,
    take: taille,
    select: { id: true, nom: true, prenom: true, statutProspect: true, dateDernierContact: true, formationSouhaitee: { select: { nom: true } } },
  })
  return { rows, total, page: current, pageCount, cutoff: rgpdCutoff(now) }
}

/** The prospect if it may be anonymised now (past the period, not a candidate, not done yet), else why not. */
export async function anonymisable(id: string, now = new Date()) {
  const p = await db.prospect.findUnique({
    where: { id },
    select: { id: true, nom: true, prenom: true, statutProspect: true, dateDernierContact: true, dateAnonymisation: true, candidat: { select: { id: true } } },
  })
  if (!p) return { kind: 'introuvable' as const }
  if (p.statutProspect === 'CANDIDAT' || p.candidat) return { kind: 'candidat' as const }
  if (p.dateAnonymisation) return { kind: 'deja' as const }
  if (p.dateDernierContact >= rgpdCutoff(now)) return { kind: 'recent' as const }
  return { kind: 'ok' as const, prospect: p }
}

/** Erases one batch of prospects (only those still eligible at this instant); returns the ids done. */
async function anonymiseBatch(ids: string[], user: { id: string }, now: Date) {
  return db.$transaction(
    async (tx) => {
      const done = await tx.$queryRaw<{ id: string }[]>`
        UPDATE prospects p SET
          nom = 'Anonyme', prenom = '', emails = '{}', telephones = '{}', adresse = NULL, code_postal = NULL, ville = NULL,
          resume_ia = NULL, devis_url = NULL, source_precision = NULL, texte_recherche = '', cles_contact = '{}',
          nom_tri = '~', date_anonymisation = ${now}, date_mise_a_jour = ${now}
        WHERE p.id_prospect = ANY(${ids}::text[])
          AND p.date_anonymisation IS NULL
          AND p.statut_prospect <> 'CANDIDAT'
          AND p.date_dernier_contact < ${rgpdCutoff(now)}
          AND NOT EXISTS (SELECT 1 FROM candidats c WHERE c.prospect_id = p.id_prospect)
        RETURNING p.id_prospect AS id`
      const list = done.map((d) => d.id)
      if (list.length === 0) return list
      await tx.$executeRaw`UPDATE historique_emails SET sujet = '(effacé)', corps = '' WHERE prospect_id = ANY(${list}::text[])`
      // Timeline: notes and free texts go; which fields changed and statut moves stay (counts per statut).
      await tx.$executeRaw`
        UPDATE evenements_prospect SET texte = NULL, donnees = CASE
          WHEN type = 'MODIFICATION' THEN jsonb_build_object('origine', donnees->'origine', 'changements',
            COALESCE((SELECT jsonb_agg(jsonb_build_object('champ', c->'champ', 'avant', NULL, 'apres', NULL)) FROM jsonb_array_elements(donnees->'changements') AS c), '[]'::jsonb))
          ELSE donnees - 'precision' - 'reference' END
        WHERE prospect_id = ANY(${list}::text[])`
      await tx.$executeRaw`
        UPDATE actions_prospect SET parametres = parametres - 'email' - 'message' - 'destinataire',
          resultat = CASE WHEN resultat IS NULL THEN NULL ELSE resultat - 'corps' - 'sujet' END
        WHERE prospect_id = ANY(${list}::text[])`
      await tx.$executeRaw`UPDATE journal_erreurs SET donnees_entree = '{}' WHERE prospect_id = ANY(${list}::text[])`
      await tx.$executeRaw`
        UPDATE notifications n SET titre = 'Prospect anonymisé', message = 'Données personnelles effacées (RGPD).'
        FROM unnest(${list}::text[]) AS a(id)
        WHERE n.lien_action = '/admin/prospects/' || a.id OR n.lien_action LIKE '/admin/prospects/' || a.id || '/%'
          OR n.lien_action LIKE '/admin/prospects/' || a.id || '?%' OR n.lien_action LIKE '/admin/prospects/' || a.id || '#%'`
      await tx.evenementProspect.createMany({
        data: list.map((prospectId) => ({ prospectId, type: 'ANONYMISATION' as const, date: now, auteurId: user.id, donnees: { origine: 'manuel' } })),
      })
      return list
    },
    { maxWait: 10_000, timeout: 60_000 },
  )
}

export type AnonymiseResult = { kind: 'introuvable' } | { kind: 'refuse'; raison: 'candidat' | 'deja' | 'recent' } | { kind: 'fait'; nombre: number }

/** One prospect, or every prospect past the period ('tous'), in batches. */
export async function anonymise(cible: { id: string } | 'tous', user: { id: string }, now = new Date()): Promise<AnonymiseResult> {
  if (cible !== 'tous') {
    const check = await anonymisable(cible.id, now)
    if (check.kind === 'introuvable') return check
    if (check.kind !== 'ok') return { kind: 'refuse', raison: check.kind }
    const done = await anonymiseBatch([cible.id], user, now)
    return done.length ? { kind: 'fait', nombre: 1 } : { kind: 'refuse', raison: 'deja' }
  }
  let nombre = 0
  for (;;) {
    const batch = await db.prospect.findMany({ where: expiredWhere(now), select: { id: true }, orderBy: { id: 'asc' }, take: BATCH })
    if (batch.length === 0) break
    const done = await anonymiseBatch(batch.map((b) => b.id), user, now)
    nombre += done.length
    // Nothing eligible left in this batch (changed meanwhile): stop rather than loop on it.
    if (done.length === 0) break
  }
  return { kind: 'fait', nombre }
}

/** Everything the app holds about one person (right of access), as plain data for a downloadable file. */
export async function personalData(id: string) {
  const prospect = await db.prospect.findUnique({
    where: { id },
    include: {
      formationSouhaitee: { select: { id: true, nom: true } },
      candidat: { include: { formation: { select: { nom: true } }, session: { select: { libelle: true, dateDebut: true, dateFin: true } } } },
      historiqueEmails: { orderBy: { date: 'asc' }, select: { direction: true, date: true, sujet: true, corps: true } },
      actions: {
        orderBy: { dateCreation: 'asc' },
        select: { type: true, statut: true, parametres: true, resultat: true, erreur: true, dateCreation: true, dateFin: true, demandePar: { select: { nom: true } } },
      },
      evenements: { orderBy: { date: 'asc' }, select: { type: true, date: true, donnees: true, texte: true, auteur: { select: { nom: true } } } },
    },
  })
  if (!prospect) return null
  const [journal, notifications] = await Promise.all([
    db.journalErreur.findMany({ where: { prospectId: id }, orderBy: { dateErreur: 'asc' }, select: { dateErreur: true, nomWorkflow: true, messageErreur: true, donneesEntree: true } }),
    db.notification.findMany({
      where: { OR: [{ lienAction: `/admin/prospects/${id}` }, { lienAction: { startsWith: `/admin/prospects/${id}/` } }, { lienAction: { startsWith: `/admin/prospects/${id}#` } }] },
      orderBy: { id: 'asc' },
      select: { date: true, titre: true, message: true },
    }),
  ])
  // Internal search and sort columns are derived from the fields above: not data about the person.
  const { texteRecherche: _t, clesContact: _c, nomTri: _n, historiqueEmails, actions, evenements, candidat, formationSouhaitee, ...fiche } = prospect
  return {
    exporteLe: new Date().toISOString(),
    responsable: 'École de bijouterie-joaillerie — back-office des inscriptions',
    prospect: { ...fiche, formationSouhaitee: formationSouhaitee?.nom ?? null },
    candidature: candidat
      ? { numeroDossier: candidat.numeroDossier, formation: candidat.formation.nom, session: candidat.session, statutDossier: candidat.statutDossier, dossierDrive: candidat.driveFolderUrl, dateConversion: candidat.dateConversion }
      : null,
    echanges: historiqueEmails,
    actions: actions.map(({ demandePar, ...a }) => ({ ...a, demandePar: demandePar?.nom ?? null })),
    historique: evenements.map(({ auteur, ...e }) => ({ ...e, auteur: auteur?.nom ?? null })),
    journalErreurs: journal,
    notifications,
  }
}
