/** The Larder word mark: a jar of stored features. */
export const LarderLogo = ({ className }: { className?: string }) => (
  <span className={`inline-flex items-center gap-2 ${className ?? ""}`}>
    <svg viewBox="0 0 24 24" className="size-6" aria-hidden>
      <rect x="5" y="2.5" width="14" height="3.5" rx="1" className="fill-brand-700" />
      <path
        d="M6 7h12a1 1 0 0 1 1 1v11.5a2.5 2.5 0 0 1-2.5 2.5h-9A2.5 2.5 0 0 1 5 19.5V8a1 1 0 0 1 1-1Z"
        className="fill-brand-500"
      />
      <path d="M8 11h8M8 14.5h8M8 18h5" stroke="white" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
    <span className="text-base font-semibold tracking-tight text-slate-900">Larder</span>
  </span>
);
