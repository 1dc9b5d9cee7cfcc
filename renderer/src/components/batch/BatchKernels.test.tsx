import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { visibleText as text } from '../../lib/test-fixtures';
import { BatchKernels } from './BatchKernels';

describe('BatchKernels', () => {
  it('names the kernels that ran', () => {
    expect(text(renderToString(<BatchKernels summary={{ kernels: 'wasm' }} />))).toBe(
      'Kernels: WebAssembly SIMD',
    );
    expect(text(renderToString(<BatchKernels summary={{ kernels: 'js' }} />))).toBe('Kernels: JavaScript');
  });

  it('says in the text, not a tooltip, why WebAssembly did not run', () => {
    const reason =
      'WebAssembly kernels unavailable: this engine has no WebAssembly SIMD (128-bit) support; using the JS kernels';
    const shown = text(renderToString(<BatchKernels summary={{ kernels: 'js', kernelsFallback: reason }} />));
    expect(shown).toContain('Kernels: JavaScript');
    expect(shown).toContain(`WebAssembly SIMD was asked for but did not run. ${reason}`);
  });
});
