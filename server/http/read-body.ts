import "server-only";
import { BadRequestError, PayloadTooLargeError } from "../errors";

/** Reads a JSON body without ever holding more than `maxBytes` of it. */
export const readJsonBody = async (request: Request, maxBytes: number): Promise<unknown> => {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes)
    throw new PayloadTooLargeError(`Request body is larger than ${maxBytes} bytes`);
  if (!request.body) throw new BadRequestError("Request body is missing");
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new PayloadTooLargeError(`Request body is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text.trim()) throw new BadRequestError("Request body is empty; expected JSON");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BadRequestError(`Malformed JSON: ${(error as Error).message}`);
  }
};
