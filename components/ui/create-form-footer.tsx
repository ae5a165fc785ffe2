import Link from "next/link";
import { Alert } from "./alert";
import { Button } from "./button";

/**
 * The end of a full-page create form (a new feature group, a new feature view): why the last attempt failed, then
 * an optional note, Cancel (back to the list) and "Create <noun>".
 */
export const CreateFormFooter = ({
  noun,
  problem,
  cancelHref,
  isPending,
  note,
}: {
  noun: string;
  problem: React.ReactNode;
  cancelHref: string;
  isPending: boolean;
  note?: React.ReactNode;
}) => (
  <>
    {problem && (
      <Alert tone="danger" title={`The ${noun} was not created`}>
        {problem}
      </Alert>
    )}
    <div className="flex items-center justify-end gap-2">
      {note && <p className="mr-auto text-sm text-slate-600">{note}</p>}
      <Button asChild variant="secondary">
        <Link href={cancelHref}>Cancel</Link>
      </Button>
      <Button type="submit" isLoading={isPending}>
        Create {noun}
      </Button>
    </div>
  </>
);
