// Test factories: each test builds the rows it talks about, instead of relying on the seed's arithmetic. Values are
// unique per call (a counter plus a random run tag), so tests can run side by side on one database.
import crypto from 'node:crypto'
import bcrypt from 'bcryptjs'
import { numeroDossierBase } from '~/candidats/numero-dossier'
import { db, type Prisma } from '~/utils/db.server'
import { derivedFields } from '~/prospects/contact-keys'

const run = crypto.randomBytes(3).toString('hex')
let counter = 0
const next = () => `${run}${(++counter).toString(36)}`

const PRENOMS = ['Hugo', 'Marie', 'Inès', 'Théo', 'Zoé', 'Anaïs', 'Loïc', 'Bérénice']
const NOMS = ['Durand', 'Dumitru', 'Lefèvre', 'Nguyen', 'Özdemir', 'Le Goff', 'Faure', 'Benali']
const pick = <T,>(list: readonly T[]) => list[counter % list.length]

type ProspectInput = Partial<Omit<Prisma.ProspectUncheckedCreateInput, 'texteRecherche' | 'clesContact' | 'nomTri'>>

/** A prospect (NOUVEAU, CAP Bijouterie by default) with a unique id, email and phone. */
export async function createProspect(overrides: ProspectInput = {}) {
  const tag = next()
  const prenom = overrides.prenom ?? pick(PRENOMS)
  const nom = overrides.nom ?? pick(NOMS)
  const emails = (overrides.emails as string[] | undefined) ?? [`${prenom.normalize('NFD').replace(/[^a-zA-Z]/g, '').toLowerCase()}.${tag}@exemple.fr`]
  const digits = String(parseInt(tag, 36) % 100_000_000).padStart(8, '0')
  const telephones = (overrides.telephones as string[] | undefined) ?? [`06 ${digits.replace(/(\d\d)(?=\d)/g, '$1 ')}`]
  const now = new Date()
  return db.prospect.create({
    data: {
      id: `PROS_T${tag}`,
      prenom,
      nom,
      emails,
      telephones,
      ville: 'Lyon',
      codePostal: '69002',
      formationSouhaiteeId: 'CAP_BIJOUTERIE',
      modeFinancement: 'CPF',
      statutProspect: 'NOUVEAU',
      source: 'FORMULAIRE_SITE',
      datePremierContact: now,
      dateDernierContact: now,
      ...overrides,
      ...derivedFields({ nom, prenom, emails, telephones }),
    },
  })
}

/** A session of the formation that opens in `months` months (default: the next one that has not started). */
export async function openSessionOf(formationId = 'CAP_BIJOUTERIE') {
  return db.sessionFormation.findFirstOrThrow({ where: { formationId, ouverte: true, dateDebut: { gt: new Date() } }, orderBy: { dateDebut: 'asc' } })
}

/** A candidate: a CANDIDAT prospect (created unless given) with its candidats row and a unique dossier number. */
export async function createCandidat(overrides: { prospectId?: string; formationId?: string; sessionId?: string; statutDossier?: Prisma.CandidatUncheckedCreateInput['statutDossier']; driveFolderUrl?: string | null } = {}) {
  const formationId = overrides.formationId ?? 'CAP_BIJOUTERIE'
  const prospect = overrides.prospectId
    ? await db.prospect.update({ where: { id: overrides.prospectId }, data: { statutProspect: 'CANDIDAT' } })
    : await createProspect({ statutProspect: 'CANDIDAT', formationSouhaiteeId: formationId })
  const sessionId = overrides.sessionId ?? (await openSessionOf(formationId)).id
  const candidat = await db.candidat.create({
    data: {
      prospectId: prospect.id,
      numeroDossier: `${numeroDossierBase(prospect.nom, new Date())}-T${next()}`,
      formationId,
      sessionId,
      statutDossier: overrides.statutDossier ?? 'RECU',
      driveFolderUrl: overrides.driveFolderUrl ?? null,
    },
  })
  return { prospect, candidat }
}

type ActionInput = Partial<Prisma.ActionProspectUncheckedCreateInput> & { prospectId: string }

/** An action row as the app leaves it (EN_COURS by default), asked by the demo admin unless told otherwise. */
export async function createAction(input: ActionInput) {
  const demandeParId = input.demandeParId === undefined ? (await adminUser()).id : input.demandeParId
  return db.actionProspect.create({
    data: { type: 'GENERER_DEVIS', parametres: { formationId: 'CAP_BIJOUTERIE' }, statut: 'EN_COURS', ...input, demandeParId },
  })
}

/** A journal entry (unresolved ERREUR by default). */
export async function createJournalEntry(input: Partial<Prisma.JournalErreurUncheckedCreateInput> = {}) {
  return db.journalErreur.create({
    data: { nomWorkflow: 'prospect_generer_devis', nomNoeud: 'webhook_n8n_call', messageErreur: `Erreur de test ${next()}`, severite: 'ERREUR', ...input },
  })
}

let adminCache: Promise<{ id: string; nom: string }> | undefined
/** The demo admin of the template database. */
export function adminUser() {
  adminCache ??= db.utilisateur.findUniqueOrThrow({ where: { email: 'admin@ecole-bijouterie.fr' }, select: { id: true, nom: true } })
  return adminCache
}

/** A user of any role, with a known password (cheap hash: tests only). */
export async function createUser(overrides: { role?: 'ADMIN' | 'FORMATEUR' | 'ELEVE'; nom?: string; password?: string } = {}) {
  const tag = next()
  const password = overrides.password ?? `Mot-de-passe-${tag}`
  const user = await db.utilisateur.create({
    data: { email: `utilisateur.${tag}@ecole-bijouterie.fr`, nom: overrides.nom ?? `Agnès Test ${tag}`, role: overrides.role ?? 'ADMIN', motDePasseHash: bcrypt.hashSync(password, 4) },
  })
  return { ...user, password }
}
