interface DashboardHandler {
  onNamespaceSelected?: (namespace: string) => void;
  onAllNamespacesSelected?: (namespaces: string[]) => void;
}

interface CentralDashboard {
  CentralDashboardEventHandler?: {
    init: (callback: (handler: DashboardHandler, isIframed: boolean) => void) => void;
  };
}

declare global {
  interface Window {
    centraldashboard?: CentralDashboard;
  }
}

export interface DashboardCallbacks {
  onNamespace: (namespace: string) => void;
  onAllNamespaces: (namespaces: string[]) => void;
}

/** The central dashboard shows the app in an iframe; a top-level page cannot be inside it. */
function isFramed(): boolean {
  try {
    return window.self !== window.top;
  } catch {
    return true; // a cross-origin parent: framed
  }
}

/**
 * Loads the central dashboard's library from the site root when the app is framed. It answers 404
 * when we run standalone, so a load error (or no dashboard object 2 s after load) means standalone:
 * resolves false. A top-level page is standalone at once, without a request that would only log a
 * 404 in the console.
 */
export function connectDashboard(callbacks: DashboardCallbacks, timeoutMs = 2000): Promise<boolean> {
  if (!isFramed()) return Promise.resolve(false);
  return new Promise((resolve) => {
    const script = document.createElement('script');
    script.src = '/dashboard_lib.bundle.js';
    script.async = true;
    let settled = false;
    const finish = (value: boolean) => {
      if (settled) return;
      settled = true;
      resolve(value);
    };
    const timer = setTimeout(() => finish(false), timeoutMs + 3000);
    script.addEventListener('error', () => {
      clearTimeout(timer);
      finish(false);
    });
    script.addEventListener('load', () => {
      clearTimeout(timer);
      const started = Date.now();
      const poll = () => {
        const lib = window.centraldashboard?.CentralDashboardEventHandler;
        if (lib) {
          lib.init((handler) => {
            handler.onNamespaceSelected = callbacks.onNamespace;
            handler.onAllNamespacesSelected = callbacks.onAllNamespaces;
          });
          finish(true);
        } else if (Date.now() - started >= timeoutMs) finish(false);
        else setTimeout(poll, 100);
      };
      poll();
    });
    document.head.appendChild(script);
  });
}
