// Where a prospect's form or action lands afterwards: its panel, keeping the list's filters the URL carried.

export function panelUrl(requestUrl: string, prospectId: string) {
  const params = new URLSearchParams(new URL(requestUrl).search)
  for (const internal of ['index', '_data', '_routes']) params.delete(internal)
  const search = params.toString()
  return `/admin/prospects/${prospectId}${search ? `?${search}` : ''}`
}
