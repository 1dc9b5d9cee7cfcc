import {
  formatMbPerSecond,
  formatPipeBytes,
  formatUs,
  type LabPipeResult,
  type LabPipeSpread,
  labWarnings,
  PIPE_CHANNEL_INFO,
  pipeFindings,
  pipeIntro,
} from '../../../../shared/lab';
import {
  LabFindings,
  LabNumberHead,
  LabOf,
  LabResultCard,
  LabRowHead,
  LabStat,
  LabTable,
} from './LabResultParts';
import { LabWarnings } from './LabWarnings';
import { PipeCharts } from './PipeCharts';
import { formatCount } from './race-figures';

interface Props {
  result: LabPipeResult;
  /** False while the charts wait (they are drawn at low priority); the table and the words are not. */
  charts?: boolean;
}

/** A spread's median with its range of runs under it. */
function Figure({ spread, format }: { spread: LabPipeSpread; format(n: number): string }) {
  return (
    <>
      <span className="lab-pipe__median">{format(spread.median)}</span>
      {spread.runs.length > 1 ? (
        <span className="lab-pipe__range muted">
          {format(spread.min)}–{format(spread.max)}
        </span>
      ) : null}
    </>
  );
}

/** A unit in a column heading, kept as written (the headings are upper-cased, and µs would read MS). */
function Unit({ children }: { children: string }) {
  return <span className="lab-pipe__unit">{children}</span>;
}

/** What the pipe measured: the payload, each channel's round trip and throughput, the charts, the words. */
export function PipeResultView({ result, charts = true }: Props) {
  const [doing, timing] = pipeIntro(result);
  const [image] = result.images;
  const { payload } = result;
  const runsWord = `${result.runs} run${result.runs === 1 ? '' : 's'}`;
  return (
    <div className="lab-pipe__result stack" data-testid="lab-pipe-result">
      <LabWarnings warnings={labWarnings(result)} />
      <LabResultCard
        name="pipe"
        title={<>Result on {image.name}</>}
        intro={
          <>
            {doing} {timing}
          </>
        }
        stats={
          <>
            <LabStat
              testId="lab-pipe-payload"
              value={formatPipeBytes(payload.bytes)}
              label={
                <>
                  sent each run: {formatCount(payload.bytes)} bytes of pixels ({payload.width}×
                  {payload.height}, {image.name}
                  {image.sample ? ', a sample photo' : ''}) in {payload.chunks} chunk
                  {payload.chunks === 1 ? '' : 's'} of {payload.chunkRows} row
                  {payload.chunkRows === 1 ? '' : 's'} ({formatPipeBytes(payload.chunkBytes)})
                </>
              }
            />
            <LabStat
              testId="lab-pipe-intact"
              value={result.intact ? 'intact' : 'NOT intact'}
              label="every chunk’s length and checksum, as received, against the bytes sent, in every run"
            />
            <LabStat
              value={<LabOf value={result.workers} of={result.cores} />}
              label="worker threads putting into the queue, of the machine’s cores"
            />
          </>
        }
      >
        <LabTable
          testId="lab-pipe-table"
          className="lab-pipe__table"
          caption={
            <>
              The pipe's channels: round trip of a small message, put to get, and throughput, median and range
              of {runsWord}, and whether every byte arrived intact
            </>
          }
        >
          <thead>
            <tr>
              <th scope="col">Channel</th>
              <th scope="col">Python mirror</th>
              <LabNumberHead>Writers</LabNumberHead>
              <LabNumberHead>
                Round trip <Unit>µs</Unit>
              </LabNumberHead>
              <LabNumberHead>
                p10–p90 <Unit>µs</Unit>
              </LabNumberHead>
              <LabNumberHead>
                Put→get <Unit>µs</Unit>
              </LabNumberHead>
              <LabNumberHead>
                <Unit>MB/s</Unit>
              </LabNumberHead>
              <th scope="col">Intact</th>
            </tr>
          </thead>
          <tbody>
            {result.channels.map((c) => {
              const info = PIPE_CHANNEL_INFO[c.name];
              const p = c.roundTripPercentilesUs;
              return (
                <tr
                  key={c.name}
                  data-testid="lab-pipe-row"
                  data-channel={c.name}
                  data-intact={String(c.intact)}
                >
                  <LabRowHead name={info.title} how={info.how} />
                  <td className="lab-pipe__python">
                    {/* A break allowed after "multiprocessing." only, where a narrow column must break. */}
                    <code>{info.python.replace('.', '.\u200b')}</code>{' '}
                    <span className="lab-race__how muted">{info.pythonNote}</span>
                  </td>
                  <td className="results__n num">{c.producers}</td>
                  <td className="results__n num" data-testid="lab-pipe-rtt">
                    <Figure spread={c.roundTripUs} format={formatUs} />
                  </td>
                  <td className="results__n num">
                    {formatUs(p.p10)}–{formatUs(p.p90)}
                  </td>
                  <td className="results__n num">
                    {c.putToGetUs ? <Figure spread={c.putToGetUs} format={formatUs} /> : '–'}
                  </td>
                  <td className="results__n num" data-testid="lab-pipe-mbs">
                    <Figure spread={c.mbPerSecond} format={formatMbPerSecond} />
                  </td>
                  <td>
                    <span className={`lab-race__verdict lab-race__verdict--${c.intact ? 'ok' : 'bad'}`}>
                      {c.intact ? 'yes' : `no, ${c.corruptChunks}`}
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </LabTable>
        {result.processSkipped ? (
          <p className="lab-pipe__skipped" data-testid="lab-pipe-skipped">
            The process pipe was not measured. {result.processSkipped}
          </p>
        ) : null}
        <p className="muted lab-race__note">
          Writers: the threads that write into the channel. Round trip: a small message there and back, one at
          a time, the median of each run’s {result.pingsPerRun} then the median (and range) of {runsWord}; for
          the queue, from asking every producer to put one to getting it. p10–p90: the spread of every single
          ping of every run. Put→get: the queue’s one-way time of a small message, stamped in the producer.
          MB/s: the photo’s pixels one way, copied, to the last byte acknowledged (the queue: got). Intact:
          every chunk’s checksum equal to the bytes sent.
        </p>
      </LabResultCard>

      {charts ? <PipeCharts result={result} /> : null}

      <LabFindings
        name="pipe"
        findings={pipeFindings(result).map((f) => ({ key: f.channel, text: f.text }))}
      />
    </div>
  );
}
