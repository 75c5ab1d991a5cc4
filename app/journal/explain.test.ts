// Journal entries in a secretary's words: the cause read from what the app stored, a plain title, what to do.
import { describe, expect, it } from 'vitest'
import { causeOf, explainEntry, operationLabel } from './explain'

const hugo = { prenom: 'Hugo', nom: 'Durand' }
const MOTS_INTERDITS = /n8n|webhook|nœud|noeud|workflow|json|http|\b[45]\d\d\b/i

describe('cause d’une entrée du journal', () => {
  it.each([
    ['Conversion en candidat (Hugo Durand) : secret n8n refusé (403) : vérifiez N8N_API_KEY (1 tentative)', 'webhook_n8n_call', 'cle_refusee'],
    ['Secret n8n refusé (403)', 'google_drive_create_folder', 'cle_refusee'],
    ['n8n signale un échec : Google Drive : accès refusé (invalid_grant)', 'n8n_callback', 'google_drive'],
    ['Quota Gmail atteint pour la journée', 'gmail_send', 'gmail_quota'],
    ['n8n signale un échec : Gmail 401 Unauthorized', 'n8n_callback', 'gmail_acces'],
    ['L’envoi du dossier (Inès Faure) : n8n injoignable : connexion refusée (4 tentatives)', 'webhook_n8n_call', 'injoignable'],
    ['Délai dépassé : n8n n’a pas répondu en 10 s (4 tentatives)', 'webhook_n8n_call', 'delai'],
    ['La génération du devis (Zoé Roux) : workflow inactif ou URL inconnue (404) : POST …', 'webhook_n8n_call', 'operation_inconnue'],
    ['La génération du devis (Zoé Roux) : réponse n8n invalide : HTTP 200 avec un corps vide', 'webhook_n8n_call', 'erreur_service'],
    ['La conversion en candidat (Hugo Durand) : interrompue : le serveur s’est arrêté pendant l’appel à n8n', 'webhook_n8n_call', 'interrompue'],
    ['L’envoi de l’email (Hugo Durand) : interrompue : aucun rappel de n8n après 30 min', 'n8n_callback', 'sans_rappel'],
    ['La génération du devis (Hugo Durand) : données de l’action illisibles : formation manquante', 'webhook_n8n_call', 'donnees'],
    ['Champ « téléphone » manquant dans la réponse du formulaire', 'typeform_trigger', 'formulaire'],
    ['Relance impossible : connexion perdue', 'relance_action', 'relance'],
    ['Quelque chose d’autre', 'etape_x', 'inconnue'],
  ])('« %s » (%s) → %s', (messageErreur, nomNoeud, cause) => {
    expect(causeOf({ nomWorkflow: 'prospect_generer_devis', nomNoeud, messageErreur })).toBe(cause)
  })

  it('un refus 403 enregistré sur l’action suffit à reconnaître la clé refusée', () => {
    expect(causeOf({ nomWorkflow: 'prospect_generer_devis', nomNoeud: 'webhook_n8n_call', messageErreur: 'requête refusée', httpStatus: 403 })).toBe('cle_refusee')
  })
})

describe('explication d’une entrée', () => {
  it('donne un titre simple avec le nom écrit « Hugo DURAND »', () => {
    const e = explainEntry({ nomWorkflow: 'prospect_convert_to_candidat', nomNoeud: 'webhook_n8n_call', messageErreur: 'secret n8n refusé (403)', actionId: 'a1' }, hugo)
    expect(e.titre).toBe('La conversion de Hugo DURAND n’a pas abouti')
    expect(e.conseil).toContain('Le service d’automatisation refuse la clé : prévenez la personne qui l’administre')
    expect(e.constat).toContain('Le candidat est bien créé')
    // Without a conversion action behind it, nothing says a candidate exists.
    expect(explainEntry({ nomWorkflow: 'prospect_convert_to_candidat', nomNoeud: 'x', messageErreur: 'secret n8n refusé' }, hugo).constat).not.toContain('candidat')
  })

  it('Drive refusé : la secrétaire prévient, la personne qui administre reconnecte le compte Google', () => {
    const e = explainEntry({ nomWorkflow: 'prospect_convert_to_candidat', nomNoeud: 'google_drive_create_folder', messageErreur: 'Google Drive : accès refusé' }, hugo)
    expect(e.conseil).toMatch(/^Google a refusé l’accès au Drive : prévenez/)
    expect(e.technique).toBe('Google a refusé l’accès au Drive : reconnectez le compte Google de l’école dans n8n')
  })

  it('chaque opération a son titre, même sans prospect connu', () => {
    const facts = { nomNoeud: 'webhook_n8n_call', messageErreur: 'délai dépassé' }
    expect(explainEntry({ ...facts, nomWorkflow: 'prospect_envoyer_dossier' }, hugo).titre).toBe('L’envoi du dossier à Hugo DURAND n’a pas abouti')
    expect(explainEntry({ ...facts, nomWorkflow: 'prospect_generer_devis' }, null).titre).toBe('Une génération de devis n’a pas abouti')
    expect(explainEntry({ ...facts, nomWorkflow: 'prospect_envoyer_email' }, hugo).titre).toBe('L’envoi de l’email à Hugo DURAND n’a pas abouti')
    expect(explainEntry({ ...facts, nomWorkflow: 'import_agenda' }, null).titre).toBe('Une opération automatique n’a pas abouti')
  })

  it('le titre, le constat et le conseil ne parlent jamais de n8n, de webhook, de nœud, de JSON ni de code HTTP', () => {
    const messages = ['secret n8n refusé (403)', 'Google Drive : accès refusé', 'Quota Gmail', 'Gmail 401', 'n8n injoignable', 'délai dépassé', 'workflow inactif ou URL inconnue (404)', 'réponse n8n invalide', 'interrompue : le serveur', 'aucun rappel', 'données de l’action illisibles', 'formulaire', 'x']
    for (const messageErreur of messages) {
      for (const nomWorkflow of ['prospect_convert_to_candidat', 'prospect_envoyer_email', 'autre']) {
        const e = explainEntry({ nomWorkflow, nomNoeud: 'webhook_n8n_call', messageErreur }, hugo)
        for (const text of [e.titre, e.constat, e.conseil]) expect(text).not.toMatch(MOTS_INTERDITS)
      }
    }
    expect(explainEntry({ nomWorkflow: 'x', nomNoeud: 'relance_action', messageErreur: 'x' }, null).constat).not.toMatch(MOTS_INTERDITS)
  })

  it('les opérations ont un libellé en français, accents compris', () => {
    expect(operationLabel('prospect_generer_devis')).toBe('Génération du devis')
    expect(operationLabel('prospect_envoyer_email')).toBe('Envoi d’email')
    expect(operationLabel('import_agenda')).toBe('Import agenda')
  })
})
