import {
  Alert,
  Button,
  Form,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  TextInput,
} from '@patternfly/react-core';
import { useEffect, useState } from 'react';
import { ApiError } from '../../api/api-error.ts';
import { api } from '../../api/endpoints.ts';
import { ACCESS_MODES } from '../../concepts/notebook-form.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** "New volume" (ui.md §2.3): POST api/namespaces/{ns}/pvcs. */
export function NewVolumeDialog({
  namespace,
  existing,
  onClose,
  onCreated,
}: {
  namespace: string;
  existing: readonly string[];
  onClose: () => void;
  onCreated: (name: string) => void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [size, setSize] = useState('10');
  const [storageClass, setStorageClass] = useState('{empty}');
  const [classes, setClasses] = useState<string[]>([]);
  const [mode, setMode] = useState('ReadWriteOnce');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);

  useEffect(() => {
    const controller = new AbortController();
    Promise.all([api.storageClasses(controller.signal), api.defaultStorageClass(controller.signal)])
      .then(([all, def]) => {
        setClasses(all);
        if (def) setStorageClass(def);
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, []);

  const nameError = !name
    ? undefined
    : !DNS_SUBDOMAIN.test(name) || name.length > 253
      ? t('form.errors.volumeName')
      : existing.includes(name)
        ? t('volumes.exists', { name })
        : undefined;
  const sizeError = size && !(Number(size) > 0) ? t('form.errors.positive') : undefined;
  const fieldError = (field: string) => error?.fieldErrors.find((e) => e.field === field)?.message;
  const valid = name !== '' && !nameError && !sizeError;

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.createPvc(namespace, { name, namespace, type: 'empty', size: `${size}Gi`, class: storageClass, mode });
      onCreated(name);
      onClose();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, String(err)));
      setBusy(false);
    }
  };

  return (
    <Modal isOpen variant="small" onClose={onClose} aria-labelledby="new-volume-title" data-testid="new-volume-dialog">
      <ModalHeader title={t('volumes.newTitle')} labelId="new-volume-title" />
      <ModalBody>
        <Form
          id="new-volume-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (valid) void submit();
          }}
        >
          <FormGroup label={t('volumes.name')} isRequired fieldId="new-volume-name">
            <TextInput
              id="new-volume-name"
              value={name}
              onChange={(_e, v) => setName(v)}
              validated={nameError || fieldError('name') ? 'error' : 'default'}
              data-testid="new-volume-name"
            />
            {(nameError || fieldError('name')) && (
              <FormHelperText>
                <HelperText>
                  <HelperTextItem variant="error">{nameError ?? fieldError('name')}</HelperTextItem>
                </HelperText>
              </FormHelperText>
            )}
          </FormGroup>
          <FormGroup label={t('volumes.sizeGi')} isRequired fieldId="new-volume-size">
            <TextInput
              id="new-volume-size"
              type="number"
              min={1}
              value={size}
              onChange={(_e, v) => setSize(v)}
              validated={sizeError ? 'error' : 'default'}
              data-testid="new-volume-size"
            />
          </FormGroup>
          <FormGroup label={t('volumes.storageClass')} fieldId="new-volume-class">
            <FormSelect
              id="new-volume-class"
              value={storageClass}
              onChange={(_e, v) => setStorageClass(v)}
              data-testid="new-volume-class"
            >
              <FormSelectOption value="{empty}" label={t('volumes.useClusterDefault')} />
              <FormSelectOption value="{none}" label={t('volumes.noClass')} />
              {classes.map((c) => (
                <FormSelectOption key={c} value={c} label={c} />
              ))}
            </FormSelect>
          </FormGroup>
          <FormGroup label={t('volumes.accessMode')} fieldId="new-volume-mode">
            <FormSelect
              id="new-volume-mode"
              value={mode}
              onChange={(_e, v) => setMode(v)}
              data-testid="new-volume-mode"
            >
              {ACCESS_MODES.map((m) => (
                <FormSelectOption key={m} value={m} label={m} />
              ))}
            </FormSelect>
          </FormGroup>
        </Form>
        {error && <Alert isInline variant="danger" title={error.message} data-testid="new-volume-error" />}
      </ModalBody>
      <ModalFooter>
        <Button
          variant="primary"
          type="submit"
          form="new-volume-form"
          isDisabled={!valid || busy}
          isLoading={busy || undefined}
          data-testid="new-volume-create"
        >
          {t('volumes.create')}
        </Button>
        <Button variant="link" onClick={onClose} data-testid="new-volume-cancel">
          {t('actions.cancel')}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
