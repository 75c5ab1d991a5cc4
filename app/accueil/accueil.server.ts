// The home page's figures: what needs attention today, and the funnel of the last twelve months. Each query leans
// on an existing index (last contact, action statut, journal resolution); none reads a whole table's rows.
import { parisDayStart } from '~/journal/filters'
import { STATUTS_PROSPECT, type StatutProspectValue } from '~/prospects/labels'
import { db } from '~/utils/db.server'
import { parisToday } from '~/candidats/sessions'

export const JOURS_SANS_CONTACT = 30

/** The calendar days the home page counts from, in Europe/Paris (YYYY-MM-DD). */
export function bornes(now = new Date()) {
  const today = parisToday(now)
  const [y, m, d] = today.split('-').map(Number)
  const day = (date: Date) => date.toISOString().slice(0, 10)
  return {
    hier: day(new Date(Date.UTC(y, m - 1, d - 1))),
    ilYaUnAn: day(new Date(Date.UTC(y - 1, m - 1, d))),
  }
}

export async function aTraiter(now = new Date()) {
  const { hier } = bornes(now)
  const horsSuivi = { notIn: ['CANDIDAT', 'PERDU'] as StatutProspectValue[] }
  const [nouveaux, aRelancer, actions, erreurs, recentes] = await Promise.all([
    db.prospect.count({ where: { datePremierContact: { gte: parisDayStart(hier) } } }),
    db.prospect.count({
      where: { statutProspect: horsSuivi, dateDernierContact: { lt: new Date(now.getTime() - JOURS_SANS_CONTACT * 24 * 3600_000) } },
    }),
    db.actionProspect.groupBy({ by: ['statut'], where: { statut: { in: ['EN_COURS', 'EN_ATTENTE', 'ECHEC'] } }, _count: { _all: true } }),
    db.journalErreur.count({ where: { resolu: false } }),
    db.actionProspect.findMany({
      where: { statut: { in: ['EN_COURS', 'EN_ATTENTE', 'ECHEC'] } },
      orderBy: [{ dateMiseAJour: 'desc' }, { id: 'desc' }],
      take: 5,
      select: { id: true, type: true, statut: true, dateMiseAJour: true, prospect: { select: { id: true, prenom: true, nom: true } } },
    }),
  ])
  const count = (statut: string) => actions.find((a) => a.statut === statut)?._count._all ?? 0
  return {
    depuis: hier,
    nouveaux,
    aRelancer,
    actionsEnCours: count('EN_COURS') + count('EN_ATTENTE'),
    actionsEnEchec: count('ECHEC'),
    erreurs,
    actionsRecentes: recentes,
  }
}

/** Prospects first met in the last twelve months: how many per statut, the conversion rate, and per formation. */
export async function entonnoir(now = new Date()) {
  const { ilYaUnAn } = bornes(now)
  const where = { datePremierContact: { gte: parisDayStart(ilYaUnAn) } }
  const [parStatut, parFormation, formations] = await Promise.all([
    db.prospect.groupBy({ by: ['statutProspect'], where, _count: { _all: true } }),
    db.prospect.groupBy({ by: ['formationSouhaiteeId', 'statutProspect'], where, _count: { _all: true } }),
    db.formation.findMany({ orderBy: { nom: 'asc' }, select: { id: true, nom: true } }),
  ])
  const statuts = STATUTS_PROSPECT.map((statut) => ({ statut, nombre: parStatut.find((g) => g.statutProspect === statut)?._count._all ?? 0 }))
  const total = statuts.reduce((sum, s) => sum + s.nombre, 0)
  const candidats = statuts.find((s) => s.statut === 'CANDIDAT')?.nombre ?? 0
  const lignes = formations.map((f) => {
    const groupes = parFormation.filter((g) => g.formationSouhaiteeId === f.id)
    const prospects = groupes.reduce((sum, g) => sum + g._count._all, 0)
    const devenusCandidats = groupes.find((g) => g.statutProspect === 'CANDIDAT')?._count._all ?? 0
    return { id: f.id, nom: f.nom, prospects, candidats: devenusCandidats, taux: taux(devenusCandidats, prospects) }
  })
  return { depuis: ilYaUnAn, total, candidats, taux: taux(candidats, total), statuts, formations: lignes }
}

/** A rate in whole percent (null when there is nothing to divide). */
export function taux(part: number, total: number) {
  return total > 0 ? Math.round((part / total) * 100) : null
}
