import { Alert, AlertActionCloseButton, AlertGroup } from '@patternfly/react-core';
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';

export type ToastVariant = 'info' | 'success' | 'danger' | 'warning';
interface Toast {
  id: number;
  variant: ToastVariant;
  text: string;
}

interface Toaster {
  /**
   * Toasts answer the user's own actions (data refreshes report through the page's banner).
   * Info and success toasts close after 8 s, errors stay until closed (ui.md §1.3); the same text
   * twice shows one toast, and at most three are on screen.
   */
  show: (variant: ToastVariant, text: string) => void;
}

const AUTO_CLOSE_MS = 8000;
const MAX_VISIBLE = 3;

const ToastContext = createContext<Toaster | undefined>(undefined);

export function ToastProvider({ children, closeLabel }: { children: ReactNode; closeLabel: string }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const close = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const show = useCallback(
    (variant: ToastVariant, text: string) => {
      const id = nextId.current++;
      setToasts((all) =>
        [...all.filter((t) => t.text !== text || t.variant !== variant), { id, variant, text }].slice(-MAX_VISIBLE),
      );
      if (variant === 'info' || variant === 'success') setTimeout(() => close(id), AUTO_CLOSE_MS);
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
