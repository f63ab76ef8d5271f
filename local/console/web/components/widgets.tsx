/**
 * @module Small shared pieces: spend against a limit, the once-shown secret, a confirmation dialog,
 * and the loading/error line of a page.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { formatPercent, formatUsd, formatUsdExact, spentShare } from '../format';

/** "$1.20 of $5.00" with a bar and the percentage; the bar turns amber from 80% and red at 100%. */
function SpendMeter({ spentUsd, limitUsd }: { readonly spentUsd: number | undefined; readonly limitUsd: number }) {
  const spent = spentUsd ?? 0;
  const share = spentShare(spent, limitUsd);
  const level = share >= 1 ? 'over' : share >= 0.8 ? 'warn' : 'ok';
  return (
    <div class="spend">
      <span class="spend-text">
        <span title={formatUsdExact(spent)}>{spentUsd === undefined ? '—' : formatUsd(spent)}</span> of {formatUsd(limitUsd)}
      </span>
      <span class={`meter meter-${level}`} role="img" aria-label={`${formatPercent(share)} of the budget spent`}>
        <span class="meter-fill" style={{ width: `${Math.min(share, 1) * 100}%` }} />
      </span>
      <span class="spend-percent">{formatPercent(share)}</span>
    </div>
  );
}

/** A new key's secret, shown once, with a copy button. */
function SecretPanel({ title, secret, onDone }: { readonly title: string; readonly secret: string; readonly onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const heading = useRef<HTMLHeadingElement | null>(null);
  useEffect(() => heading.current?.focus(), [secret]);
  return (
    <section class="secret" aria-labelledby="secret-title">
      <h2 id="secret-title" tabIndex={-1} ref={heading}>
        {title}
      </h2>
      <p>Copy the secret now: it is shown this once and stored only as a hash.</p>
      <div class="secret-row">
        <label for="secret-value" class="visually-hidden">
          Secret key
        </label>
        <input id="secret-value" readOnly value={secret} onFocus={(event) => event.currentTarget.select()} />
        <button
          type="button"
          onClick={() => {
            void navigator.clipboard?.writeText(secret).then(() => setCopied(true));
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" class="secondary" onClick={onDone}>
          Done
        </button>
      </div>
    </section>
  );
}

interface ConfirmProps {
  readonly title: string;
  readonly confirmLabel: string;
  readonly children: ComponentChildren;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}

/** A modal `<dialog>`: focus moves in, Escape cancels, focus returns to the opener when it closes. */
function ConfirmDialog({ title, confirmLabel, children, onConfirm, onCancel }: ConfirmProps) {
  const dialog = useRef<HTMLDialogElement | null>(null);
  // Opened in the commit that renders it: a key pressed right after the click reaches the open dialog.
  useLayoutEffect(() => {
    const opener = document.activeElement;
    const element = dialog.current;
    element?.showModal();
    return () => {
      // Escape unmounts it from within the cancel event, before the browser closes it; while it is
      // still modal the opener is inert and cannot take focus.
      if (element?.open === true) element.close();
      if (opener instanceof HTMLElement) opener.focus();
    };
  }, []);
  return (
    <dialog ref={dialog} aria-labelledby="confirm-title" onCancel={onCancel}>
      <h2 id="confirm-title">{title}</h2>
      <div>{children}</div>
      <div class="actions">
        <button type="button" class="secondary" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" class="danger" onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

/** "Loading…" while `loading`, the error when there is one. */
function LoadState({ loading, error }: { readonly loading: boolean; readonly error: string | undefined }) {
  if (error !== undefined) {
    return (
      <p class="form-error" role="alert">
        {error}
      </p>
    );
  }
  return loading ? (
    <p class="muted" role="status">
      Loading…
    </p>
  ) : null;
}

export { ConfirmDialog, LoadState, SecretPanel, SpendMeter };
