import { Icon, Spinner, Tooltip } from '@patternfly/react-core';
import {
  CheckCircleIcon,
  ExclamationCircleIcon,
  ExclamationTriangleIcon,
  LinkIcon,
  OutlinedClockIcon,
  StopCircleIcon,
  UnlinkIcon,
} from '@patternfly/react-icons';
import type { Phase, ResourceStatus } from '../api/types.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { statusIcon, statusText } from './notebook-status.ts';

/** The translated text of a status: by key, a translated prefix plus the message, or the message. */
export function useStatusText() {
  const { t } = useI18n();
  return (status: ResourceStatus) => {
    const text = statusText(status);
    if (text.kind === 'key') return t(text.key);
    if (text.kind === 'prefixed') return `${t(text.key)}: ${text.message}`;
    return text.message;
  };
}

/** Phases whose text shows next to the icon: the user has something to wait for or to look at. */
const TEXT_PHASES = new Set(['waiting', 'warning', 'error', 'uninitialized', 'terminating', 'unavailable']);

/**
 * Status icon with an accessible name "<phase>: <message>" and a tooltip (ui.md §2.4); for phases
 * that need attention the message also shows next to it (cut to the column, whole in the tooltip).
 */
export function StatusIcon({
  phase,
  message,
  testId,
  withText = false,
}: {
  phase: Phase | 'attached' | 'unattached';
  message: string;
  testId?: string;
  /** Show the message next to the icon for waiting, warning and error phases. */
  withText?: boolean;
}) {
  const { t } = useI18n();
  const kind = statusIcon(phase);
  const label = message ? `${t(`phase.${phase}`)}: ${message}` : t(`phase.${phase}`);
  const icon = (() => {
    switch (kind) {
      case 'check':
        return (
          <Icon status="success">
            <CheckCircleIcon />
          </Icon>
        );
      case 'stop':
        return (
          <Icon>
            <StopCircleIcon color="var(--pf-t--global--icon--color--disabled)" />
          </Icon>
        );
      case 'warning':
        return (
          <Icon status="warning">
            <ExclamationTriangleIcon />
          </Icon>
        );
      case 'error':
        return (
          <Icon status="danger">
            <ExclamationCircleIcon />
          </Icon>
        );
      case 'clock':
        return (
          <Icon>
            <OutlinedClockIcon />
          </Icon>
        );
      case 'link':
        return (
          <Icon>
            <LinkIcon />
          </Icon>
        );
      case 'unlink':
        return (
          <Icon>
            <UnlinkIcon />
          </Icon>
        );
      default:
        // Inline, the spinner takes the icon's 1em box instead of overflowing it.
        return (
          <Icon>
            <Spinner diameter="1em" aria-hidden="true" />
          </Icon>
        );
    }
  })();
  const visibleText = withText && TEXT_PHASES.has(phase) ? message || t(`phase.${phase}`) : '';
  return (
    <Tooltip content={label}>
      <span className="jwa-status" tabIndex={0}>
        <span role="img" aria-label={label} data-testid={testId} data-phase={phase} className="jwa-status-icon">
          {icon}
        </span>
        {visibleText && (
          <span className="jwa-status-text" aria-hidden="true" data-testid={testId ? `${testId}-text` : undefined}>
            {visibleText}
          </span>
        )}
      </span>
    </Tooltip>
  );
}
