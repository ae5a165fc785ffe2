import { useId } from "react";

/** A labelled group of radio buttons, each choice with a short hint of what it means. */
export const RadioChoices = <TValue extends string>({
  name,
  label,
  choices,
  value,
  onChange,
}: {
  name: string;
  label: string;
  choices: readonly { value: TValue; label: string; hint: string }[];
  value: TValue;
  onChange: (value: TValue) => void;
}) => (
  <div className="grid gap-1.5" role="radiogroup" aria-label={label}>
    {choices.map((choice) => (
      <label key={choice.value} className="flex items-start gap-2 text-sm">
        <input
          type="radio"
          name={name}
          className="mt-1 accent-brand-600"
          checked={value === choice.value}
          onChange={() => onChange(choice.value)}
        />
        <span>
          <span className="font-medium text-slate-800">{choice.label}</span>{" "}
          <span className="text-slate-600">— {choice.hint}</span>
        </span>
      </label>
    ))}
  </div>
);

/**
 * A fieldset whose first control chooses the kind of its draft (a spine's source, a split's method); the fields of
 * the chosen kind follow as `children`.
 */
export const KindFieldset = <TKind extends string, TDraft extends { type: TKind }>(
  props: Pick<React.ComponentProps<typeof RadioChoices<TKind>>, "label" | "choices"> & {
    legend: string;
    draft: TDraft;
    onChange: (next: TDraft) => void;
    children: React.ReactNode;
  },
) => {
  const { legend, draft, onChange, children, ...choices } = props;
  const name = useId();
  return (
    <fieldset className="grid gap-3">
      <legend className="mb-1 text-sm font-medium text-slate-800">{legend}</legend>
      <RadioChoices {...choices} name={name} value={draft.type} onChange={(type) => onChange({ ...draft, type })} />
      {children}
    </fieldset>
  );
};
