// Whether the app runs in demonstration mode (the built-in n8n simulator answers, nothing really leaves), for the
// banner every page shows. Pages get it from the root loader; an error page rendered without it (no route matched)
// gets it from the server render (entry.server) and, in the browser, from the <html> attribute that render wrote.
import { useRouteLoaderData } from '@remix-run/react'
import { createContext, useContext } from 'react'

const DemonstrationContext = createContext(false)
export const DemonstrationProvider = DemonstrationContext.Provider

export function useDemonstration(): boolean {
  const rendered = useContext(DemonstrationContext)
  const root = useRouteLoaderData<{ demonstration?: boolean }>('root')
  if (root) return Boolean(root.demonstration)
  if (typeof document !== 'undefined') return document.documentElement.dataset.demonstration === 'oui'
  return rendered
}
