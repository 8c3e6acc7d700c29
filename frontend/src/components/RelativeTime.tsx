import { Tooltip } from '@patternfly/react-core';
import type { Formats } from '../i18n/format.ts';

/** "3 hours ago", with local and UTC times in the tooltip. */
export function RelativeTime({
  iso,
  now,
  format,
  empty,
}: {
  iso: string;
  now: number;
  format: Formats;
  empty: string;
}) {
  if (!iso || !Number.isFinite(Date.parse(iso))) return <span>{empty}</span>;
  return (
    <Tooltip
      content={
        <div>
          <div>{format.localTime(iso)}</div>
          <div>{format.utcTime(iso)}</div>
        </div>
      }
    >
      <time dateTime={iso} tabIndex={0}>
        {format.relativeTime(iso, now)}
      </time>
    </Tooltip>
  );
}
