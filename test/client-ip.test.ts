import { describe, expect, it } from "vitest";
import * as membersRoute from "@/app/api/v1/projects/[project]/members/route";
import { db } from "@/server/db/client";
import { callRoute, createTestProject, createTestUser } from "@/test/helpers";
import { clientIpFromHeaders, parseTrustedProxies, PEER_ADDRESS_HEADER } from "@/server/client-ip";

// X-Forwarded-For is believed only from a proxy in LARDER_TRUSTED_PROXIES; otherwise the socket's address counts, so
// a client cannot choose the address its sign-in failures are throttled under or that the audit log records.

const PROXIES = parseTrustedProxies("10.0.0.0/8, 192.0.2.1, fd00::/8");
const headers = (peer: string | undefined, forwarded?: string) => ({
  ...(peer !== undefined ? { [PEER_ADDRESS_HEADER]: peer } : {}),
  ...(forwarded !== undefined ? { "x-forwarded-for": forwarded } : {}),
});

describe("the client's address", () => {
  it.each([
    ["a direct client, whatever it forwards", headers("203.0.113.5", "1.2.3.4"), "203.0.113.5"],
    ["a direct client over IPv4-mapped IPv6", headers("::ffff:203.0.113.5", "1.2.3.4"), "203.0.113.5"],
    ["a trusted proxy's client", headers("10.1.2.3", "198.51.100.7"), "198.51.100.7"],
    ["a trusted IPv6 proxy's client", headers("fd00::1", "198.51.100.7"), "198.51.100.7"],
    ["through two trusted proxies", headers("10.1.2.3", "198.51.100.7, 192.0.2.1"), "198.51.100.7"],
    ["what a client forged left of the real hop", headers("10.1.2.3", "6.6.6.6, 198.51.100.7"), "198.51.100.7"],
    ["a trusted proxy that forwards garbage", headers("10.1.2.3", "not-an-ip"), "10.1.2.3"],
    ["a trusted proxy that forwards nothing", headers("10.1.2.3"), "10.1.2.3"],
    ["no socket address (no preload): unknown, never the header", headers(undefined, "1.2.3.4"), null],
    ["a peer header that is not an address", headers("x".repeat(80), "1.2.3.4"), null],
  ])("%s", (_, given, expected) => {
    expect(clientIpFromHeaders(given, PROXIES)).toBe(expected);
  });

  it("with no trusted proxies configured (the default), X-Forwarded-For is ignored by the API's audit log", async () => {
    const [owner, newcomer] = [await createTestUser(), await createTestUser()];
    const project = await createTestProject({ members: [{ userId: owner.id, role: "OWNER" }] });
    const response = await callRoute(
      membersRoute.POST,
      { project: project.name },
      {
        userId: owner.id,
        method: "POST",
        body: { email: newcomer.email, role: "VIEWER" },
        headers: { [PEER_ADDRESS_HEADER]: "203.0.113.9", "x-forwarded-for": "6.6.6.6" },
      },
    );
    expect(response.status).toBe(201);
    const event = await db.auditEvent.findFirstOrThrow({ where: { projectId: project.id, action: "member.add" } });
    expect(event.clientIp).toBe("203.0.113.9");
  });
});
