// Demo data for the school: formations, sessions, required documents, users, prospects with email histories,
// a few candidates, journal entries and notifications. Deterministic (seeded PRNG) so demos and tests agree.
import bcrypt from 'bcryptjs'
import type { PrismaClient } from '../app/generated/prisma/client'
import { derivedFields } from '../app/prospects/contact-keys'
import { numeroDossierBase } from '../app/candidats/numero-dossier'

export const DEMO_USERS = {
  admin: { email: 'admin@ecole-bijouterie.fr', nom: 'Claire Admin', role: 'ADMIN', password: 'Bijoux-Admin-2026' },
  admin2: { email: 'direction@ecole-bijouterie.fr', nom: 'Paul Direction', role: 'ADMIN', password: 'Bijoux-Admin-2026' },
  formateur: { email: 'formateur@ecole-bijouterie.fr', nom: 'Marc Sertisseur', role: 'FORMATEUR', password: 'Bijoux-Formateur-2026' },
  eleve: { email: 'eleve@ecole-bijouterie.fr', nom: 'Léa Élève', role: 'ELEVE', password: 'Bijoux-Eleve-2026' },
} as const

export const FORMATIONS = [
  {
    id: 'CAP_BIJOUTERIE',
    nom: 'CAP Bijouterie-Joaillerie',
    description: 'Deux ans pour maîtriser la fabrication d’un bijou, du dessin au polissage.',
    dureeHeures: 1200,
    prixEuros: 9800,
    documents: ['Pièce d’identité', 'CV', 'Lettre de motivation', 'Derniers diplômes', 'Photo d’identité', 'Attestation de financement'],
  },
  {
    id: 'SERTISSAGE',
    nom: 'Sertissage',
    description: 'Serti grain, clos, rail et pavage sur métaux précieux.',
    dureeHeures: 420,
    prixEuros: 5400,
    documents: ['Pièce d’identité', 'CV', 'Justificatif d’expérience en bijouterie', 'Attestation de financement'],
  },
  {
    id: 'CAO_DAO_3D',
    nom: 'CAO/DAO 3D (Rhino, Matrix)',
    description: 'Modélisation 3D de bijoux et préparation à l’impression cire.',
    dureeHeures: 210,
    prixEuros: 3900,
    documents: ['Pièce d’identité', 'CV', 'Portfolio', 'Attestation de financement'],
  },
  {
    id: 'GEMMOLOGIE',
    nom: 'Gemmologie',
    description: 'Identifier, classer et estimer les pierres précieuses et fines.',
    dureeHeures: 280,
    prixEuros: 4600,
    documents: ['Pièce d’identité', 'CV', 'Lettre de motivation'],
  },
] as const

const SESSIONS = [
  { libelle: 'Mars 2026', debut: '2026-03-02', fin: '2026-07-10', ouverte: false },
  { libelle: 'Septembre 2026', debut: '2026-09-07', fin: '2027-01-29', ouverte: true },
  { libelle: 'Janvier 2027', debut: '2027-01-11', fin: '2027-06-25', ouverte: true },
  { libelle: 'Mars 2027', debut: '2027-03-08', fin: '2027-07-16', ouverte: true },
]

const PRENOMS = ['Marie', 'Camille', 'Léa', 'Manon', 'Chloé', 'Inès', 'Sarah', 'Emma', 'Jade', 'Louise', 'Zoé', 'Anaïs', 'Hélène', 'Élodie', 'Océane', 'Lucas', 'Hugo', 'Théo', 'Nathan', 'Louis', 'Gabriel', 'Jules', 'Arthur', 'Raphaël', 'Maël', 'Noé', 'Yanis', 'Mehdi', 'Karim', 'Amélie', 'Bérénice', 'Françoise', 'Gaëlle', 'Joël', 'Jérôme', 'Loïc']
const NOMS = ['Dumitru', 'Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'André', 'Lefebvre', 'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'François', 'Martinez', 'Le Goff', 'N’Diaye', 'Benali', 'Nguyen', 'Rousseau', 'Blanc', 'Guérin', 'Faure', 'Çelik', 'Özdemir', 'Da Silva']
const VILLES = [
  ['Paris', '75011'], ['Lyon', '69002'], ['Marseille', '13006'], ['Bordeaux', '33000'], ['Nantes', '44000'], ['Lille', '59000'],
  ['Toulouse', '31000'], ['Strasbourg', '67000'], ['Montpellier', '34000'], ['Rennes', '35000'], ['Saint-Denis', '93200'], ['Annecy', '74000'],
] as const
const RUES = ['rue de la Paix', 'avenue Jean Jaurès', 'boulevard Voltaire', 'rue des Orfèvres', 'place Bellecour', 'rue Sainte-Catherine', 'quai des Chartrons']
const SOURCES = [
  ['FORMULAIRE_SITE', null],
  ['SALON', 'Salon des métiers d’art'],
  ['RESEAUX_SOCIAUX', 'Instagram'],
  ['BOUCHE_A_OREILLE', null],
  ['PORTES_OUVERTES', null],
  ['PRESCRIPTEUR', 'France Travail'],
  ['PUBLICITE', 'Google Ads'],
] as const
const DOMAINES = ['gmail.com', 'orange.fr', 'free.fr', 'hotmail.fr', 'laposte.net', 'outlook.fr']
const STATUTS = ['NOUVEAU', 'CONTACTE', 'INTERESSE', 'EN_ATTENTE_DOSSIER', 'CANDIDAT', 'PERDU'] as const
const FINANCEMENTS = ['CPF', 'OPCO', 'FRANCE_TRAVAIL', 'PERSONNEL', 'EMPLOYEUR', 'AUTRE'] as const

const SUJETS_ENTRANTS = [
  'Demande d’information sur le CAP',
  'Question sur le financement CPF',
  'Dates de la prochaine session ?',
  'Reconversion professionnelle',
  'Re: Votre dossier de candidature',
]
const SUJETS_SORTANTS = [
  'Votre demande d’information — École de bijouterie',
  'Relance : votre projet de formation',
  'Programme détaillé et calendrier',
  'Votre dossier de candidature',
  'Invitation à la journée portes ouvertes',
]

function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function ascii(text: string) {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z]/g, '').toLowerCase()
}

type Random = ReturnType<typeof prng>
const pick = <T,>(rand: Random, list: readonly T[]) => list[Math.floor(rand() * list.length)]

function phone(rand: Random) {
  const digits = [pick(rand, ['06', '07']), ...Array.from({ length: 4 }, () => String(Math.floor(rand() * 100)).padStart(2, '0'))]
  return digits.join(' ')
}

const DAY = 24 * 3600 * 1000

export type SeedOptions = { prospects?: number; now?: Date; log?: (m: string) => void; withJournal?: boolean }

/** Clears the demo tables, then fills them. Returns counts. */
export async function seedDatabase(db: PrismaClient, options: SeedOptions = {}) {
  const count = options.prospects ?? 150
  const now = options.now ?? new Date()
  const log = options.log ?? (() => {})
  const rand = prng(20260915)
  await db.$executeRawUnsafe(
    'TRUNCATE notifications_lues, notifications, journal_erreurs, actions_prospect, historique_emails, candidats, prospects, documents_requis, sessions, formations, sessions_connexion, tentatives_connexion, utilisateurs RESTART IDENTITY CASCADE',
  )

  const users: Record<string, { id: string }> = {}
  for (const [key, u] of Object.entries(DEMO_USERS)) {
    users[key] = await db.utilisateur.create({
      data: { email: u.email, nom: u.nom, role: u.role, motDePasseHash: await bcrypt.hash(u.password, 10) },
      select: { id: true },
    })
  }

  const sessionsByFormation: Record<string, string[]> = {}
  for (const f of FORMATIONS) {
    await db.formation.create({
      data: {
        id: f.id,
        nom: f.nom,
        description: f.description,
        dureeHeures: f.dureeHeures,
        prixEuros: f.prixEuros,
        documentsRequis: { create: f.documents.map((libelle, ordre) => ({ libelle, ordre, obligatoire: !libelle.startsWith('Portfolio') })) },
      },
    })
    sessionsByFormation[f.id] = []
    for (const s of SESSIONS) {
      const created = await db.sessionFormation.create({
        data: { formationId: f.id, libelle: s.libelle, dateDebut: new Date(s.debut), dateFin: new Date(s.fin), ouverte: s.ouverte, places: f.id === 'CAP_BIJOUTERIE' ? 16 : 10 },
      })
      sessionsByFormation[f.id].push(created.id)
    }
  }

  const volume = count > 2000
  const batch = volume ? 5000 : 500
  let emailsTotal = 0
  let candidatsTotal = 0
  const numeros = new Set<string>()
  for (let start = 0; start < count; start += batch) {
    const prospects = []
    const emails = []
    const candidats = []
    for (let i = start; i < Math.min(count, start + batch); i++) {
      // The first prospect is the one the documentation talks about.
      const prenom = i === 0 ? 'Marie' : pick(rand, PRENOMS)
      const nom = i === 0 ? 'Dumitru' : pick(rand, NOMS)
      const [ville, codePostal] = pick(rand, VILLES)
      const formation = pick(rand, FORMATIONS)
      const statut = i === 0 ? 'INTERESSE' : STATUTS[i % STATUTS.length]
      const premier = new Date(now.getTime() - Math.floor(rand() * 540 + 3) * DAY - Math.floor(rand() * DAY))
      const dernier = new Date(premier.getTime() + Math.floor(rand() * Math.min(120 * DAY, now.getTime() - premier.getTime() - 3600_000)))
      const id = `PROS_${String(i + 1).padStart(6, '0')}`
      const email = `${ascii(prenom)}.${ascii(nom) || 'x'}${i > 40 ? i : ''}@${pick(rand, DOMAINES)}`
      const telephones = [phone(rand)]
      const emailsList = rand() < 0.1 ? [email, `${ascii(prenom)}${i}@pro-bijoux.fr`] : [email]
      const nbEmails = volume ? Math.floor(rand() * 3) : 1 + Math.floor(rand() * 5)
      prospects.push({
        id,
        nom,
        prenom,
        emails: emailsList,
        telephones,
        adresse: `${1 + Math.floor(rand() * 120)} ${pick(rand, RUES)}`,
        codePostal,
        ville,
        formationSouhaiteeId: formation.id,
        modeFinancement: pick(rand, FINANCEMENTS),
        statutProspect: statut,
        ...(([source, sourcePrecision]) => ({ source, sourcePrecision }))(pick(rand, SOURCES)),
        nbEchanges: nbEmails,
        datePremierContact: premier,
        dateDernierContact: dernier,
        resumeIa: volume
          ? null
          : `${prenom} souhaite suivre la formation ${formation.nom}${rand() < 0.5 ? ' dans le cadre d’une reconversion' : ' pour compléter son expérience en atelier'}. ` +
            `Financement envisagé : ${pick(rand, ['CPF', 'OPCO', 'France Travail', 'fonds personnels'])}. ${rand() < 0.5 ? 'Très motivé(e), à relancer rapidement.' : 'Hésite encore sur les dates de session.'}`,
        ...derivedFields({ nom, prenom, emails: emailsList, telephones }),
      })
      for (let k = 0; k < nbEmails; k++) {
        const entrant = k % 2 === 0
        emails.push({
          prospectId: id,
          direction: entrant ? ('ENTRANT' as const) : ('SORTANT' as const),
          date: new Date(premier.getTime() + ((dernier.getTime() - premier.getTime()) * (k + 1)) / (nbEmails + 1)),
          sujet: entrant ? pick(rand, SUJETS_ENTRANTS) : pick(rand, SUJETS_SORTANTS),
          corps: entrant
            ? `Bonjour,\n\nJe souhaiterais des informations sur la formation ${formation.nom}. Est-il possible de la financer par ${pick(rand, ['mon CPF', 'mon OPCO', 'France Travail'])} ?\n\nCordialement,\n${prenom} ${nom}`
            : `Bonjour ${prenom},\n\nMerci pour votre intérêt. Vous trouverez ci-joint le programme de la formation ${formation.nom} et les dates des prochaines sessions.\n\nBien à vous,\nL’équipe pédagogique`,
        })
      }
      if (statut === 'CANDIDAT') {
        const base = numeroDossierBase(nom, dernier)
        let numero = base
        for (let n = 2; numeros.has(numero); n++) numero = `${base}-${n}`
        numeros.add(numero)
        candidats.push({
          prospectId: id,
          numeroDossier: numero,
          formationId: formation.id,
          sessionId: sessionsByFormation[formation.id][1 + Math.floor(rand() * 3)],
          statutDossier: pick(rand, ['RECU', 'INCOMPLET', 'COMPLET', 'VALIDE'] as const),
          driveFolderId: volume ? null : `drive_${numero}`,
          driveFolderUrl: volume ? null : `https://drive.google.com/drive/folders/demo_${numero}`,
          dateConversion: dernier,
        })
      }
    }
    await db.prospect.createMany({ data: prospects })
    await db.historiqueEmail.createMany({ data: emails })
    await db.candidat.createMany({ data: candidats })
    emailsTotal += emails.length
    candidatsTotal += candidats.length
    if (volume) log(`  ${Math.min(count, start + batch)} / ${count} prospects`)
  }
  // New prospects are numbered after the seeded ones (PROS_000151 after 150).
  await db.$executeRawUnsafe(`SELECT setval('prospects_numero_seq', ${Math.max(count, 1)}, ${count > 0})`)

  if (options.withJournal !== false) {
    const demo = [
      { nomWorkflow: 'prospect_generer_devis', nomNoeud: 'webhook_n8n_call', messageErreur: 'Délai dépassé : n8n n’a pas répondu en 10 s (4 tentatives)', severite: 'ERREUR' as const, heures: 30 },
      { nomWorkflow: 'prospect_envoyer_email', nomNoeud: 'gmail_send', messageErreur: 'Quota Gmail atteint pour la journée', severite: 'WARNING' as const, heures: 52 },
      { nomWorkflow: 'prospect_convert_to_candidat', nomNoeud: 'google_drive_create_folder', messageErreur: 'Secret n8n refusé (403)', severite: 'CRITIQUE' as const, heures: 5 },
      { nomWorkflow: 'prospect_envoyer_dossier', nomNoeud: 'webhook_n8n_call', messageErreur: 'n8n injoignable (connexion refusée)', severite: 'ERREUR' as const, heures: 80, resolu: true },
      { nomWorkflow: 'synchronisation_formulaire', nomNoeud: 'typeform_trigger', messageErreur: 'Champ « téléphone » manquant dans la réponse du formulaire', severite: 'INFO' as const, heures: 120 },
    ]
    for (const e of demo) {
      const date = new Date(now.getTime() - e.heures * 3600_000)
      await db.journalErreur.create({
        data: {
          dateErreur: date,
          nomWorkflow: e.nomWorkflow,
          nomNoeud: e.nomNoeud,
          messageErreur: e.messageErreur,
          severite: e.severite,
          prospectId: 'PROS_000001',
          donneesEntree: { prospectId: 'PROS_000001', source: 'données de démonstration' },
          resolu: e.resolu ?? false,
          resoluPar: e.resolu ? DEMO_USERS.admin.nom : null,
          dateResolution: e.resolu ? new Date(date.getTime() + 3 * 3600_000) : null,
        },
      })
    }
    await db.notification.createMany({
      data: [
        { categorie: 'systeme', type: 'bienvenue', titre: 'Bienvenue dans le back-office', message: 'Les actions (dossier, devis, emails) se lancent depuis la fiche d’un prospect ; ce qui n’aboutit pas est expliqué dans le journal des erreurs.', audience: 'TOUS', date: new Date(now.getTime() - 2 * DAY) },
        { categorie: 'journal', type: 'erreur', priorite: 'URGENTE', titre: 'La conversion de Marie DUMITRU n’a pas abouti', message: 'Le service d’automatisation refuse la clé : prévenez la personne qui l’administre. Relancez l’action une fois le problème réglé.', audience: 'ADMIN', lienAction: '/admin/logs', date: new Date(now.getTime() - 5 * 3600_000) },
        { categorie: 'planning', type: 'session', titre: 'Session Janvier 2027', message: 'Le planning de la session de janvier est en ligne.', audience: 'FORMATEUR', date: new Date(now.getTime() - DAY) },
      ],
    })
  }
  return { prospects: count, emails: emailsTotal, candidats: candidatsTotal, adminId: users.admin.id }
}
