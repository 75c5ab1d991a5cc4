// Every action's spec by its type: what the shared code (callbacks, replay, recovery) looks up from a stored row.
import type { TypeAction } from '~/utils/db.server'
import { convertirSpec } from './convertir.server'
import { envoyerDossierSpec } from './envoyer-dossier.server'
import { envoyerEmailSpec } from './envoyer-email.server'
import { genererDevisSpec } from './generer-devis.server'
import type { AnyActionSpec } from './run-action.server'

// Built at call time: the spec files import the engine, which imports this file (a cycle resolved by then).
const specs = () =>
  ({
    CONVERTIR_CANDIDAT: convertirSpec,
    ENVOYER_DOSSIER: envoyerDossierSpec,
    GENERER_DEVIS: genererDevisSpec,
    ENVOYER_EMAIL: envoyerEmailSpec,
  }) satisfies Record<TypeAction, AnyActionSpec>

export function specOf(type: TypeAction): AnyActionSpec {
  return specs()[type]
}
