// A journal entry in a secretary's words: a plain title ("La conversion de Hugo DURAND n'a pas abouti"), what
// happened, and what to do, per cause. The cause is read from what the app stored (the message the n8n client wrote,
// the step, the HTTP status). Advice for whoever runs the automation server (which may name n8n) is kept apart, for
// the page's closed "Détails techniques" block.
import { nomComplet } from '~/utils/format'

export const CAUSES = [
  'cle_refusee',
  'google_drive',
  'gmail_quota',
  'gmail_acces',
  'injoignable',
  'delai',
  'operation_inconnue',
  'erreur_service',
  'interrompue',
  'sans_rappel',
  'donnees',
  'formulaire',
  'relance',
  'inconnue',
] as const
export type Cause = (typeof CAUSES)[number]

type Operation = { libelle: string; sujet: (nom: string | null) => string }

/** The operations the app knows, keyed on journal_erreurs.nom_workflow. */
const OPERATIONS: Record<string, Operation> = {
  prospect_convert_to_candidat: {
    libelle: 'Conversion en candidat',
    sujet: (nom) => (nom ? `La conversion de ${nom}` : 'Une conversion en candidat'),
  },
  prospect_envoyer_dossier: {
    libelle: 'Envoi du dossier',
    sujet: (nom) => (nom ? `L’envoi du dossier à ${nom}` : 'Un envoi de dossier'),
  },
  prospect_generer_devis: {
    libelle: 'Génération du devis',
    sujet: (nom) => (nom ? `La génération du devis de ${nom}` : 'Une génération de devis'),
  },
  prospect_envoyer_email: {
    libelle: 'Envoi d’email',
    sujet: (nom) => (nom ? `L’envoi de l’email à ${nom}` : 'Un envoi d’email'),
  },
  synchronisation_formulaire: {
    libelle: 'Formulaire du site',
    sujet: (nom) => (nom ? `La réception du formulaire de ${nom}` : 'La réception d’un formulaire du site'),
  },
}

/** "Conversion en candidat"; a name the app does not know is made readable ("import_agenda" → "Import agenda"). */
export function operationLabel(nomWorkflow: string) {
  const known = OPERATIONS[nomWorkflow]
  if (known) return known.libelle
  const words = nomWorkflow.replace(/[_-]+/g, ' ').trim()
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : 'Opération'
}

type Texts = { constat: string; conseil: string; technique: string }

const ADMIN_AUTOMATISATION = 'la personne qui administre le service d’automatisation'

const TEXTES: Record<Cause, Texts> = {
  cle_refusee: {
    constat: 'Le service d’automatisation (qui crée les dossiers, les devis et envoie les emails) a refusé la demande : la clé de connexion de l’application n’est pas acceptée.',
    conseil: 'Le service d’automatisation refuse la clé : prévenez la personne qui l’administre. Relancez l’action une fois le problème réglé.',
    technique: 'Le webhook a répondu 403 : vérifiez N8N_API_KEY et l’en-tête attendu par l’identifiant « Header Auth » du workflow n8n.',
  },
  google_drive: {
    constat: 'Google a refusé l’accès au Drive de l’école : le dossier n’a pas pu être créé ou complété.',
    conseil: `Google a refusé l’accès au Drive : prévenez ${ADMIN_AUTOMATISATION}, puis relancez l’action.`,
    technique: 'Google a refusé l’accès au Drive : reconnectez le compte Google de l’école dans n8n',
  },
  gmail_quota: {
    constat: 'La messagerie de l’école a atteint sa limite d’envois pour la journée : l’email n’est pas parti.',
    conseil: 'Relancez l’action demain : la limite d’envois de Gmail se remet à zéro chaque jour.',
    technique: 'Quota d’envoi du compte Gmail atteint (nœud Gmail du workflow n8n).',
  },
  gmail_acces: {
    constat: 'Google a refusé l’accès à la messagerie de l’école : l’email n’est pas parti.',
    conseil: `Google a refusé l’accès à la messagerie : prévenez ${ADMIN_AUTOMATISATION}, puis relancez l’action.`,
    technique: 'Google a refusé l’accès à Gmail : reconnectez le compte Google de l’école dans n8n',
  },
  injoignable: {
    constat: 'Le service d’automatisation n’a pas répondu : il est peut-être arrêté ou en train de redémarrer.',
    conseil: `Relancez l’action dans quelques minutes ; si l’échec se répète, prévenez ${ADMIN_AUTOMATISATION}.`,
    technique: 'Connexion impossible au serveur n8n (N8N_WEBHOOK_BASE_URL) : vérifiez qu’il tourne et qu’il est joignable depuis l’application.',
  },
  delai: {
    constat: 'Le service d’automatisation a mis trop de temps à répondre : on ne sait pas si l’opération a été faite.',
    conseil: `Vérifiez si le résultat est là (dossier Drive, devis, email envoyé) avant de relancer l’action ; si l’échec se répète, prévenez ${ADMIN_AUTOMATISATION}.`,
    technique: 'Délai dépassé (N8N_TIMEOUT_MS, avec les nouvelles tentatives) : voyez les exécutions du workflow dans n8n.',
  },
  operation_inconnue: {
    constat: 'Le service d’automatisation ne connaît pas cette opération : elle est peut-être désactivée.',
    conseil: `Prévenez ${ADMIN_AUTOMATISATION}, puis relancez l’action.`,
    technique: 'Le webhook a répondu 404 : importez et activez le workflow correspondant dans n8n.',
  },
  erreur_service: {
    constat: 'Le service d’automatisation a rencontré une erreur en traitant la demande.',
    conseil: `Relancez l’action ; si l’échec se répète, prévenez ${ADMIN_AUTOMATISATION}.`,
    technique: 'Le workflow n8n a échoué ou a répondu sans le résultat attendu : voyez ses exécutions dans n8n.',
  },
  interrompue: {
    constat: 'L’application a redémarré pendant l’opération : on ne sait pas si elle a été faite.',
    conseil: 'Vérifiez si le résultat est là (dossier Drive, devis, email envoyé) ; sinon relancez l’action.',
    technique: 'Action restée « en cours » au-delà du temps de toutes ses tentatives : déclarée en échec au redémarrage.',
  },
  sans_rappel: {
    constat: 'Le service d’automatisation n’a jamais confirmé la fin de l’opération.',
    conseil: 'Vérifiez si le résultat est là (dossier Drive, devis, email envoyé) ; sinon relancez l’action.',
    technique: 'Aucun rappel reçu sur /api/n8n/actions/:id dans le délai : vérifiez le nœud de rappel du workflow (X-Callback-Secret, APP_URL).',
  },
  donnees: {
    constat: 'Les informations nécessaires à l’opération sont incomplètes ou illisibles.',
    conseil: 'Vérifiez la fiche du prospect (formation, session, email), puis relancez l’action ; si cela se répète, prévenez la personne qui administre l’application.',
    technique: 'Paramètres de l’action illisibles à la préparation de l’appel : voyez la pile d’appels dans les données ci-dessous.',
  },
  formulaire: {
    constat: 'Un formulaire rempli sur le site de l’école est arrivé incomplet.',
    conseil: 'Complétez la fiche du prospect à la main (en le rappelant par exemple).',
    technique: 'Réponse de formulaire incomplète reçue par le workflow de synchronisation.',
  },
  relance: {
    constat: 'La relance n’a pas pu partir : l’application a rencontré une erreur avant même de contacter le service d’automatisation.',
    conseil: 'Réessayez dans un instant ; si cela se répète, prévenez la personne qui administre l’application.',
    technique: 'Exception dans l’application pendant la relance : voyez la pile d’appels dans les données ci-dessous.',
  },
  inconnue: {
    constat: 'Une erreur inattendue est survenue.',
    conseil: 'Relancez l’action si c’est possible ; si l’erreur se répète, prévenez la personne qui administre l’application.',
    technique: 'Cause non reconnue : voyez le message et les données ci-dessous.',
  },
}

export type EntryFacts = {
  nomWorkflow: string
  nomNoeud: string
  messageErreur: string
  /** The linked action's last HTTP status, when there is one. */
  httpStatus?: number | null
  /** The action the entry is about, when there is one. */
  actionId?: string | null
}

const ACCES_REFUSE = /\b40[13]\b|accès|acces|refus|invalid_grant|credential|autoris|permission|unauthori[sz]ed|forbidden|token/

/** What went wrong, from the stored facts. Order matters: the most specific signs first. */
export function causeOf({ nomNoeud, messageErreur, httpStatus }: EntryFacts): Cause {
  const m = messageErreur.toLowerCase()
  const noeud = nomNoeud.toLowerCase()
  if (noeud === 'relance_action') return 'relance'
  if (m.includes('interrompue : le serveur')) return 'interrompue'
  if (m.includes('aucun rappel')) return 'sans_rappel'
  if (m.includes('données de l’action illisibles') || m.includes("données de l'action illisibles")) return 'donnees'
  // The app's own key refused by the automation server comes before what the step's name suggests.
  const cleRefusee = m.includes('secret n8n refusé') || m.includes('authorization data is wrong')
  if (!cleRefusee && (noeud.includes('drive') || m.includes('drive')) && ACCES_REFUSE.test(m)) return 'google_drive'
  if (noeud.includes('gmail') || m.includes('gmail')) {
    if (/quota|limit/.test(m)) return 'gmail_quota'
    if (!cleRefusee && ACCES_REFUSE.test(m)) return 'gmail_acces'
  }
  if (cleRefusee || httpStatus === 403) return 'cle_refusee'
  if (m.includes('injoignable')) return 'injoignable'
  if (m.includes('délai dépassé') || m.includes('delai depasse')) return 'delai'
  if (m.includes('workflow inactif') || m.includes('url inconnue') || httpStatus === 404) return 'operation_inconnue'
  if (/réponse n8n invalide|erreur dans le workflow|signale un échec|requête refusée/.test(m)) return 'erreur_service'
  if (m.includes('formulaire') || noeud.includes('form')) return 'formulaire'
  return 'inconnue'
}

export type Explication = {
  cause: Cause
  /** "La conversion de Hugo DURAND n'a pas abouti" */
  titre: string
  /** What happened, in plain words. */
  constat: string
  /** What the secretary can do. */
  conseil: string
  /** For whoever runs the servers (may name n8n): shown only inside "Détails techniques". */
  technique: string
}

/** The plain title, what happened and what to do for one entry; `prospect` gives the name, when known. */
export function explainEntry(facts: EntryFacts, prospect: { prenom: string; nom: string } | null): Explication {
  const cause = causeOf(facts)
  const nom = prospect ? nomComplet(prospect) : null
  const operation = OPERATIONS[facts.nomWorkflow]
  const sujet = operation ? operation.sujet(nom) : nom ? `Une opération automatique pour ${nom}` : 'Une opération automatique'
  const titre = cause === 'formulaire' ? `${nom ? `Le formulaire de ${nom}` : 'Un formulaire du site'} est arrivé incomplet` : `${sujet} n’a pas abouti`
  const texts = TEXTES[cause]
  // A conversion action that fails after its commit leaves the candidate created: say so, it changes what to check.
  const constat =
    facts.nomWorkflow === 'prospect_convert_to_candidat' && facts.actionId && cause !== 'relance'
      ? `${texts.constat} Le candidat est bien créé ; c’est son dossier Google Drive qui manque.`
      : texts.constat
  return { cause, titre, constat, conseil: texts.conseil, technique: texts.technique }
}
