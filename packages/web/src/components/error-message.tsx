import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';

/** Shows the server's error message (or a translated network failure) in a banner. */
export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (error === null || error === undefined) return null;
  let text: string;
  if (error instanceof ApiError && error.status === 0) text = t('errors.network');
  else if (error instanceof Error) text = error.message;
  else if (typeof error === 'string') text = error;
  else text = t('errors.unknown');
  return (
    <div className="error-banner" role="alert" data-testid="error">
      {text}
    </div>
  );
}
