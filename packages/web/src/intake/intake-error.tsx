import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { ErrorMessage } from '../components/error-message';

/**
 * An error from the intake API in the reader's language: a missing source field is named by its label, other
 * intake codes have their own sentence; the server's message (with the field path or line) stays as a tooltip.
 */
export function IntakeError({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation();
  if (!(error instanceof ApiError) || !i18n.exists(`intake.errors.${error.code}`)) return <ErrorMessage error={error} />;
  const details = (error.details ?? {}) as { field?: string };
  const field = details.field ? t(`intake.fields.${details.field}`, { defaultValue: details.field }) : '';
  return (
    <div className="error-banner" role="alert" data-testid="error" data-code={error.code} title={error.message}>
      {t(`intake.errors.${error.code}`, { field, message: error.message })}
    </div>
  );
}
