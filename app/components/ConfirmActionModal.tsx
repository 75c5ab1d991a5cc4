import { Form, Link, useFormAction, useNavigation } from '@remix-run/react'
import { useId } from 'react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { Modal } from './Modal'

/**
 * A confirmation step that is a URL: a server-rendered modal (Modal: focus trap and Escape with JavaScript) holding
 * a POST form to the current route. Cancel is a link back to `closeTo`, so it works without JavaScript. The buttons
 * sit in the modal's pinned footer (the submit button names its form), so they stay in view on a phone.
 */
export function ConfirmActionModal({
  title,
  description,
  closeTo,
  confirmLabel,
  pendingLabel,
  formProps,
  formErrors,
  formErrorId,
  children,
  tone = 'primary',
  confirmDisabled = false,
  size,
}: {
  title: string
  description?: string
  closeTo: string
  confirmLabel: string
  pendingLabel: string
  /** Conform's getFormProps(form), or nothing. */
  formProps?: React.ComponentProps<typeof Form>
  formErrors?: string[]
  formErrorId?: string
  children?: React.ReactNode
  tone?: 'primary' | 'danger'
  confirmDisabled?: boolean
  size?: 'md' | 'lg'
}) {
  const action = useFormAction()
  const navigation = useNavigation()
  const generatedId = useId()
  const formId = formProps?.id ?? generatedId
  const pending = navigation.state !== 'idle' && navigation.formMethod?.toLowerCase() === 'post' && navigation.formAction?.split('?')[0] === action.split('?')[0]
  return (
    <Modal
      title={title}
      description={description}
      closeTo={closeTo}
      size={size}
      footer={
        <>
          <Link to={closeTo} preventScrollReset className="btn-secondary">
            Annuler
          </Link>
          <button
            type="submit"
            form={formId}
            className={tone === 'danger' ? 'btn-danger' : 'btn-primary'}
            disabled={pending || confirmDisabled}
            aria-disabled={pending || confirmDisabled}
          >
            {pending ? pendingLabel : confirmLabel}
          </button>
        </>
      }
    >
      <Form method="post" {...formProps} id={formId} className="space-y-4">
        <AuthenticityTokenInput name="csrf" />
        {formErrors?.length ? (
          <div id={formErrorId} role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
            {formErrors.join(' ')}
          </div>
        ) : null}
        {children}
      </Form>
    </Modal>
  )
}
