import { Alert } from "@/components/ui/alert";
import { CopyButton } from "@/components/ui/copy-button";
import { Label } from "@/components/ui/label";

/** The one moment an API key's secret is visible: the server stores only its hash. */
export const SecretReveal = ({ secret }: { secret: string }) => (
  <div className="grid gap-4">
    <Alert tone="warning" title="Copy the secret now">
      This is the only time it is shown. Store it somewhere safe, such as a secrets manager; if you lose it, revoke the
      key and create a new one.
    </Alert>
    <div className="grid gap-1.5">
      <Label htmlFor="api-key-secret">API key secret</Label>
      <div className="flex gap-2">
        <input
          id="api-key-secret"
          readOnly
          value={secret}
          onFocus={(event) => event.currentTarget.select()}
          className="h-9 min-w-0 flex-1 rounded-md border border-slate-300 bg-slate-50 px-3 font-mono text-sm text-slate-900"
        />
        <CopyButton value={secret} label="Copy secret" className="h-9" />
      </div>
    </div>
  </div>
);
