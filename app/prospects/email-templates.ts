// The school's own email templates, one per type: the draft when the writing assistant cannot answer, and the
// email of the one-click « Relancer ». Plain French a secretary would write; the admin reads and edits it anyway.
import type { TypeEmail } from '~/n8n/contract'

export type ModeleEmail = { sujet: string; corps: string }

const SIGNATURE = 'Bien à vous,\nL’équipe de l’école'

export function modeleEmail(type: TypeEmail, prospect: { prenom: string; formation: string | null }): ModeleEmail {
  const prenom = prospect.prenom.trim()
  const formation = prospect.formation?.trim() || null
  const laFormation = formation ? `la formation ${formation}` : 'nos formations'
  const paragraphes: Record<TypeEmail, { sujet: string; texte: string[] }> = {
    relance: {
      sujet: formation ? `Votre projet de formation ${formation}` : 'Votre projet de formation en bijouterie',
      texte: [
        `Vous nous aviez fait part de votre intérêt pour ${laFormation}, et nous voulions prendre de vos nouvelles.`,
        'Où en est votre projet ? Si vous avez des questions sur le programme, les dates ou le financement, répondez simplement à cet email ou appelez-nous : nous serons ravis d’en parler avec vous.',
      ],
    },
    information: {
      sujet: formation ? `Informations sur la formation ${formation}` : 'Informations sur nos formations',
      texte: [
        `Comme promis, voici les informations sur ${laFormation} : le programme, les dates des prochaines sessions et les financements possibles (CPF, OPCO, France Travail, financement personnel).`,
        'N’hésitez pas à nous dire ce qui vous intéresse le plus : nous vous répondrons en détail.',
      ],
    },
    commercial: {
      sujet: formation ? `Formation ${formation} : une offre pour la prochaine session` : 'Une offre pour la prochaine session',
      texte: [
        `Pour la prochaine session de ${laFormation}, l’école propose des conditions d’inscription avantageuses.`,
        'Si vous souhaitez en profiter, répondez à cet email : nous vous enverrons le détail de l’offre et le dossier d’inscription.',
      ],
    },
  }
  const { sujet, texte } = paragraphes[type]
  return { sujet, corps: [`Bonjour ${prenom},`, ...texte, SIGNATURE].join('\n\n') }
}
