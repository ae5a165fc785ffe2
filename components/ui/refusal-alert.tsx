import { ApiError } from "@/lib/client/api";
import { Alert } from "./alert";

/** A dialog's refused request: the API's title and each field it names with its message, else the error's message. */
export const RefusalAlert = ({ error, fallbackTitle }: { error: Error; fallbackTitle: string }) => {
  const errors = error instanceof ApiError ? error.errors : [];
  return (
    <Alert tone="danger" title={error instanceof ApiError ? error.title : fallbackTitle}>
      {errors.length > 0 ? (
        <ul className="list-disc pl-4">
          {errors.map((issue) => (
            <li key={`${issue.path}:${issue.message}`}>
              <span className="font-mono">{issue.path}</span>: {issue.message}
            </li>
          ))}
        </ul>
      ) : (
        error.message
      )}
    </Alert>
  );
};
