import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { forgetEnv } from "@/server/env";
import { openSecret, sealSecret } from "./secret-box";

// Connection passwords at rest (docs/data-sources.md "Secrets"): AES-256-GCM under a key generated into the Larder
// home on first use, or given by configuration (LARDER_SOURCE_KEY); bound to its data source; a wrong key or a
// tampered row is an error that names the setting, never the secret.

const homes: string[] = [];
const saved = { home: process.env.LARDER_HOME, key: process.env.LARDER_SOURCE_KEY };
const useEnv = ({ home, key }: { home?: string; key?: string }) => {
  if (home) process.env.LARDER_HOME = home;
  if (key) process.env.LARDER_SOURCE_KEY = key;
  else delete process.env.LARDER_SOURCE_KEY;
  forgetEnv();
};
const newHome = () => {
  const home = mkdtempSync(path.join(os.tmpdir(), "larder-secret-"));
  homes.push(home);
  return home;
};
const SECRET = "s3cr3t-Pässword";
const key = () => randomBytes(32).toString("base64");

afterEach(() => useEnv(saved));
afterAll(() => {
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

describe("connection secrets", () => {
  it("are sealed under a key generated once into the Larder home (0600), and bound to their data source", () => {
    const home = newHome();
    useEnv({ home });
    const sealed = sealSecret({ secret: SECRET, sourceId: "src_a" });
    const keyFile = path.join(home, "source-key");
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(keyFile, "utf8").trim(), "base64")).toHaveLength(32);
    expect(sealed.toString("latin1")).not.toContain(SECRET);
    // A fresh IV each time: the same secret never seals to the same bytes.
    expect(sealSecret({ secret: SECRET, sourceId: "src_a" }).equals(sealed)).toBe(false);
    expect(openSecret({ sealed, sourceId: "src_a" })).toBe(SECRET);
    expect(() => openSecret({ sealed, sourceId: "src_b" })).toThrow(/cannot be decrypted/);
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] ^= 1;
    expect(() => openSecret({ sealed: tampered, sourceId: "src_a" })).toThrow(/cannot be decrypted/);
    // The file is kept: another process (or a restart) with the same home opens the secret.
    useEnv({ home: newHome() });
    useEnv({ home });
    expect(openSecret({ sealed, sourceId: "src_a" })).toBe(SECRET);
  });

  it("use LARDER_SOURCE_KEY when configured; another key cannot open them, and says which setting", () => {
    const home = newHome();
    const configured = key();
    useEnv({ home, key: configured });
    const sealed = sealSecret({ secret: SECRET, sourceId: "src_a" });
    expect(() => statSync(path.join(home, "source-key"))).toThrow();
    expect(openSecret({ sealed, sourceId: "src_a" })).toBe(SECRET);
    useEnv({ home, key: key() });
    let message = "";
    try {
      openSecret({ sealed, sourceId: "src_a" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("LARDER_SOURCE_KEY");
    expect(message).not.toContain(SECRET);
  });
});
