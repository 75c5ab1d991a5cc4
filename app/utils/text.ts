/** Lower case without accents: what the trigram search column stores and what queries are compared with. */
export function normalizeSearch(text: string) {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
}

export function digitsOnly(text: string) {
  return text.replace(/\D/g, '')
}

/** The search text kept on each prospect: names, emails, phones as typed and as bare digits. */
export function prospectSearchText(p: { nom: string; prenom: string; emails: string[]; telephones: string[] }) {
  return normalizeSearch(
    [p.nom, p.prenom, p.prenom, p.nom, ...p.emails, ...p.telephones, ...p.telephones.map(digitsOnly)].join(' '),
  )
}
