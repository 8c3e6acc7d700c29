/** How an image shows in the select: `hideRegistry` drops a first segment containing `.` or `:`, `hideTag` drops `:tag`. */
export function imageLabel(image: string, hideRegistry: boolean, hideTag: boolean): string {
  let label = image;
  if (hideRegistry) {
    const slash = label.indexOf('/');
    if (slash > 0 && /[.:]/.test(label.slice(0, slash))) label = label.slice(slash + 1);
  }
  if (hideTag) {
    const lastSlash = label.lastIndexOf('/');
    const colon = label.indexOf(':', lastSlash + 1);
    if (colon >= 0) label = label.slice(0, colon);
  }
  return label;
}
