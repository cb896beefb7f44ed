import { useTranslation } from 'react-i18next';

export function Loading() {
  const { t } = useTranslation();
  return <div className="loading" data-testid="loading">{t('common.loading')}</div>;
}
