import { FormSelect, FormSelectOption, TextInput } from '@patternfly/react-core';
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { useApp } from './AppContext.tsx';

/** Standalone mode only: a select over GET api/namespaces, or a free-text field when listing is forbidden. */
export function NamespaceSelector() {
  const { t } = useI18n();
  const { namespace, namespaces, setNamespace } = useApp();
  const [draft, setDraft] = useState(namespace ?? '');
  useEffect(() => setDraft(namespace ?? ''), [namespace]);
  if (namespaces === undefined) {
    return (
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (draft.trim()) setNamespace(draft.trim());
        }}
      >
        <TextInput
          aria-label={t('shell.namespace')}
          placeholder={t('shell.namespace')}
          value={draft}
          onChange={(_e, v) => setDraft(v)}
          onBlur={() => draft.trim() && draft.trim() !== namespace && setNamespace(draft.trim())}
          data-testid="namespace-input"
        />
      </form>
    );
  }
  const options = namespace && !namespaces.includes(namespace) ? [namespace, ...namespaces] : namespaces;
  return (
    <FormSelect
      aria-label={t('shell.namespace')}
      value={namespace ?? ''}
      onChange={(_e, v) => setNamespace(v)}
      data-testid="namespace-select"
    >
      {options.map((ns) => (
        <FormSelectOption key={ns} value={ns} label={ns} />
      ))}
    </FormSelect>
  );
}
