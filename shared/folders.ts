/**
 * Where each input sits in the tree a batch mirrors (`--keep-folders`, `{dir}`): its folder below the
 * deepest folder all the batch's inputs share. One rule for every host: the CLI names folders, the app
 * sends the files it lists, and both mirror the same tree for the same files. A batch of `tree/` with
 * photos in tree/a and tree/b writes out/a and out/b; when every photo is in tree/2024, that shared
 * level is not repeated. Pure (the batch form's example name uses it too); paths are absolute, with
 * either separator.
 */

function folderSegments(path: string): string[] {
  const parts = path.split(/[/\\]/);
  parts.pop(); // the file's own name
  return parts;
}

/** Each path's {dir} value, in order: "a/b/" below the shared folder, '' for a file in it. */
export function mirroredFolders(paths: readonly string[]): string[] {
  const folders = paths.map(folderSegments);
  let shared = folders[0]?.length ?? 0;
  for (const folder of folders) {
    let i = 0;
    while (i < shared && i < folder.length && folder[i] === folders[0][i]) i++;
    shared = i;
  }
  // Nothing shared, not even the root (two drives on Windows): every file goes to the top.
  if (shared === 0) return paths.map(() => '');
  return folders.map((folder) => {
    const below = folder.slice(shared).filter((s) => s !== '');
    return below.length ? `${below.join('/')}/` : '';
  });
}
