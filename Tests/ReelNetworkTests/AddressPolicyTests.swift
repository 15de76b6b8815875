import ReelNetwork
import Testing

@Suite struct AddressPolicyTests {
    @Test(arguments: [
        "http://127.0.0.1/a.png", "http://localhost:8080/a.png", "http://10.0.0.7/a", "http://172.20.1.1/a", "http://192.168.1.1/a",
        "http://169.254.169.254/latest/meta-data", "http://100.64.0.1/a", "http://0.0.0.0/a", "http://[::1]/a", "http://[fe80::1]/a",
        "http://[fd00::1]/a", "http://[::ffff:10.0.0.1]/a", "http://[::ffff:127.0.0.1]/a", "http://224.0.0.1/a",
        // IPv6 forms that carry an internal IPv4 address: compatible, translated, NAT64, 6to4, Teredo.
        "http://[::127.0.0.1]/a", "http://[::a00:1]/a", "http://[::ffff:0:7f00:1]/a", "http://[64:ff9b::7f00:1]/a",
        "http://[64:ff9b:1::a00:1]/a", "http://[2002:7f00:1::]/a", "http://[2002:a9fe:a9fe::1]/a",
        "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/a", "http://[100::1]/a", "http://[fec0::1]/a",
    ])
    func internalAddressesAreRefused(_ url: String) {
        #expect(AddressPolicy(allowPrivate: false).refusal(for: url) != nil)
        #expect(AddressPolicy(allowPrivate: true).refusal(for: url) == nil)
    }

    @Test(arguments: [
        "http://8.8.8.8/a.png", "https://1.1.1.1/a.mp4", "http://[2606:4700::1111]/a", "http://[2002:808:808::1]/a", "http://[64:ff9b::808:808]/a",
    ])
    func publicAddressesAreAllowed(_ url: String) {
        #expect(AddressPolicy(allowPrivate: false).refusal(for: url) == nil)
    }

    @Test func onlyHTTPURLsWithAHostAreFetched() {
        for url in ["ftp://8.8.8.8/a", "file:///etc/passwd", "http:///a", "gopher://x"] {
            #expect(AddressPolicy(allowPrivate: true).refusal(for: url) != nil, "\(url)")
        }
    }

    @Test func namedHostsAreAllowedOnTheirPortOrAny() {
        let policy = AddressPolicy(allowPrivate: false, allowedHosts: ["127.0.0.1:9000", "LocalHost"])
        #expect(policy.refusal(for: "http://127.0.0.1:9000/a.png") == nil)
        #expect(policy.refusal(for: "http://127.0.0.1:9001/a.png") != nil)
        #expect(policy.refusal(for: "http://localhost:1234/a.png") == nil)
        #expect(policy.refusal(for: "http://10.0.0.1/a.png") != nil)
    }

    @Test func onlyANameTheResolverAnsweredIsPinned() {
        let policy = AddressPolicy(allowPrivate: false, allowedHosts: ["localhost"])
        #expect(policy.check("http://8.8.8.8/a.png") == .allowed(nil))
        #expect(policy.check("http://localhost:8080/a.png") == .allowed(nil))
        #expect(AddressPolicy(allowPrivate: true).check("http://example.invalid/a.png") == .allowed(nil))
        guard case .refused = policy.check("http://127.0.0.1/a.png") else {
            Issue.record("loopback was not refused")
            return
        }
    }
}
