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
