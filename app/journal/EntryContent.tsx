/**
 * The stored text of a journal entry: its message and its input data. Both come from outside (n8n answers, stack
 * traces, prospect data) and are rendered as text only — React escapes them; nothing here may use
 * dangerouslySetInnerHTML.
 */
export function EntryContent({ messageErreur, donneesEntree }: { messageErreur: string; donneesEntree: unknown }) {
  const donnees = prettyJson(donneesEntree)
  return (
    <>
      <section aria-labelledby="titre-message" className="rounded-lg border border-stone-200 bg-white p-4">
        <h2 id="titre-message" className="text-sm font-semibold uppercase tracking-wide text-stone-500">
          Message
        </h2>
        <p className="mt-2 whitespace-pre-wrap break-words font-medium" data-testid="message-erreur">
          {messageErreur}
        </p>
      </section>
      <section aria-labelledby="titre-donnees" className="rounded-lg border border-stone-200 bg-white p-4">
        <h2 id="titre-donnees" className="text-sm font-semibold uppercase tracking-wide text-stone-500">
          Données d’entrée
        </h2>
        {donnees === null ? (
          <p className="mt-2 text-sm text-stone-500">Aucune donnée d’entrée enregistrée.</p>
        ) : (
          <pre className="mt-2 max-h-[32rem] overflow-auto whitespace-pre-wrap break-words rounded-md bg-stone-900 p-3 text-xs leading-relaxed text-stone-100" data-testid="donnees-entree" tabIndex={0}>
            {donnees}
          </pre>
        )}
      </section>
    </>
  )
}

/** Indented JSON; null when there is nothing worth showing (an empty object). */
export function prettyJson(value: unknown): string | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) return null
  return JSON.stringify(value, null, 2)
}
