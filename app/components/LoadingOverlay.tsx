import { Loader2 } from 'lucide-react'

/**
 * Covers the page (modals included) while an action runs (n8n can take a few seconds), and says what is happening.
 * Only rendered with JavaScript: without it, the browser's own loading indicator is enough.
 */
export function LoadingOverlay({ message }: { message: string | null }) {
  if (!message) return null
  return (
    <div className="fixed inset-0 z-[45] flex items-center justify-center bg-stone-900/30" data-testid="chargement-action">
      <div role="status" aria-live="polite" className="mx-4 flex max-w-xs items-center gap-3 rounded-lg border border-stone-200 bg-white px-4 py-3 shadow-lg">
        <Loader2 className="h-5 w-5 shrink-0 animate-spin text-brand-600" aria-hidden />
        <p className="text-sm text-stone-800">{message}</p>
      </div>
    </div>
  )
}
