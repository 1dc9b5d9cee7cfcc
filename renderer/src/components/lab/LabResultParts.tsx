import type { ReactNode } from 'react';

/* The blocks every lab result view is made of: its head figures, its findings card, its photos' names. */

/** One finding of a result: a sentence of shared/lab, keyed by what it is about. */
export interface LabFinding {
  key: string;
  text: string;
}

/**
 * A result's "What it shows" card: the sentences that tie its figures to the idea (the machine's warnings
 * go above the figures, in LabWarnings). `name` makes its ids: `lab-<name>-findings`.
 */
export function LabFindings({ name, findings }: { name: string; findings: readonly LabFinding[] }) {
  const titleId = `lab-${name}-findings-title`;
  return (
    <section className="card lab-race__findings" aria-labelledby={titleId}>
      <h3 id={titleId} className="card-title">
        What it shows
      </h3>
      <ul data-testid={`lab-${name}-findings`}>
        {findings.map((f) => (
          <li key={f.key}>{f.text}</li>
        ))}
      </ul>
    </section>
  );
}

/** Findings that are sentences only, each its own key. */
export const sentences = (texts: readonly string[]): LabFinding[] =>
  texts.map((text) => ({ key: text, text }));

/** "<name>" or "<n> photos", with " (sample photos)" when the service picked them. */
export function photosText(images: readonly { name: string; sample: boolean }[]): string {
  const sample = images.some((i) => i.sample) ? ' (sample photos)' : '';
  return images.length === 1 ? `${images[0].name}${sample}` : `${images.length} photos${sample}`;
}

/** One figure at the head of a result: the number, then what it is. */
export function LabStat({ value, label, testId }: { value: ReactNode; label: ReactNode; testId?: string }) {
  return (
    <div className="stat" data-testid={testId}>
      <span className="stat__value num">{value}</span> <span className="stat__label">{label}</span>
    </div>
  );
}

/** A figure out of a whole: "2 of 4", the whole muted. */
export function LabOf({ value, of }: { value: ReactNode; of: ReactNode }) {
  return (
    <>
      {value} <span className="lab-race__of">of {of}</span>
    </>
  );
}

/** A table row's head: what the row is, then how, muted. */
export function LabRowHead({ name, how }: { name: ReactNode; how: ReactNode }) {
  return (
    <th scope="row">
      <span className="lab-race__name">{name}</span> <span className="lab-race__how muted">{how}</span>
    </th>
  );
}

/**
 * The card a result opens with: its heading, the sentences on what was done, its head figures (LabStat),
 * then `children` (its table and the note under it). `name` makes its ids: `lab-<name>-result-title`.
 */
export function LabResultCard({
  name,
  title,
  intro,
  stats,
  children,
}: {
  name: string;
  title: ReactNode;
  intro: ReactNode;
  stats: ReactNode;
  children?: ReactNode;
}) {
  const titleId = `lab-${name}-result-title`;
  return (
    <section className="card stack" aria-labelledby={titleId}>
      <h3 id={titleId} className="lab-race__result-title">
        {title}
      </h3>
      <p className="lab-race__intro">{intro}</p>
      <div className="lab-race__stats">{stats}</div>
      {children}
    </section>
  );
}

/** A result's table, scrolling sideways in a narrow window, with a caption for screen readers. */
export function LabTable({
  testId,
  className,
  caption,
  children,
}: {
  testId: string;
  /** Its own classes, besides the results table's. */
  className: string;
  caption: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="results" data-testid={testId}>
      <table className={`results__table ${className}`}>
        <caption className="visually-hidden">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

/** A column head over numbers (set to their right). */
export function LabNumberHead({ children }: { children: ReactNode }) {
  return (
    <th scope="col" className="results__n">
      {children}
    </th>
  );
}

/** "Result on <name>" or "Result on <n> photos", "(sample photos)" muted when every one is a sample. */
export function ResultOnPhotos({ images }: { images: readonly { name: string; sample: boolean }[] }) {
  const photos = images.length === 1 ? images[0].name : `${images.length} photos`;
  const samples = images.length > 0 && images.every((i) => i.sample);
  return (
    <>
      Result on {photos}
      {samples ? <span className="muted"> (sample photos)</span> : null}
    </>
  );
}
