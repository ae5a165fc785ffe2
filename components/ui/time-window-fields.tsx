import { Field } from "./field";
import { Input } from "./input";

/**
 * A window of event time as two ISO times side by side, each with the API's message for its field
 * (`<path>.start`, `<path>.end`): a backtest's window, a monitor's fixed reference window.
 */
export const TimeWindowFields = ({
  start,
  end,
  onChange,
  fieldError,
  path,
}: {
  start: string;
  end: string;
  onChange: (patch: { start?: string; end?: string }) => void;
  fieldError: (path: string) => string | undefined;
  path: string;
}) => (
  <div className="grid grid-cols-2 gap-3">
    <Field label="From (ISO time)" error={fieldError(`${path}.start`)}>
      {(control) => (
        <Input
          {...control}
          value={start}
          placeholder="2026-01-01T00:00:00Z"
          onValueChange={(value) => onChange({ start: value })}
        />
      )}
    </Field>
    <Field label="Until (ISO time)" error={fieldError(`${path}.end`)}>
      {(control) => (
        <Input
          {...control}
          value={end}
          placeholder="2026-02-01T00:00:00Z"
          onValueChange={(value) => onChange({ end: value })}
        />
      )}
    </Field>
  </div>
);
