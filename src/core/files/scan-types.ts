// Which files are kept as a letter's scan: one rule for every door that registers letters (the staff form, the
// API, the command line), decided on the file's first bytes, never on its name or the type a caller states.
// A scanned letter arrives as PDF, JPEG or PNG, or as TIFF, which office scanners and fax servers write: refusing
// it would send staff to convert files by hand. TIFF does not display in browsers (Chromium shows none), so it is
// kept and offered as a download (viewing.ts shows in place only PDF, PNG and JPEG). WebP is no scanner's format
// (a photo of a letter comes as JPEG), and so is not taken.

/** The scan formats, with the bytes each file starts with (null: any byte there). */
export const SCAN_TYPES = {
  'application/pdf': [[0x25, 0x50, 0x44, 0x46]],
  'image/png': [[0x89, 0x50, 0x4e, 0x47]],
  'image/jpeg': [[0xff, 0xd8, 0xff]],
  'image/tiff': [
    [0x49, 0x49, 0x2a, 0x00],
    [0x4d, 0x4d, 0x00, 0x2a],
  ],
} as const;
export type ScanType = keyof typeof SCAN_TYPES;

/** The file name extensions of each scan type, the usual one first. */
export const SCAN_EXTENSIONS: Record<ScanType, readonly [string, ...string[]]> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/tiff': ['tif', 'tiff'],
};

/** The types said to a person ("PDF, PNG, JPEG or TIFF") and given to a file picker's `accept`. */
export const SCAN_TYPE_LIST = Object.keys(SCAN_TYPES) as ScanType[];

/** The scan type a file's first bytes show, or null: not a file kept as a scan. */
export function scanTypeOf(bytes: Uint8Array): ScanType | null {
  for (const type of SCAN_TYPE_LIST)
    if (
      (SCAN_TYPES[type] as readonly (readonly (number | null)[])[]).some((sig) =>
        sig.every((b, i) => i < bytes.length && (b === null || bytes[i] === b)),
      )
    )
      return type;
  return null;
}

/** The scan type a file name's extension suggests (a hint only: the content decides), or null. */
export function scanTypeOfName(name: string): ScanType | null {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (!ext) return null;
  return SCAN_TYPE_LIST.find((t) => SCAN_EXTENSIONS[t].includes(ext)) ?? null;
}
