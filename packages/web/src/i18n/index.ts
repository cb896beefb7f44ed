import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import zhCN from './zh-CN.json';
import importsEn from './imports.en.json';
import importsZhCN from './imports.zh-CN.json';
import intakeEn from './intake.en.json';
import intakeZhCN from './intake.zh-CN.json';
import qualityEn from './quality.en.json';
import qualityZhCN from './quality.zh-CN.json';
import viewsEn from './views.en.json';
import viewsZhCN from './views.zh-CN.json';
import viewsLlmEn from './views-llm.en.json';
import viewsLlmZhCN from './views-llm.zh-CN.json';
import viewsTextEn from './views-text.en.json';
import viewsTextZhCN from './views-text.zh-CN.json';
import consoleProjectsEn from './console-projects.en.json';
import consoleProjectsZhCN from './console-projects.zh-CN.json';
import consolePeopleEn from './console-people.en.json';
import consolePeopleZhCN from './console-people.zh-CN.json';
import viewsObjectsEn from './views-objects.en.json';
import viewsObjectsZhCN from './views-objects.zh-CN.json';
import consoleStatsEn from './console-stats.en.json';
import consoleStatsZhCN from './console-stats.zh-CN.json';
import consoleTasksEn from './console-tasks.en.json';
import consoleTasksZhCN from './console-tasks.zh-CN.json';
import mlEn from './ml.en.json';
import mlZhCN from './ml.zh-CN.json';
import configIssuesEn from './config-issues.en.json';
import configIssuesZhCN from './config-issues.zh-CN.json';
import viewsImageEn from './views-image.en.json';
import viewsImageZhCN from './views-image.zh-CN.json';

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'biaozhu.lang';

/** The saved choice, else the first browser language we support (any `zh*` means zh-CN), else English. */
export function detectLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'en' || saved === 'zh-CN') return saved;
  for (const lang of navigator.languages ?? [navigator.language]) {
    const l = lang.toLowerCase();
    if (l.startsWith('zh')) return 'zh-CN';
    if (l.startsWith('en')) return 'en';
  }
  return 'en';
}

/** Switches the UI language and keeps the choice for the next visit. */
export function setLanguage(lang: Language): void {
  localStorage.setItem(STORAGE_KEY, lang);
  void i18n.changeLanguage(lang);
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

/** The words of the label types' views (`views.*`), one file per group of types, merged into one namespace. */
const viewWords = (...files: { views: Record<string, unknown> }[]) => ({ views: Object.assign({}, ...files.map((f) => f.views)) as Record<string, unknown> });

void i18n.use(initReactI18next).init({
  resources: {
    en: { translation: { ...en, ...importsEn, ...intakeEn, ...qualityEn, ...consoleProjectsEn, ...consolePeopleEn, ...consoleStatsEn, ...consoleTasksEn, ...mlEn, ...configIssuesEn, ...viewWords(viewsEn, viewsTextEn, viewsLlmEn, viewsObjectsEn, viewsImageEn) } },
    'zh-CN': { translation: { ...zhCN, ...importsZhCN, ...intakeZhCN, ...qualityZhCN, ...consoleProjectsZhCN, ...consolePeopleZhCN, ...consoleStatsZhCN, ...consoleTasksZhCN, ...mlZhCN, ...configIssuesZhCN, ...viewWords(viewsZhCN, viewsTextZhCN, viewsLlmZhCN, viewsObjectsZhCN, viewsImageZhCN) } },
  },
  lng: detectLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
});

export default i18n;
