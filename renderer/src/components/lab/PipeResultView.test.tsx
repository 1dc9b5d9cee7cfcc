/**
 * The pipe's result as a user reads it, rendered to HTML and read back as text: the payload, each
 * channel's round trip and throughput with their ranges, whether every byte arrived intact, and the
 * sentences naming the Python API each channel mirrors.
 */
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { pipeResult } from '../../../../shared/lab/pipe-fixture';
import { visibleText as text } from '../../lib/test-fixtures';
import { PipeResultView } from './PipeResultView';

describe('PipeResultView', () => {
  const html = renderToString(<PipeResultView result={pipeResult} charts={false} />);
  const words = text(html);

  it('says what was sent and that it arrived intact', () => {
    expect(words).toContain('16.4 MB');
    expect(words).toContain(
      'sent each run: 16 384 000 bytes of pixels (2560×1600, cups.jpg, a sample photo) in 64 chunks of 25 rows (250 KB)',
    );
    expect(words).toContain('intact every chunk’s length and checksum');
    expect(words).toContain('2 of 2 worker threads putting into the queue');
  });

  it('shows each channel with its ends, round trip, spread, put to get and MB/s with the range of the runs', () => {
    const rows = html
      .split('data-testid="lab-pipe-row"')
      .slice(1)
      .map((row) =>
        text(row.slice(row.indexOf('>') + 1, row.indexOf('</tr>')))
          .replace(/\s+/g, ' ')
          .trim(),
      );
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(
      /^Thread pipe .*multiprocessing\.\u200b?Pipe\(\).* 1 25\.0 ?20\.0–30\.0 16\.0–45\.0 – 3000 ?2500–3500 yes$/,
    );
    expect(rows[1]).toMatch(/^Process pipe .* 1 110 ?100–120 80\.0–180 – 550 ?500–600 yes$/);
    expect(rows[2]).toMatch(
      /^Many-producer queue .*multiprocessing\.\u200b?Queue.* 2 35\.0 ?32\.0–40\.0 25\.6–60\.0 12\.0 ?11\.0–14\.0 2000 ?1800–2400 yes$/,
    );
    expect(words).toContain('the median of each run’s 200 then the median (and range) of 3 runs');
  });

  it('ties the numbers to the idea and names the Python APIs', () => {
    expect(words).toContain('a MessageChannel has exactly two ends');
    expect(words).toContain('A Pipe has exactly two ends and nothing to share between writers');
    expect(words).toContain("Python's multiprocessing.Queue is one pipe");
  });

  it('says why the process pipe was not measured, in the desktop app', () => {
    const without = {
      ...pipeResult,
      processSkipped: 'Electron forks none.',
      channels: pipeResult.channels.filter((c) => c.name !== 'process'),
    };
    const withoutHtml = renderToString(<PipeResultView result={without} charts={false} />);
    expect(withoutHtml.split('data-testid="lab-pipe-row"')).toHaveLength(3);
    expect(text(withoutHtml)).toContain('The process pipe was not measured. Electron forks none.');
  });

  it('says which channel lost bytes, and how many chunks', () => {
    const broken = {
      ...pipeResult,
      intact: false,
      channels: pipeResult.channels.map((c) =>
        c.name === 'process' ? { ...c, intact: false, corruptChunks: 3 } : c,
      ),
    };
    const brokenHtml = renderToString(<PipeResultView result={broken} charts={false} />);
    expect(text(brokenHtml)).toContain('NOT intact');
    expect(brokenHtml).toContain('data-channel="process" data-intact="false"');
    expect(text(brokenHtml)).toContain('no, 3');
  });
});
