/**
 * Turning a drop (or a file input's FileList) into File objects, folders included. In a browser a
 * dropped folder is a FileSystemDirectoryEntry; its entries must be taken from the DataTransfer
 * during the drop event, so collectDropped() grabs them synchronously before its first await.
 */
export async function collectDropped(source: DataTransfer | FileList | readonly File[]): Promise<File[]> {
  if (!isDataTransfer(source)) return Array.from(source as ArrayLike<File>);
  const entries: FileSystemEntry[] = [];
  const loose: File[] = [];
  for (const item of Array.from(source.items ?? [])) {
    if (item.kind !== 'file') continue;
    const entry = typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null;
    if (entry) entries.push(entry);
    else {
      const file = item.getAsFile();
      if (file) loose.push(file);
    }
  }
  if (entries.length === 0 && loose.length === 0) return Array.from(source.files ?? []);
  const files = [...loose];
  for (const entry of entries) files.push(...(await readEntry(entry, 0)));
  return files;
}

const MAX_DEPTH = 16;

async function readEntry(entry: FileSystemEntry, depth: number): Promise<File[]> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) =>
      (entry as FileSystemFileEntry).file(resolve, reject),
    );
    return [file];
  }
  if (!entry.isDirectory || depth >= MAX_DEPTH) return [];
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const children: FileSystemEntry[] = [];
  // readEntries returns the listing in chunks; an empty chunk means the end.
  for (;;) {
    const chunk = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (chunk.length === 0) break;
    children.push(...chunk);
  }
  const files: File[] = [];
  for (const child of children) files.push(...(await readEntry(child, depth + 1)));
  return files;
}

export function isDataTransfer(source: unknown): source is DataTransfer {
  return typeof DataTransfer !== 'undefined' && source instanceof DataTransfer;
}
