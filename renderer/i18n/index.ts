import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import ja from './ja.json';

// B-08: Japanese by default, English available. Every user-facing string lives in ja.json / en.json.
export const resources = { ja: { translation: ja }, en: { translation: en } } as const;

export function initI18n(language: 'ja' | 'en' = 'ja') {
  void i18n.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'ja',
    interpolation: { escapeValue: false },
    // One namespace: a key such as list.sortBy.createdAt:desc is a key, not namespace 'list.sortBy.createdAt'.
    nsSeparator: false,
  });
  return i18n;
}

export default i18n;
