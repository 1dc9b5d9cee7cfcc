import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { visibleText as text } from '../../lib/test-fixtures';
import { BatchPool } from './BatchPool';

describe('BatchPool', () => {
  it('names what the workers were, and what processes cost', () => {
    expect(text(renderToString(<BatchPool pool="threads" />))).toBe('Workers: Threads');
    expect(text(renderToString(<BatchPool pool="processes" />))).toBe(
      'Workers: Processes · every strip copied to a child process and back',
    );
    expect(text(renderToString(<BatchPool pool={null} />))).toBe('Workers: none (serial, one thread)');
  });
});
