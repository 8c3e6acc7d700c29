import {
  Alert,
  Button,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
} from '@patternfly/react-core';
import { useState } from 'react';
import { api } from '../../api/endpoints.ts';
import { useToasts } from '../../components/ToastProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';

/** The server's KEEPALIVE_MAX_HOURS default; a larger value is refused by the server anyway. */
const MAX_HOURS = 24;

/** Keep a notebook from being culled for 1…24 hours (COULD, status.md §5). */
export function KeepAliveDialog({
  namespace,
  name,
  onClose,
}: {
  namespace: string;
  name: string;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const toasts = useToasts();
  const [hours, setHours] = useState(4);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.keepAlive(namespace, name, hours);
      toasts.show('success', t('keepAlive.done', { name, hours }));
      onClose();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };
  return (
    <Modal isOpen variant="small" onClose={onClose} aria-labelledby="keepalive-title" data-testid="keepalive-dialog">
      <ModalHeader title={t('keepAlive.title', { name })} labelId="keepalive-title" />
      <ModalBody>
        <Form
          id="keepalive-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <FormGroup label={t('keepAlive.hours')} fieldId="keepalive-hours">
            <FormSelect id="keepalive-hours" value={String(hours)} onChange={(_e, v) => setHours(Number(v))}>
              {Array.from({ length: MAX_HOURS }, (_, i) => i + 1).map((h) => (
                <FormSelectOption key={h} value={String(h)} label={String(h)} />
              ))}
            </FormSelect>
          </FormGroup>
        </Form>
        {error && <Alert isInline variant="danger" title={error} />}
      </ModalBody>
      <ModalFooter>
        <Button
          type="submit"
          form="keepalive-form"
          isLoading={busy || undefined}
          isDisabled={busy}
          data-testid="keepalive-confirm"
        >
          {t('keepAlive.confirm')}
        </Button>
        <Button variant="link" onClick={onClose}>
          {t('actions.cancel')}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
