import { useState, type ReactNode } from 'react';
import { ApiError } from '../api/api-error.ts';
import { api } from '../api/endpoints.ts';
import { useReportError } from '../app/use-report-error.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { useToasts } from '../components/ToastProvider.tsx';
import type { NotebookAction } from '../concepts/notebook-status.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { ObjectName } from './ObjectName.tsx';

/** Start (no dialog), stop and delete (confirm dialogs with errors inside), shared by the index and details pages. */
export function useNotebookActions(onDone: (namespace: string, name: string, action: NotebookAction) => void) {
  const { t } = useI18n();
  const toasts = useToasts();
  const reportError = useReportError();
  const [dialog, setDialog] = useState<{ action: 'stop' | 'delete'; namespace: string; name: string } | undefined>(
    undefined,
  );

  const start = async (namespace: string, name: string) => {
    try {
      await api.setNotebookStopped(namespace, name, false);
      toasts.show('info', t('actions.starting', { name }));
      onDone(namespace, name, 'start');
    } catch (err) {
      reportError(err);
    }
  };

  let element: ReactNode = null;
  if (dialog?.action === 'stop') {
    const { namespace, name } = dialog;
    element = (
      <ConfirmDialog
        testId="stop-dialog"
        title={t('actions.stopTitle', { name })}
        body={
          <>
            <ObjectName namespace={namespace} name={name} />
            <p>{t('actions.stopText')}</p>
          </>
        }
        confirmLabel={t('actions.stop')}
        busyLabel={t('actions.stopping')}
        cancelLabel={t('actions.cancel')}
        onClose={() => setDialog(undefined)}
        onConfirm={async () => {
          try {
            await api.setNotebookStopped(namespace, name, true);
          } catch (err) {
            // Already stopped: nothing to do but refresh the row.
            if (!(err instanceof ApiError && err.status === 409 && /already stopped/i.test(err.log))) throw err;
          }
          toasts.show('info', t('actions.stoppingToast', { name }));
          onDone(namespace, name, 'stop');
        }}
      />
    );
  } else if (dialog?.action === 'delete') {
    const { namespace, name } = dialog;
    element = (
      <ConfirmDialog
        testId="delete-dialog"
        danger
        title={t('actions.deleteTitle', { name })}
        body={
          <>
            <ObjectName namespace={namespace} name={name} />
            <p>{t('actions.deleteText')}</p>
          </>
        }
        confirmLabel={t('actions.delete')}
        busyLabel={t('actions.deleting')}
        cancelLabel={t('actions.cancel')}
        onClose={() => setDialog(undefined)}
        onConfirm={async () => {
          await api.deleteNotebook(namespace, name);
          toasts.show('info', t('actions.deleteSent', { namespace, name }));
          onDone(namespace, name, 'delete');
        }}
      />
    );
  }

  return {
    start,
    askStop: (namespace: string, name: string) => setDialog({ action: 'stop', namespace, name }),
    askDelete: (namespace: string, name: string) => setDialog({ action: 'delete', namespace, name }),
    dialog: element,
  };
}
