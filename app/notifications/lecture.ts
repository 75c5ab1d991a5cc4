// Who has already seen a notification when it is created, shared by the server (notify) and the bell.

/**
 * The author of a notification about their own request has already seen it (the page's flash message told them):
 * it does not count in their bell. A failure (a journal notification) is the exception: it stays unread for
 * everyone, its author included, until opened.
 */
export function dejaVueParAuteur(n: { categorie: string; auteurId?: string | null }) {
  return Boolean(n.auteurId) && n.categorie !== 'journal'
}
