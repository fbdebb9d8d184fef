import { storableText } from './text.ts';

const MAX_NAME = 255;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const EXTENDED = /filename\*\s*=\s*(?:UTF-8|ISO-8859-1)?'[^']*'([^;]+)/i;
const QUOTED = /filename\s*=\s*"((?:[^"\\]|\\.)*)"/i;
const TOKEN = /filename\s*=\s*([^";\s]+)/i;

/**
 * A file name safe to store and to show: the last path segment only (a name is never a path),
 * no control characters, no leading dots, at most 255 characters; null when nothing is left.
 */
export function sanitizeFileName(name: string | null | undefined): string | null {
  if (!name) return null;
  const base = storableText(name).split(/[/\\]/).pop() ?? '';
  const cleaned = base.replace(CONTROL, '').trim().replace(/^\.+/, '').trim();
  if (!cleaned) return null;
  return Array.from(cleaned).slice(0, MAX_NAME).join('');
}

/** The decoded last segment of a URL's path (`/a/report%202024.pdf` -> `report 2024.pdf`), sanitised. */
export function fileNameFromUrl(url: string): string | null {
  let segment: string;
  try {
    segment = new URL(url).pathname.split('/').filter(Boolean).pop() ?? '';
  } catch {
    return null;
  }
  return sanitizeFileName(decodeLenient(segment));
}

/** The file name a `Content-Disposition` header gives (RFC 6266: `filename*` wins over `filename`). */
export function fileNameFromContentDisposition(header: string | null | undefined): string | null {
  if (!header) return null;
  const extended = EXTENDED.exec(header)?.[1];
  if (extended) return sanitizeFileName(decodeLenient(extended.trim()));
  const quoted = QUOTED.exec(header)?.[1];
  if (quoted !== undefined) return sanitizeFileName(quoted.replace(/\\(.)/g, '$1'));
  return sanitizeFileName(TOKEN.exec(header)?.[1]);
}

// A stray `%` in a name is not worth failing a download over: keep the text as it came.
function decodeLenient(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
