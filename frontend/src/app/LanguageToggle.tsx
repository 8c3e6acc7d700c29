import { ToggleGroup, ToggleGroupItem } from '@patternfly/react-core';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { LANGUAGES } from '../i18n/language.ts';

export function LanguageToggle() {
  const { lang, setLang, t } = useI18n();
  return (
    <ToggleGroup aria-label={t('shell.language')} isCompact>
      {LANGUAGES.map((l) => (
        <ToggleGroupItem
          key={l}
          text={l.toUpperCase()}
          aria-label={`${l.toUpperCase()} – ${t(`shell.languages.${l}`)}`}
          isSelected={lang === l}
          onChange={() => setLang(l)}
          data-testid={`lang-${l}`}
        />
      ))}
    </ToggleGroup>
  );
}
