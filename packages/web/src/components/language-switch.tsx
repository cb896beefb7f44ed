import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Language } from '../i18n';

const NAMES: Record<Language, string> = { en: 'English', 'zh-CN': '简体中文' };

/** The header's language picker; each language is named in itself so anyone can find theirs. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language-switch">
      <span className="visually-hidden">{t('header.language')}</span>
      <select
        data-testid="language-switch"
        value={i18n.language}
        onChange={(e) => {
          setLanguage(e.target.value as Language);
          // Give the keys back to the page: a focused select would swallow the workspace's digit keys.
          e.target.blur();
        }}
        title={t('header.language')}
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l}>{NAMES[l]}</option>
        ))}
      </select>
    </label>
  );
}
