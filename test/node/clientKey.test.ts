// The rate limiter's key for a request: the client's IPv4 address, or its IPv6 /64, or one shared key.
import { describe, expect, it } from "vitest";
import { clientKey, NO_CLIENT_IP_KEY } from "../../src/edge/clientKey";

const keyOf = (ip?: string) =>
  clientKey(new Request("http://ayame.test/", { headers: ip === undefined ? {} : { "cf-connecting-ip": ip } }));

describe("clientKey", () => {
  it("is the IPv4 address as is", () => {
    expect(keyOf("203.0.113.7")).toBe("203.0.113.7");
  });

  it.each([
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["2001:DB8:1:2::ffff", "2001:db8:1:2::/64"],
    ["2001:0db8:0001:0002::", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["2001:db8:0:0:1::1", "2001:db8:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    ["1::2:3:4:5:6:7", "1:0:2:3::/64"],
    ["1:2:3:4:5:6:7::", "1:2:3:4::/64"],
    [" 2001:db8::1 ", "2001:db8:0:0::/64"],
  ])("is the /64 of an IPv6 address (%s)", (ip, key) => {
    expect(keyOf(ip)).toBe(key);
  });

  it("keeps a whole IPv6 address with an embedded IPv4 one", () => {
    expect(keyOf("::ffff:192.0.2.1")).toBe("::ffff:192.0.2.1");
  });

  it.each(["1:2:3:4:5:6:7:8:9", "1::2::3", "2001:db8:zz::1", "1:2:3", "12345::1", "x1::1", "1::2:3:4:5:6:7:8"])(
    "keeps what is not an IPv6 address as is (%s)",
    (ip) => {
      expect(keyOf(ip)).toBe(ip);
    },
  );

  it("is one shared key without CF-Connecting-IP", () => {
    expect(keyOf()).toBe(NO_CLIENT_IP_KEY);
    expect(keyOf("  ")).toBe(NO_CLIENT_IP_KEY);
  });
});
