import { KERNEL_INFO } from '../../../../shared/kernels';
import type { BatchSummary } from '../../api/types';
import './BatchKernels.css';

interface Props {
  summary: Pick<BatchSummary, 'kernels' | 'kernelsFallback'>;
}

/**
 * Which kernels filtered the batch. A fallback from WebAssembly is spelled out in the summary itself:
 * the run was slower than the settings promised, and a tooltip is easy to miss.
 */
export function BatchKernels({ summary }: Props) {
  return (
    <div className="batch-kernels">
      <p className="batch-kernels__ran" data-testid="batch-kernels-ran">
        Kernels: <strong>{KERNEL_INFO[summary.kernels].title}</strong>
      </p>
      {summary.kernelsFallback !== undefined ? (
        <p className="batch-kernels__fallback" role="note" data-testid="batch-kernels-fallback">
          <strong>{KERNEL_INFO.wasm.title} was asked for but did not run.</strong> {summary.kernelsFallback}
        </p>
      ) : null}
    </div>
  );
}
