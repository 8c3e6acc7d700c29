import { realpathSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';

/**
 * The file under `root` that a URL path names, or undefined. Angular builds made with deploy-url
 * `static/` load `static/main.<hash>.js` while the file sits next to `index.html`, and StatCan's
 * build also keeps a real `static/assets/` folder: a `/static/…` path is looked up as given first,
 * then without `static/`. Paths with `..`, `.` or dot segments, backslashes or NUL never match, and
 * the result always lies inside `root`, symbolic links resolved.
 */
export function assetFile(root: string, urlPath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const segments = path.split('/').slice(1);
  if (segments.some((s) => s === '' || s.startsWith('.') || s.includes('\\') || s.includes('\0'))) return undefined;
  const candidates = [segments.join('/')];
  if (segments[0] === 'static' && segments.length > 1) candidates.push(segments.slice(1).join('/'));
  return candidates.find((relative) => isFileInside(root, relative));
}

/** Symbolic links count where they lead: a link out of the folder is not inside it. */
function isFileInside(root: string, relative: string): boolean {
  try {
    const realRoot = realpathSync(root);
    const file = realpathSync(resolve(root, relative));
    return file.startsWith(realRoot + sep) && statSync(file).isFile();
  } catch {
    return false;
  }
}
