import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { translateError } from './error-text';

/**
 * Shows an error in a banner: the translation of the server's error code with its details filled in (the field,
 * line, limit...), otherwise the server's own message (which names the field or line at fault). In English the
 * server's text stays available as a tooltip; a Chinese page shows no English sentence, not even in a tooltip.
 */
export function ErrorMessage({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation();
  if (error === null || error === undefined) return null;
  let text: string;
  let detail: string | undefined;
  if (error instanceof ApiError && error.status === 0) text = t('errors.network');
  else if (error instanceof ApiError && i18n.exists(`errors.codes.${error.code}`)) {
    text = translateError(t, error.code, error.message, error.details);
    detail = error.message;
  } else if (error instanceof Error) text = error.message;
  else if (typeof error === 'string') text = error;
  else text = t('errors.unknown');
  return (
    <div className="error-banner" role="alert" data-testid="error" title={i18n.resolvedLanguage === 'en' ? detail : undefined}
      data-code={error instanceof ApiError ? error.code : undefined}>
      {text}
    </div>
  );
}
