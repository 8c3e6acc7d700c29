import { Tooltip } from '@patternfly/react-core';
import { localTime, relativeTime, utcTime } from '../i18n/format.ts';

/** "3 hours ago", with local and UTC times in the tooltip. */
export function RelativeTime({ iso, now, locale, empty }: { iso: string; now: number; locale: string; empty: string }) {
  if (!iso || !Number.isFinite(Date.parse(iso))) return <span>{empty}</span>;
  return (
    <Tooltip
      content={
        <div>
          <div>{localTime(iso, locale)}</div>
          <div>{utcTime(iso, locale)}</div>
        </div>
      }
    >
      <time dateTime={iso} tabIndex={0}>
        {relativeTime(iso, now, locale)}
      </time>
    </Tooltip>
  );
}
