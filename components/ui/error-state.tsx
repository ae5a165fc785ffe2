import { AlertTriangle, RotateCw } from "lucide-react";
import { ApiError } from "@/lib/client/api";
import { Button } from "./button";

const describe = (error: unknown): { title: string; detail: string } => {
  if (error instanceof ApiError)
    return { title: error.title, detail: error.detail ?? `The server answered ${error.status}.` };
  if (error instanceof Error) return { title: "Something went wrong", detail: error.message };
  return { title: "Something went wrong", detail: "An unexpected error occurred." };
};

/** What went wrong (the problem's detail from the API) and a way to try again. */
export const ErrorState = ({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) => {
  const problem = describe(error);
  return (
    <div role="alert" className="flex flex-col items-center px-6 py-10 text-center">
      <div className="mb-3 flex size-11 items-center justify-center rounded-full bg-red-50 text-red-700">
        <AlertTriangle className="size-5" aria-hidden />
      </div>
      <h2 className="text-sm font-semibold text-slate-900">{title ?? problem.title}</h2>
      <p className="mt-1 max-w-md text-sm text-slate-600">{problem.detail}</p>
      {onRetry && (
        <Button icon={RotateCw} variant="secondary" size="sm" className="mt-4" onClick={onRetry}>
          Try again
        </Button>
      )}
    </div>
  );
};
