// What a secretary does to a prospect by hand: create (after a duplicate check), edit, change the statut (PERDU
// with a reason, reopen), annotate. Every change leaves a timeline entry (who, when, what). Results, not HTTP:
// routes turn `{ kind }` into statuses and toasts.
import { db, type Prisma, type StatutProspect } from '~/utils/db.server'
import { contactKeys, derivedFields, displayPhone, emailKey, nameKey, newProspectFields, phoneKey, tidyName } from './contact-keys'
import { nextProspectId } from './ids.server'
import { announceNewProspect } from './intake.server'
import { financementLabels, sourceLabels, statutLabels, type FinancementValue } from './labels'
import { lockKeys, onceMoreOnConflict } from './locks.server'
import type { ChangementStatut, ModifierProspect, NouveauProspect } from './schemas'

type Author = { id: string; nom: string }
const TX_OPTIONS = { maxWait: 10_000, timeout: 15_000 }

export type Doublon = { id: string; nom: string; prenom: string; statutProspect: StatutProspect; raisons: ('email' | 'téléphone' | 'nom')[] }

/** Prospects that are probably the same person: same email, same phone, or same name and first name. */
export async function findDuplicates(
  p: { nom: string; prenom: string; emails: string[]; telephones: string[] },
  client: Prisma.TransactionClient = db,
): Promise<Doublon[]> {
  const keys = [...contactKeys(p), nameKey(p.nom, p.prenom)]
  const rows = await client.prospect.findMany({
    where: { clesContact: { hasSome: keys }, dateAnonymisation: null },
    select: { id: true, nom: true, prenom: true, statutProspect: true, clesContact: true },
    orderBy: { dateDernierContact: 'desc' },
    take: 5,
  })
  const emailKeys = new Set(p.emails.map(emailKey))
  const phoneKeys = new Set(p.telephones.map(phoneKey))
  return rows.map(({ clesContact, ...row }) => ({
    ...row,
    raisons: [
      ...(clesContact.some((k) => emailKeys.has(k)) ? (['email'] as const) : []),
      ...(clesContact.some((k) => phoneKeys.has(k)) ? (['téléphone'] as const) : []),
      ...(clesContact.includes(nameKey(p.nom, p.prenom)) ? (['nom'] as const) : []),
    ],
  }))
}

async function formationOf(id: string | undefined) {
  if (!id) return null
  return db.formation.findUnique({ where: { id }, select: { id: true, nom: true } })
}

export type CreateResult =
  | { kind: 'formation_inconnue' }
  | { kind: 'doublons'; doublons: Doublon[] }
  | { kind: 'cree'; id: string; nom: string; prenom: string }

/** Creates a prospect typed in by an admin; stops at probable duplicates unless `confirmerDoublon` is set. */
export async function createProspectByHand(values: NouveauProspect, user: Author): Promise<CreateResult> {
  const formation = await formationOf(values.formation)
  if (values.formation && !formation) return { kind: 'formation_inconnue' }
  const identity = {
    nom: tidyName(values.nom),
    prenom: tidyName(values.prenom),
    emails: values.email ? [values.email] : [],
    telephones: values.telephone ? [displayPhone(values.telephone)] : [],
  }
  const result = await onceMoreOnConflict(() =>
    db.$transaction(async (tx): Promise<CreateResult> => {
      // Two secretaries typing in the same caller at once: the second sees the first one's prospect.
      await lockKeys(tx, [...contactKeys(identity), nameKey(identity.nom, identity.prenom)])
      if (!values.confirmerDoublon) {
        const doublons = await findDuplicates(identity, tx)
        if (doublons.length) return { kind: 'doublons', doublons }
      }
      const id = await nextProspectId(tx)
      const now = new Date()
      await tx.prospect.create({
        data: {
          id,
          ...newProspectFields(identity, { ...values, formationId: formation?.id }, now, 0),
          evenements: {
            create: [
              { type: 'CREATION', date: now, auteurId: user.id, donnees: { origine: 'manuel', source: values.source ?? null, doublonConfirme: Boolean(values.confirmerDoublon) } },
              ...(values.note ? [{ type: 'NOTE' as const, date: new Date(now.getTime() + 1), auteurId: user.id, texte: values.note }] : []),
            ],
          },
        },
      })
      return { kind: 'cree', id, nom: identity.nom, prenom: identity.prenom }
    }, TX_OPTIONS),
  )
  if (result.kind === 'cree') {
    await announceNewProspect({ id: result.id, nom: result.nom, prenom: result.prenom, source: values.source ?? null, formation }, user.id)
  }
  return result
}

/** The editable fields as the form shows them (for the edit form's default values). */
export async function getEditableProspect(id: string) {
  const p = await db.prospect.findUnique({
    where: { id },
    select: {
      id: true, nom: true, prenom: true, emails: true, telephones: true, adresse: true, codePostal: true, ville: true,
      formationSouhaiteeId: true, modeFinancement: true, source: true, sourcePrecision: true, statutProspect: true, dateAnonymisation: true,
    },
  })
  return p
}

type Comparable = {
  nom: string
  prenom: string
  emails: string[]
  telephones: string[]
  adresse: string | null
  codePostal: string | null
  ville: string | null
  formation: string | null
  modeFinancement: string | null
  source: string | null
  sourcePrecision: string | null
}

/** Field-by-field differences, in words the timeline can show as they are. */
function differences(before: Comparable, after: Comparable) {
  const shown = (field: keyof Comparable, value: Comparable[keyof Comparable]) => {
    if (value === null || (Array.isArray(value) && value.length === 0)) return null
    if (Array.isArray(value)) return value.join(', ')
    if (field === 'modeFinancement') return financementLabels[value as FinancementValue] ?? value
    if (field === 'source') return sourceLabels[value as keyof typeof sourceLabels] ?? value
    return value
  }
  return (Object.keys(after) as (keyof Comparable)[])
    .map((champ) => ({ champ, avant: shown(champ, before[champ]), apres: shown(champ, after[champ]) }))
    .filter((c) => c.avant !== c.apres)
}

export type UpdateResult =
  | { kind: 'introuvable' }
  | { kind: 'anonymise' }
  | { kind: 'formation_inconnue' }
  | { kind: 'inchange' }
  | { kind: 'modifie'; changements: { champ: string; avant: string | null; apres: string | null }[] }

/** Applies an edit and records what changed (before → after) in the timeline. */
export async function updateProspect(id: string, values: ModifierProspect, user: Author): Promise<UpdateResult> {
  const formation = await formationOf(values.formation)
  if (values.formation && !formation) return { kind: 'formation_inconnue' }
  return db.$transaction(async (tx): Promise<UpdateResult> => {
    await tx.$executeRaw`SELECT 1 FROM prospects WHERE id_prospect = ${id} FOR UPDATE`
    const p = await tx.prospect.findUnique({ where: { id }, include: { formationSouhaitee: { select: { nom: true } } } })
    if (!p) return { kind: 'introuvable' }
    if (p.dateAnonymisation) return { kind: 'anonymise' }
    const emails = [...new Set([values.email, ...(values.autresEmails ?? [])].filter((v): v is string => Boolean(v)))]
    const telephones = [...new Set([values.telephone, ...(values.autresTelephones ?? [])].filter((v): v is string => Boolean(v)).map(displayPhone))]
    const next = {
      nom: tidyName(values.nom),
      prenom: tidyName(values.prenom),
      emails,
      telephones,
      adresse: values.adresse ?? null,
      codePostal: values.codePostal ?? null,
      ville: values.ville ? tidyName(values.ville) : null,
      modeFinancement: values.modeFinancement ?? null,
      source: values.source ?? null,
      sourcePrecision: values.sourcePrecision ?? null,
    }
    const changements = differences(
      { ...p, formation: p.formationSouhaitee?.nom ?? null },
      { ...next, formation: formation?.nom ?? null },
    )
    if (changements.length === 0) return { kind: 'inchange' }
    await tx.prospect.update({
      where: { id },
      data: {
        ...next,
        formationSouhaitee: formation ? { connect: { id: formation.id } } : { disconnect: true },
        ...derivedFields(next),
      },
    })
    await tx.evenementProspect.create({ data: { prospectId: id, type: 'MODIFICATION', auteurId: user.id, donnees: { origine: 'manuel', changements } } })
    return { kind: 'modifie', changements }
  }, TX_OPTIONS)
}

export type StatutResult =
  | { kind: 'introuvable' }
  | { kind: 'candidat' }
  | { kind: 'anonymise' }
  | { kind: 'inchange'; statut: StatutProspect }
  | { kind: 'change'; de: StatutProspect; vers: StatutProspect }

/** NOUVEAU, CONTACTE, INTERESSE, EN_ATTENTE_DOSSIER or PERDU (with its reason); reopening is the same call. */
export async function changeStatut(id: string, change: ChangementStatut, user: Author): Promise<StatutResult> {
  return db.$transaction(async (tx): Promise<StatutResult> => {
    await tx.$executeRaw`SELECT 1 FROM prospects WHERE id_prospect = ${id} FOR UPDATE`
    const p = await tx.prospect.findUnique({ where: { id }, select: { statutProspect: true, raisonPerte: true, dateAnonymisation: true } })
    if (!p) return { kind: 'introuvable' }
    // A candidate's statut follows their application file, never this form.
    if (p.statutProspect === 'CANDIDAT') return { kind: 'candidat' }
    if (p.dateAnonymisation) return { kind: 'anonymise' }
    const perdu = change.statut === 'PERDU'
    if (p.statutProspect === change.statut && (!perdu || p.raisonPerte === change.raison)) return { kind: 'inchange', statut: p.statutProspect }
    await tx.prospect.update({
      where: { id },
      data: { statutProspect: change.statut, raisonPerte: perdu ? change.raison : null },
    })
    await tx.evenementProspect.create({
      data: {
        prospectId: id,
        type: 'STATUT',
        auteurId: user.id,
        donnees: { origine: 'manuel', de: p.statutProspect, vers: change.statut, ...(perdu ? { raison: change.raison, precision: change.precision ?? null } : {}), ...(!perdu && change.precision ? { precision: change.precision } : {}) },
      },
    })
    return { kind: 'change', de: p.statutProspect, vers: change.statut }
  }, TX_OPTIONS)
}

export type NoteResult = { kind: 'introuvable' } | { kind: 'anonymise' } | { kind: 'ajoutee' }

export async function addNote(id: string, texte: string, user: Author): Promise<NoteResult> {
  const p = await db.prospect.findUnique({ where: { id }, select: { dateAnonymisation: true } })
  if (!p) return { kind: 'introuvable' }
  if (p.dateAnonymisation) return { kind: 'anonymise' }
  await db.evenementProspect.create({ data: { prospectId: id, type: 'NOTE', auteurId: user.id, texte } })
  return { kind: 'ajoutee' }
}

/** "Marie DUMITRU passe de « Contacté » à « Perdu »." */
export function statutChangeMessage(nom: string, de: StatutProspect, vers: StatutProspect) {
  return `${nom} passe de « ${statutLabels[de]} » à « ${statutLabels[vers]} ».`
}
