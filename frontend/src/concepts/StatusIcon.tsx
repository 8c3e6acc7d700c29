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

/** Status icon with an accessible name "<phase>: <message>" and a tooltip (ui.md §2.4). */
export function StatusIcon({
  phase,
  message,
  testId,
}: {
  phase: Phase | 'attached' | 'unattached';
  message: string;
  testId?: string;
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
        return <Spinner size="md" aria-label={label} />;
    }
  })();
  return (
    <Tooltip content={label}>
      <span role="img" aria-label={label} tabIndex={0} data-testid={testId} data-phase={phase}>
        {icon}
      </span>
    </Tooltip>
  );
}
