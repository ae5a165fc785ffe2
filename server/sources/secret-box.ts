import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getEnv } from "../env";

// Connection passwords at rest (docs/data-sources.md): AES-256-GCM with a 96-bit random IV, the data source's id as
// additional data (a secret copied onto another row does not decrypt), stored as version ‖ IV ‖ tag ‖ ciphertext.
// The key is LARDER_SOURCE_KEY (32 bytes, base64) when configured — required when several processes share one
// database — else 32 random bytes generated once into LARDER_HOME/source-key, like the session secret.

const FORMAT_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

// The key of the configuration it came from (a configured key, or the file of a Larder home), read once.
let cached: { origin: string; key: Buffer } | undefined;

const sourceKey = (): Buffer => {
  const env = getEnv();
  const file = path.resolve(env.LARDER_HOME, "source-key");
  const origin = env.LARDER_SOURCE_KEY ? `env:${env.LARDER_SOURCE_KEY}` : `file:${file}`;
  if (cached?.origin === origin) return cached.key;
  if (env.LARDER_SOURCE_KEY) {
    cached = { origin, key: Buffer.from(env.LARDER_SOURCE_KEY, "base64") };
    return cached.key;
  }
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" });
    } catch (error) {
      // Another process created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  cached = { origin, key: Buffer.from(readFileSync(file, "utf8").trim(), "base64") };
  return cached.key;
};

export const sealSecret = ({ secret, sourceId }: { secret: string; sourceId: string }): Buffer => {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", sourceKey(), iv);
  cipher.setAAD(Buffer.from(sourceId));
  const ciphertext = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return Buffer.concat([Buffer.from([FORMAT_VERSION]), iv, cipher.getAuthTag(), ciphertext]);
};

/** The secret, or an error naming no part of it (a wrong key, a tampered row). */
export const openSecret = ({ sealed, sourceId }: { sealed: Uint8Array; sourceId: string }): string => {
  const bytes = Buffer.from(sealed);
  if (bytes[0] !== FORMAT_VERSION) throw new Error("the stored connection secret has an unknown format");
  const iv = bytes.subarray(1, 1 + IV_BYTES);
  const tag = bytes.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv("aes-256-gcm", sourceKey(), iv);
  decipher.setAAD(Buffer.from(sourceId));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(bytes.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new Error("the stored connection secret cannot be decrypted with this server's key (LARDER_SOURCE_KEY)");
  }
};
