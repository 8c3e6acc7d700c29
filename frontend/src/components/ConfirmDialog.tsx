import { Alert, Button, Modal, ModalBody, ModalFooter, ModalHeader } from '@patternfly/react-core';
import { useState, type ReactNode } from 'react';

export interface ConfirmDialogProps {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  busyLabel: string;
  cancelLabel: string;
  danger?: boolean;
  /** Resolves to close the dialog; a thrown error is shown inside the dialog, which stays open. */
  onConfirm: () => Promise<void>;
  onClose: () => void;
  testId: string;
}

/** A confirm dialog that closes only on success (ui.md §2.2). PatternFly's Modal traps focus. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await props.onConfirm();
      props.onClose();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };
  return (
    <Modal
      isOpen
      variant="small"
      onClose={props.onClose}
      aria-labelledby={`${props.testId}-title`}
      data-testid={props.testId}
    >
      <ModalHeader
        title={props.title}
        labelId={`${props.testId}-title`}
        titleIconVariant={props.danger ? 'warning' : undefined}
      />
      <ModalBody>
        {props.body}
        {error && (
          <Alert
            isInline
            variant="danger"
            title={error}
            data-testid={`${props.testId}-error`}
            className="pf-v6-u-mt-md"
          />
        )}
      </ModalBody>
      <ModalFooter>
        <Button
          variant={props.danger ? 'danger' : 'primary'}
          onClick={confirm}
          isLoading={busy || undefined}
          isDisabled={busy}
          data-testid={`${props.testId}-confirm`}
        >
          {busy ? props.busyLabel : props.confirmLabel}
        </Button>
        <Button variant="link" onClick={props.onClose} data-testid={`${props.testId}-cancel`}>
          {props.cancelLabel}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
