// A published figure: the number, or, for a cell withheld by disclosure
// control (null), a visible "suppressed" mark, never a zero.
import { FormatNumber, T } from '../i18n';
import type { Count } from '../types';

export function CellText(v: Count | undefined) {
  if (v === null || v === undefined) {
    return (
      <span class="suppressed-cell">
        <span aria-hidden="true">▨ </span>
        {T('dashboard.suppressed_short')}
      </span>
    );
  }
  return FormatNumber(v);
}
