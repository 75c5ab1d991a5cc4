// What a toast says, shared by the flash message of a redirect (utils/toast.server.ts), the live notifications
// (use-notification-stream.ts) and the component that shows them (components/Toaster.tsx).

export type ToastType = 'succes' | 'erreur' | 'info'

/** A flash toast: set by an action's redirect, read once by the next page. */
export type Toast = { type: ToastType; titre: string; description?: string }

/** A toast on screen: a flash one or a live notification. */
export type ToastMessage = Toast & { id: string; priorite?: string }
