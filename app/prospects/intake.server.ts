// Contacts and emails that arrive from outside (n8n: the website form, the school's inbox): one prospect per
// person, found by email (trimmed, case-insensitive) or phone (digits, +33 = 0) through the cles_contact index.
//
// Duplicates under concurrency: each post runs in one transaction that first takes transaction-level advisory
// locks on its reference and its normalised contact keys (sorted, so two posts never wait on each other in a
// cycle). Two posts about the same person therefore run one after the other: the second finds the prospect the
// first created. The reference table's primary key is the backstop for idempotency; a post that still loses a
// race on it (or on a prospect number) is replayed once and then finds the winner's answer.
import { notify } from '~/notifications/notify.server'
import type { IntakeEchange, IntakeProspect } from '~/n8n/intake-contract'
import { db, type Prisma, type SourceProspect, type StatutProspect } from '~/utils/db.server'
import { normalizeSearch } from '~/utils/text'
import { contactKeys, derivedFields, displayPhone, emailKey, nameFromEmail, newProspectFields, phoneKey, tidyName } from './contact-keys'
import { nextProspectId } from './ids.server'
import { lockKeys, onceMoreOnConflict } from './locks.server'
import { sourceLabels, sourceVia } from './labels'

const TX_OPTIONS = { maxWait: 10_000, timeout: 15_000 }
/** A prospect keeps at most this many addresses and numbers. */
const MAX_CONTACTS = 5

type Formation = { id: string; nom: string }

/** A formation given by id or by name ("cap bijouterie" finds "CAP Bijouterie-Joaillerie"); null if none or several. */
export function resolveFormation(text: string | undefined, formations: Formation[]): Formation | null {
  if (!text) return null
  const wanted = normalizeSearch(text)
  const byId = formations.find((f) => f.id.toLowerCase() === text.trim().toLowerCase())
  if (byId) return byId
  const exact = formations.find((f) => normalizeSearch(f.nom) === wanted)
  if (exact) return exact
  const partial = formations.filter((f) => normalizeSearch(f.nom).startsWith(wanted) || (wanted.length >= 4 && normalizeSearch(f.nom).includes(wanted)))
  return partial.length === 1 ? partial[0] : null
}

const later = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b)

/** Subject of the history entry when the contact gave none. */
function defaultSubject(source: SourceProspect | undefined) {
  return source ? `Premier message (${sourceLabels[source].toLowerCase()})` : 'Message reçu'
}

export type ContactOutcome = { id: string; cree: boolean; doublon: boolean; avertissements: string[] }

type Matched = {
  id: string
  nom: string
  prenom: string
  emails: string[]
  telephones: string[]
  adresse: string | null
  codePostal: string | null
  ville: string | null
  formationSouhaiteeId: string | null
  modeFinancement: IntakeProspect['modeFinancement'] | null
  source: SourceProspect | null
  statutProspect: StatutProspect
  dateDernierContact: Date
}

/**
 * POST /api/n8n/prospects: creates the prospect, or attaches the message to the one with the same email or phone
 * (missing fields filled, PERDU back to NOUVEAU, CANDIDAT kept). The same reference again changes nothing.
 */
export async function receiveContact(input: IntakeProspect): Promise<ContactOutcome> {
  const formations = await db.formation.findMany({ select: { id: true, nom: true } })
  const formation = resolveFormation(input.formation, formations)
  const avertissements = input.formation && !formation ? [`formation : « ${input.formation.slice(0, 80)} » ne correspond à aucune formation de l’école ; ignorée`] : []
  const date = input.date ?? new Date()
  const emails = input.email ? [input.email] : []
  const telephones = input.telephone ? [displayPhone(input.telephone)] : []
  const keys = contactKeys({ emails, telephones })

  const result = await onceMoreOnConflict(() =>
    db.$transaction(async (tx) => {
      await lockKeys(tx, [`ref:${input.reference}`, ...keys])
      const seen = await tx.receptionContact.findUnique({ where: { reference: input.reference } })
      if (seen) return { id: seen.prospectId, cree: seen.route === 'prospects' && seen.cree, doublon: true, created: null }

      const candidates = await tx.prospect.findMany({
        where: { clesContact: { hasSome: keys }, dateAnonymisation: null },
        select: { id: true, clesContact: true, dateDernierContact: true },
      })
      // Email first (a shared family phone is weaker evidence), then the most recent contact.
      const score = (c: (typeof candidates)[number]) => (input.email && c.clesContact.includes(emailKey(input.email)) ? 2 : 1)
      const match = candidates.sort((a, b) => score(b) - score(a) || b.dateDernierContact.getTime() - a.dateDernierContact.getTime())[0]
      const echangeSujet = input.sujet ?? defaultSubject(input.source)

      if (!match) {
        const named = input.nom || input.prenom ? { nom: tidyName(input.nom ?? ''), prenom: tidyName(input.prenom ?? '') } : nameFromEmail(input.email!)
        const id = await nextProspectId(tx)
        const created = await tx.prospect.create({
          data: {
            id,
            ...newProspectFields({ ...named, emails, telephones }, { ...input, formationId: formation?.id }, date, 1),
            resumeIa: input.resumeIa ?? null,
            historiqueEmails: { create: { direction: 'ENTRANT', date, sujet: echangeSujet, corps: input.message ?? '' } },
            evenements: { create: { type: 'CREATION', date, donnees: { origine: 'n8n', source: input.source ?? null, reference: input.reference } } },
          },
          select: { id: true, nom: true, prenom: true, source: true, historiqueEmails: { select: { id: true } } },
        })
        await tx.receptionContact.create({
          data: { reference: input.reference, route: 'prospects', prospectId: id, cree: true, echangeId: created.historiqueEmails[0]?.id ?? null },
        })
        return { id, cree: true, doublon: false, created: { ...created, formation } }
      }

      // The matched row is locked until commit: a concurrent post about the same person by another key waits here.
      await tx.$executeRaw`SELECT 1 FROM prospects WHERE id_prospect = ${match.id} FOR UPDATE`
      const p: Matched = await tx.prospect.findUniqueOrThrow({
        where: { id: match.id },
        select: {
          id: true, nom: true, prenom: true, emails: true, telephones: true, adresse: true, codePostal: true, ville: true,
          formationSouhaiteeId: true, modeFinancement: true, source: true, statutProspect: true, dateDernierContact: true,
        },
      })
      // Addresses and numbers that no prospect has yet join this one's lists.
      const taken = new Set(candidates.flatMap((c) => c.clesContact))
      const newEmails = emails.filter((e) => !taken.has(emailKey(e)))
      const newPhones = telephones.filter((t) => !taken.has(phoneKey(t)!))
      const fills: Record<string, { avant: unknown; apres: unknown }> = {}
      const data: Prisma.ProspectUpdateInput = {}
      const fill = <K extends 'adresse' | 'codePostal' | 'ville' | 'modeFinancement' | 'source'>(field: K, value: Matched[K] | undefined) => {
        if (value && !p[field]) {
          ;(data as Record<string, unknown>)[field] = value
          fills[field] = { avant: null, apres: value }
        }
      }
      fill('adresse', input.adresse)
      fill('codePostal', input.codePostal)
      fill('ville', input.ville ? tidyName(input.ville) : undefined)
      fill('modeFinancement', input.modeFinancement)
      fill('source', input.source)
      if (formation && !p.formationSouhaiteeId) {
        data.formationSouhaitee = { connect: { id: formation.id } }
        fills.formation = { avant: null, apres: formation.nom }
      }
      const nextEmails = [...p.emails, ...newEmails].slice(0, MAX_CONTACTS)
      const nextPhones = [...p.telephones, ...newPhones].slice(0, MAX_CONTACTS)
      if (nextEmails.length !== p.emails.length) fills.emails = { avant: p.emails, apres: nextEmails }
      if (nextPhones.length !== p.telephones.length) fills.telephones = { avant: p.telephones, apres: nextPhones }
      if (fills.emails || fills.telephones) {
        data.emails = nextEmails
        data.telephones = nextPhones
        Object.assign(data, derivedFields({ nom: p.nom, prenom: p.prenom, emails: nextEmails, telephones: nextPhones }))
      }
      const reopened = p.statutProspect === 'PERDU'
      if (reopened) {
        data.statutProspect = 'NOUVEAU'
        data.raisonPerte = null
      }
      if (input.resumeIa) data.resumeIa = input.resumeIa
      const echange = await tx.historiqueEmail.create({
        data: { prospectId: p.id, direction: 'ENTRANT', date, sujet: echangeSujet, corps: input.message ?? '' },
        select: { id: true },
      })
      await tx.prospect.update({
        where: { id: p.id },
        data: { ...data, nbEchanges: { increment: 1 }, dateDernierContact: later(p.dateDernierContact, date) },
      })
      const events: Prisma.EvenementProspectCreateManyInput[] = []
      if (Object.keys(fills).length) {
        events.push({ prospectId: p.id, type: 'MODIFICATION', date, donnees: { origine: 'n8n', source: input.source ?? null, changements: Object.entries(fills).map(([champ, v]) => ({ champ, ...v })) } as Prisma.InputJsonValue })
      }
      if (reopened) events.push({ prospectId: p.id, type: 'STATUT', date, donnees: { de: 'PERDU', vers: 'NOUVEAU', origine: 'n8n', motif: 'Le prospect a repris contact.' } })
      if (events.length) await tx.evenementProspect.createMany({ data: events })
      await tx.receptionContact.create({ data: { reference: input.reference, route: 'prospects', prospectId: p.id, cree: false, echangeId: echange.id } })
      return { id: p.id, cree: false, doublon: false, created: null }
    }, TX_OPTIONS),
  )

  if (result.created) await announceNewProspect(result.created, null)
  return { id: result.id, cree: result.cree, doublon: result.doublon, avertissements }
}

/** "Nouveau prospect : Marie DUMITRU — CAP Bijouterie-Joaillerie, via le formulaire du site", to every admin. */
export async function announceNewProspect(
  p: { id: string; nom: string; prenom: string; source: SourceProspect | null; formation: Formation | null },
  auteurId: string | null,
) {
  const nom = [p.prenom, p.nom.toUpperCase()].filter(Boolean).join(' ')
  const details = [p.formation?.nom, p.source ? sourceVia[p.source] : null].filter(Boolean).join(', ')
  await notify({
    categorie: 'prospect',
    type: 'nouveau_prospect',
    priorite: 'NORMALE',
    titre: `Nouveau prospect : ${nom}${details ? ` — ${details}` : ''}`,
    message: auteurId ? 'Ajouté à la main dans le back-office.' : 'Ouvrez sa fiche pour le contacter.',
    audience: 'ADMIN',
    lienAction: `/admin/prospects/${p.id}`,
    auteurId,
  })
}

export type ExchangeOutcome =
  | { kind: 'enregistre'; id: string; echange: string | null; doublon: boolean }
  | { kind: 'inconnu'; message: string }

/**
 * POST /api/n8n/echanges: one email of a known prospect (by id or email) joins the history; counters, last contact
 * and AI summary follow. An incoming email from a PERDU prospect reopens them. The same messageId changes nothing.
 */
export async function receiveExchange(input: IntakeEchange): Promise<ExchangeOutcome> {
  const date = input.date ?? new Date()
  const keys = input.email ? [emailKey(input.email)] : []
  return onceMoreOnConflict(() =>
    db.$transaction(async (tx): Promise<ExchangeOutcome> => {
      await lockKeys(tx, [`ref:${input.messageId}`, ...keys])
      const seen = await tx.receptionContact.findUnique({ where: { reference: input.messageId } })
      if (seen) return { kind: 'enregistre', id: seen.prospectId, echange: seen.echangeId, doublon: true }

      const found = input.prospect
        ? await tx.prospect.findUnique({ where: { id: input.prospect }, select: { id: true, dateAnonymisation: true } })
        : await tx.prospect.findFirst({
            where: { clesContact: { has: keys[0] }, dateAnonymisation: null },
            orderBy: { dateDernierContact: 'desc' },
            select: { id: true, dateAnonymisation: true },
          })
      if (!found) {
        return {
          kind: 'inconnu',
          message: input.prospect ? `Prospect inconnu : aucun prospect ne porte l’identifiant « ${input.prospect} ».` : `Prospect inconnu : aucun prospect n’a l’adresse ${input.email}.`,
        }
      }
      if (found.dateAnonymisation) return { kind: 'inconnu', message: `Prospect anonymisé : ${found.id} n’accepte plus d’échanges.` }

      await tx.$executeRaw`SELECT 1 FROM prospects WHERE id_prospect = ${found.id} FOR UPDATE`
      const p = await tx.prospect.findUniqueOrThrow({ where: { id: found.id }, select: { statutProspect: true, dateDernierContact: true } })
      const echange = await tx.historiqueEmail.create({
        data: { prospectId: found.id, direction: input.direction, date, sujet: input.sujet ?? '(sans objet)', corps: input.corps },
        select: { id: true },
      })
      const reopened = input.direction === 'ENTRANT' && p.statutProspect === 'PERDU'
      await tx.prospect.update({
        where: { id: found.id },
        data: {
          nbEchanges: { increment: 1 },
          dateDernierContact: later(p.dateDernierContact, date),
          ...(input.resumeIa ? { resumeIa: input.resumeIa } : {}),
          ...(reopened ? { statutProspect: 'NOUVEAU', raisonPerte: null } : {}),
        },
      })
      if (reopened) {
        await tx.evenementProspect.create({ data: { prospectId: found.id, type: 'STATUT', date, donnees: { de: 'PERDU', vers: 'NOUVEAU', origine: 'n8n', motif: 'Le prospect a repris contact.' } } })
      }
      await tx.receptionContact.create({ data: { reference: input.messageId, route: 'echanges', prospectId: found.id, cree: false, echangeId: echange.id } })
      return { kind: 'enregistre', id: found.id, echange: echange.id, doublon: false }
    }, TX_OPTIONS),
  )
}
