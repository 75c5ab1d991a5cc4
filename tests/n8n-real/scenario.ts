// The database side of the real-n8n test, run by run.ts in its own process (PGlite: one process per data folder):
// `prepare` before the app starts (picks the prospects, names one "Panne-Google" so the test doubles fail on it),
// `report` after the app has stopped (what the actions left in the database). Prints one JSON line.
import { db } from '~/utils/db.server'

async function pick(where: { id?: string; notId?: string }) {
  const prospect = await db.prospect.findFirstOrThrow({
    where: {
      ...(where.id ? { id: where.id } : { id: { not: where.notId } }),
      statutProspect: { notIn: ['CANDIDAT', 'PERDU'] },
      formationSouhaiteeId: { not: null },
      emails: { isEmpty: false },
      formationSouhaitee: { sessions: { some: { ouverte: true } } },
    },
    orderBy: { id: 'asc' },
    include: { formationSouhaitee: { include: { sessions: { where: { ouverte: true }, orderBy: { dateDebut: 'asc' }, take: 1 } } } },
  })
  const formation = prospect.formationSouhaitee!
  return {
    id: prospect.id,
    prenom: prospect.prenom,
    nom: prospect.nom,
    email: prospect.emails[0],
    formationId: formation.id,
    formationNom: formation.nom,
    sessionId: formation.sessions[0].id,
  }
}

async function prepare() {
  const marie = await pick({ id: 'PROS_000001' })
  const panne = await pick({ notId: 'PROS_000001' })
  await db.prospect.update({ where: { id: panne.id }, data: { nom: 'Panne-Google' } })
  return { marie, panne: { ...panne, nom: 'Panne-Google' } }
}

async function report(ids: string[]) {
  const prospects = await db.prospect.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      statutProspect: true,
      devisUrl: true,
      nbEchanges: true,
      candidat: { select: { numeroDossier: true, driveFolderId: true, driveFolderUrl: true, statutDossier: true } },
      actions: { orderBy: { dateCreation: 'asc' }, select: { id: true, type: true, statut: true, tentatives: true, httpStatus: true, resultat: true, erreur: true } },
      historiqueEmails: { where: { direction: 'SORTANT', actionId: { not: null } }, select: { actionId: true, sujet: true, corps: true } },
    },
  })
  const journal = await db.journalErreur.findMany({
    where: { prospectId: { in: ids } },
    select: { nomWorkflow: true, nomNoeud: true, severite: true, messageErreur: true, actionId: true },
  })
  return { prospects, journal }
}

const [mode, ...ids] = process.argv.slice(2)
const result = mode === 'prepare' ? await prepare() : await report(ids)
await db.$disconnect()
console.log(JSON.stringify(result))
process.exit(0)
