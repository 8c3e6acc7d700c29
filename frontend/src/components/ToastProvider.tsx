import { Alert, AlertActionCloseButton, AlertGroup } from '@patternfly/react-core';
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';

export type ToastVariant = 'info' | 'success' | 'danger' | 'warning';
interface Toast {
  id: number;
  variant: ToastVariant;
  text: string;
}

interface Toaster {
  /** Info and success toasts close after 3 s; errors stay until closed (ui.md §1.3). */
  show: (variant: ToastVariant, text: string) => void;
}

const ToastContext = createContext<Toaster | undefined>(undefined);

export function ToastProvider({ children, closeLabel }: { children: ReactNode; closeLabel: string }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const close = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const show = useCallback(
    (variant: ToastVariant, text: string) => {
      const id = nextId.current++;
      setToasts((all) => [...all, { id, variant, text }]);
      if (variant === 'info' || variant === 'success') setTimeout(() => close(id), 3000);
    },
    [close],
  );
  const value = useMemo(() => ({ show }), [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <AlertGroup isToast isLiveRegion>
        {toasts.map((toast) => (
          <Alert
            key={toast.id}
            data-testid={`toast-${toast.variant}`}
            variant={toast.variant}
            title={toast.text}
            actionClose={<AlertActionCloseButton aria-label={closeLabel} onClose={() => close(toast.id)} />}
          />
        ))}
      </AlertGroup>
    </ToastContext.Provider>
  );
}

export function useToasts(): Toaster {
  const value = useContext(ToastContext);
  if (!value) throw new Error('useToasts outside ToastProvider');
  return value;
}
