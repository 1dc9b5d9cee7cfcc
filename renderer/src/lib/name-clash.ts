/**
 * Telling apart images of the same name (a/photo.jpg and b/photo.jpg): for each, the fewest trailing
 * folders of its path that no other image of that name shares. Images whose name is unique get none.
 */
export interface NamedPath {
  id: string;
  name: string;
  path: string;
}

function folders(path: string): string[] {
  // Both separators: the host may be Windows.
  const parts = path.split(/[\\/]+/).filter(Boolean);
  return parts.slice(0, -1);
}

/**
 * id -> "in b/2024" (the distinguishing folders, outermost first), for images whose name is shared. With
 * `folders: false` (the web host, whose uploads sit in numbered folders of its own, not the user's)
 * the hint is the image's place among those of its name: "2nd of 2 named so".
 */
export function distinguishingFolders(
  images: readonly NamedPath[],
  opts: { folders: boolean } = { folders: true },
): Map<string, string> {
  const byName = new Map<string, NamedPath[]>();
  for (const image of images) byName.set(image.name, [...(byName.get(image.name) ?? []), image]);
  const out = new Map<string, string>();
  for (const group of byName.values()) {
    if (group.length < 2) continue;
    if (!opts.folders) {
      for (const [k, image] of group.entries())
        out.set(image.id, `${ordinal(k + 1)} of ${group.length} named so`);
      continue;
    }
    const chains = group.map((image) => folders(image.path));
    const deepest = Math.max(...chains.map((c) => c.length));
    for (let k = 0; k < group.length; k++) {
      let hint = chains[k].join('/');
      for (let depth = 1; depth <= deepest; depth++) {
        const tail = chains[k].slice(-depth).join('/');
        const shared = chains.some((other, j) => j !== k && other.slice(-depth).join('/') === tail);
        if (!shared) {
          hint = tail;
          break;
        }
      }
      out.set(group[k].id, `in ${hint}`);
    }
  }
  return out;
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}
