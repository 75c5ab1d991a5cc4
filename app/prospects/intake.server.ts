// Contacts and emails that arrive from outside (n8n: the website form, the school's inbox): one prospect per
// person, found by email (trimmed, case-insensitive) or phone (digits, +33 = 0) through the cles_contact index.
//
// Duplicates under concurrency: each post runs in one transaction that first takes transaction-level advisory
// locks on its reference and its normalised contact keys (sorted, so two posts never wait on each other in a
// cycle). Two posts about the same person therefore run one after the other: the second finds the prospect the
// first created. The reference table's primary key is the backstop for idempotency; a post that still loses a
// race on it (or on a prospect number) is replayed once and then finds the winner's answer.
import crypto from 'node:crypto'
import { notificationRow, notify, publishNotification, type NotifyInput } from '~/notifications/notify.server'
import type { IntakeEchange, IntakeProspect } from '~/n8n/intake-contract'
import { db, Prisma, utcSql, type SourceProspect, type StatutProspect } from '~/utils/db.server'
import { normalizeSearch } from '~/utils/text'
import { contactKeys, derivedFields, displayPhone, emailKey, nameFromEmail, newProspectFields, phoneKey, tidyName } from './contact-keys'
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

type NewFields = ReturnType<typeof newProspectFields>

/**
 * A new person, in one statement: the prospect (numbered from the sequence), its first message, its timeline entry
 * and the accepted reference. The hot path of the intake: Prisma's nested create costs five round trips here.
 * Tests read these rows back through Prisma, so a column this misses would show.
 */
async function insertNewContact(
  tx: Prisma.TransactionClient,
  f: NewFields,
  extra: { resumeIa: string | null; sujet: string; corps: string; donnees: Record<string, unknown>; reference: string; notice: NotifyInput },
) {
  const echangeId = crypto.randomUUID()
  // The admins' notice is stored with the prospect (its link needs the new number); it is published after the commit.
  const notice = notificationRow(extra.notice)
  const [row] = await tx.$queryRaw<{ id: string; notificationId: number; notificationDate: Date }[]>`
    WITH p AS (
      INSERT INTO prospects (id_prospect, nom, prenom, emails, telephones, adresse, code_postal, ville, formation_souhaitee,
        mode_financement, source, source_precision, statut_prospect, nb_echanges, date_premier_contact, date_dernier_contact,
        resume_ia, texte_recherche, cles_contact, nom_tri, date_mise_a_jour)
      SELECT 'PROS_' || lpad(n::text, GREATEST(6, length(n::text)), '0'), ${f.nom}, ${f.prenom}, ${f.emails}::text[], ${f.telephones}::text[],
        ${f.adresse}, ${f.codePostal}, ${f.ville}, ${f.formationSouhaiteeId}, ${f.modeFinancement}::"ModeFinancement", ${f.source}::"SourceProspect",
        ${f.sourcePrecision}, 'NOUVEAU', ${f.nbEchanges}, ${utcSql(f.datePremierContact)}, ${utcSql(f.dateDernierContact)},
        ${extra.resumeIa}, ${f.texteRecherche}, ${f.clesContact}::text[], ${f.nomTri}, now() AT TIME ZONE 'UTC'
      FROM (SELECT nextval('prospects_numero_seq') AS n) AS s
      RETURNING id_prospect
    ), h AS (
      INSERT INTO historique_emails (id, prospect_id, direction, date, sujet, corps)
      SELECT ${echangeId}, id_prospect, 'ENTRANT', ${utcSql(f.dateDernierContact)}, ${extra.sujet}, ${extra.corps} FROM p
    ), e AS (
      INSERT INTO evenements_prospect (id, prospect_id, type, date, donnees)
      SELECT ${crypto.randomUUID()}, id_prospect, 'CREATION', ${utcSql(f.datePremierContact)}, ${JSON.stringify(extra.donnees)}::jsonb FROM p
    ), r AS (
      INSERT INTO receptions_contact (reference, route, prospect_id, cree, echange_id, date)
      SELECT ${extra.reference}, 'prospects', id_prospect, true, ${echangeId}, now() AT TIME ZONE 'UTC' FROM p
    ), n AS (
      INSERT INTO notifications (categorie, type, priorite, titre, message, audience, lien_action, auteur_id, date)
      SELECT ${notice.categorie}, ${notice.type}, ${notice.priorite}::"PrioriteNotification", ${notice.titre}, ${notice.message},
        ${notice.audience}::"Audience", '/admin/prospects/' || id_prospect, NULL, now() AT TIME ZONE 'UTC' FROM p
      RETURNING id, date
    )
    SELECT p.id_prospect AS id, n.id AS "notificationId", n.date AS "notificationDate" FROM p, n`
  const notification = { ...notice, id: row.notificationId, date: row.notificationDate, lienAction: `/admin/prospects/${row.id}`, auteurId: null }
  return { id: row.id, notification }
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
/** The school's formations change a few times a year: read at most once a minute (every post needs them). */
const formationsCache: { at: number; list: Promise<Formation[]> | null } = { at: 0, list: null }
function formations() {
  if (!formationsCache.list || Date.now() - formationsCache.at > 60_000) {
    formationsCache.at = Date.now()
    formationsCache.list = db.formation.findMany({ select: { id: true, nom: true } })
    formationsCache.list.catch(() => (formationsCache.list = null))
  }
  return formationsCache.list
}

export async function receiveContact(input: IntakeProspect): Promise<ContactOutcome> {
  const formation = input.formation ? resolveFormation(input.formation, await formations()) : null
  const avertissements = input.formation && !formation ? [`formation : « ${input.formation.slice(0, 80)} » ne correspond à aucune formation de l’école ; ignorée`] : []
  const date = input.date ?? new Date()
  const emails = input.email ? [input.email] : []
  const telephones = input.telephone ? [displayPhone(input.telephone)] : []
  const keys = contactKeys({ emails, telephones })

  const result = await onceMoreOnConflict(() =>
    db.$transaction(async (tx) => {
      await lockKeys(tx, [`ref:${input.reference}`, ...keys])
      // One round trip after the locks (a separate statement: its snapshot sees what the lock holder committed).
      const [{ seen, candidates: found }] = await tx.$queryRaw<{ seen: { prospectId: string; route: string; cree: boolean } | null; candidates: { id: string; clesContact: string[]; dateDernierContact: string }[] }[]>`
        SELECT
          (SELECT json_build_object('prospectId', prospect_id, 'route', route, 'cree', cree) FROM receptions_contact WHERE reference = ${input.reference}) AS seen,
          COALESCE((SELECT json_agg(json_build_object('id', id_prospect, 'clesContact', cles_contact, 'dateDernierContact', date_dernier_contact))
            FROM prospects WHERE cles_contact && ${keys}::text[] AND date_anonymisation IS NULL), '[]'::json) AS candidates`
      if (seen) return { id: seen.prospectId, cree: seen.route === 'prospects' && seen.cree, doublon: true, notification: null }
      // json_build_object writes the UTC timestamps without their zone.
      const candidates = found.map((c) => ({ ...c, dateDernierContact: new Date(`${c.dateDernierContact}Z`) }))
      // Email first (a shared family phone is weaker evidence), then the most recent contact.
      const score = (c: (typeof candidates)[number]) => (input.email && c.clesContact.includes(emailKey(input.email)) ? 2 : 1)
      const match = candidates.sort((a, b) => score(b) - score(a) || b.dateDernierContact.getTime() - a.dateDernierContact.getTime())[0]
      const echangeSujet = input.sujet ?? defaultSubject(input.source)

      if (!match) {
        const named = input.nom || input.prenom ? { nom: tidyName(input.nom ?? ''), prenom: tidyName(input.prenom ?? '') } : nameFromEmail(input.email!)
        const { id, notification } = await insertNewContact(tx, newProspectFields({ ...named, emails, telephones }, { ...input, formationId: formation?.id }, date, 1), {
          resumeIa: input.resumeIa ?? null,
          sujet: echangeSujet,
          corps: input.message ?? '',
          donnees: { origine: 'n8n', source: input.source ?? null, reference: input.reference },
          reference: input.reference,
          notice: newProspectNotice({ ...named, source: input.source ?? null, formation }, null),
        })
        return { id, cree: true, doublon: false, notification }
      }

      // The matched row is locked until commit: a concurrent post about the same person by another key waits here.
      const [p] = await tx.$queryRaw<Matched[]>`
        SELECT id_prospect AS id, nom, prenom, COALESCE(emails, '{}') AS emails, COALESCE(telephones, '{}') AS telephones, adresse, code_postal AS "codePostal", ville,
          formation_souhaitee AS "formationSouhaiteeId", mode_financement::text AS "modeFinancement", source::text AS source,
          statut_prospect::text AS "statutProspect", date_dernier_contact AS "dateDernierContact"
        FROM prospects WHERE id_prospect = ${match.id} FOR UPDATE`
      // Empty fields are filled; addresses and numbers that no prospect has yet join this one's lists.
      const taken = new Set(candidates.flatMap((c) => c.clesContact))
      const nextEmails = [...p.emails, ...emails.filter((e) => !taken.has(emailKey(e)))].slice(0, MAX_CONTACTS)
      const nextPhones = [...p.telephones, ...telephones.filter((t) => !taken.has(phoneKey(t)!))].slice(0, MAX_CONTACTS)
      const next = {
        adresse: p.adresse ?? input.adresse ?? null,
        codePostal: p.codePostal ?? input.codePostal ?? null,
        ville: p.ville ?? (input.ville ? tidyName(input.ville) : null),
        formationSouhaiteeId: p.formationSouhaiteeId ?? formation?.id ?? null,
        modeFinancement: p.modeFinancement ?? input.modeFinancement ?? null,
        source: p.source ?? input.source ?? null,
      }
      const changements = [
        ...(['adresse', 'codePostal', 'ville', 'modeFinancement', 'source'] as const).filter((f) => next[f] !== p[f]).map((champ) => ({ champ, avant: null, apres: next[champ] })),
        ...(next.formationSouhaiteeId !== p.formationSouhaiteeId ? [{ champ: 'formation', avant: null, apres: formation?.nom ?? null }] : []),
        ...(nextEmails.length !== p.emails.length ? [{ champ: 'emails', avant: p.emails, apres: nextEmails }] : []),
        ...(nextPhones.length !== p.telephones.length ? [{ champ: 'telephones', avant: p.telephones, apres: nextPhones }] : []),
      ]
      const reopened = p.statutProspect === 'PERDU'
      const events = [
        ...(changements.length ? [{ id: crypto.randomUUID(), type: 'MODIFICATION', donnees: { origine: 'n8n', source: input.source ?? null, changements } }] : []),
        ...(reopened ? [{ id: crypto.randomUUID(), type: 'STATUT', donnees: { de: 'PERDU', vers: 'NOUVEAU', origine: 'n8n', motif: 'Le prospect a repris contact.' } }] : []),
      ]
      const derived = derivedFields({ nom: p.nom, prenom: p.prenom, emails: nextEmails, telephones: nextPhones })
      const echangeId = crypto.randomUUID()
      // One statement for the message, the prospect, its timeline and the reference (see insertNewContact).
      await tx.$executeRaw`
        WITH h AS (
          INSERT INTO historique_emails (id, prospect_id, direction, date, sujet, corps)
          VALUES (${echangeId}, ${p.id}, 'ENTRANT', ${utcSql(date)}, ${echangeSujet}, ${input.message ?? ''})
        ), u AS (
          UPDATE prospects SET adresse = ${next.adresse}, code_postal = ${next.codePostal}, ville = ${next.ville},
            formation_souhaitee = ${next.formationSouhaiteeId}, mode_financement = ${next.modeFinancement}::"ModeFinancement",
            source = ${next.source}::"SourceProspect", emails = ${nextEmails}::text[], telephones = ${nextPhones}::text[],
            texte_recherche = ${derived.texteRecherche}, cles_contact = ${derived.clesContact}::text[], nom_tri = ${derived.nomTri},
            statut_prospect = CASE WHEN ${reopened}::boolean THEN 'NOUVEAU' ELSE statut_prospect END,
            raison_perte = CASE WHEN ${reopened}::boolean THEN NULL ELSE raison_perte END,
            resume_ia = COALESCE(${input.resumeIa ?? null}, resume_ia), nb_echanges = nb_echanges + 1,
            date_dernier_contact = GREATEST(date_dernier_contact, ${utcSql(date)}), date_mise_a_jour = now() AT TIME ZONE 'UTC'
          WHERE id_prospect = ${p.id}
        ), e AS (
          INSERT INTO evenements_prospect (id, prospect_id, type, date, donnees)
          SELECT x.id, ${p.id}, x.type::"TypeEvenement", ${utcSql(date)}, x.donnees
          FROM jsonb_to_recordset(${JSON.stringify(events)}::jsonb) AS x(id text, type text, donnees jsonb)
        )
        INSERT INTO receptions_contact (reference, route, prospect_id, cree, echange_id, date)
        VALUES (${input.reference}, 'prospects', ${p.id}, false, ${echangeId}, now() AT TIME ZONE 'UTC')`
      return { id: p.id, cree: false, doublon: false, notification: null }
    }, TX_OPTIONS),
  )

  if (result.notification) publishNotification(result.notification)
  return { id: result.id, cree: result.cree, doublon: result.doublon, avertissements }
}

/**
 * "Nouveau prospect : Marie DUMITRU — CAP Bijouterie-Joaillerie, via le formulaire du site", to every admin. Without its
 * link: the intake's statement writes it from the prospect's new number, announceNewProspect from the known id.
 */
function newProspectNotice(
  p: { nom: string; prenom: string; source: SourceProspect | null; formation: Formation | null },
  auteurId: string | null,
): NotifyInput {
  const nom = [p.prenom, p.nom.toUpperCase()].filter(Boolean).join(' ')
  const details = [p.formation?.nom, p.source ? sourceVia[p.source] : null].filter(Boolean).join(', ')
  return {
    categorie: 'prospect',
    type: 'nouveau_prospect',
    priorite: 'NORMALE',
    titre: `Nouveau prospect : ${nom}${details ? ` — ${details}` : ''}`,
    message: auteurId ? 'Ajouté à la main dans le back-office.' : 'Ouvrez sa fiche pour le contacter.',
    audience: 'ADMIN',
    auteurId,
  }
}

/** Tells every admin about a prospect created by hand (the intake stores its notice with the prospect). */
export async function announceNewProspect(p: Parameters<typeof newProspectNotice>[0] & { id: string }, auteurId: string | null) {
  await notify({ ...newProspectNotice(p, auteurId), lienAction: `/admin/prospects/${p.id}` })
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
