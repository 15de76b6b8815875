import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Which hosts a URL from a request may point at. A server refuses loopback,
/// private, link-local, shared, multicast and cloud-metadata addresses unless its
/// operator allows them, so that a timeline or callback cannot reach inside the network.
/// Hosts the operator names (`host` or `host:port`) are allowed wherever they point.
public struct AddressPolicy: Sendable {
    private let allowPrivate: Bool
    private let allowedHosts: Set<String>

    public init(allowPrivate: Bool, allowedHosts: Set<String> = []) {
        self.allowPrivate = allowPrivate
        self.allowedHosts = Set(allowedHosts.map { $0.lowercased() })
    }

    /// Why `url` may not be fetched, or nil if it may. Every address the host resolves to is checked.
    public func refusal(for url: String) -> String? {
        if case .refused(let reason) = check(url) { reason } else { nil }
    }

    /// Whether `url` may be fetched and, for a host name the policy had to resolve, the checked
    /// address to connect to. Every address the host resolves to is checked.
    public func check(_ url: String) -> AddressCheck {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            return .refused("is not an http(s) URL")
        }
        guard let host = parsed.host, !host.isEmpty else { return .refused("has no host") }
        guard !allowPrivate else { return .allowed(nil) }
        let named = host.lowercased()
        if allowedHosts.contains(named) || parsed.port.map({ allowedHosts.contains("\(named):\($0)") }) == true { return .allowed(nil) }
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let addresses = Self.resolve(bare)
        guard let first = addresses.first else { return .refused("names a host that does not resolve (\(bare))") }
        for address in addresses {
            if let kind = Self.internalKind(address) {
                return .refused("resolves to \(address), a \(kind) address; such addresses are refused unless the server allows private URLs")
            }
        }
        // One address is pinned, so AsyncHTTPClient cannot fall back from v6 to v4: prefer v4,
        // which every host that can reach the internet can reach.
        let pinned = addresses.first { !$0.contains(":") } ?? first
        return .allowed(addresses == [bare] ? nil : AddressPin(host: host, address: pinned))
    }

    /// The numeric addresses of `host`: itself if it is a literal, else what the resolver answers, in its order.
    private static func resolve(_ host: String) -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(list) }
        var addresses: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(entry.pointee.ai_addr, entry.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                addresses.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
            cursor = entry.pointee.ai_next
        }
        var seen: Set<String> = []
        return addresses.filter { seen.insert($0).inserted }
    }

    /// What kind of internal address `address` is, or nil for a public one.
    private static func internalKind(_ address: String) -> String? {
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 {
            return internalKind(ipv4: withUnsafeBytes(of: v4.s_addr) { Array($0) })
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, address.split(separator: "%").first.map(String.init) ?? address, &v6) == 1 else { return "unparseable" }
        return internalKind(ipv6: withUnsafeBytes(of: v6) { Array($0) })
    }

    /// An IPv6 address that carries an IPv4 one (mapped, translated, NAT64, 6to4, Teredo) is as
    /// internal as the address it carries: each of them can be routed to it.
    private static func internalKind(ipv6 bytes: [UInt8]) -> String? {
        func starts(_ prefix: [UInt8]) -> Bool { bytes.starts(with: prefix) }
        let zeros = { (count: Int) in [UInt8](repeating: 0, count: count) }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) { return bytes[15] == 1 ? "loopback" : "unspecified" }
        // ::a.b.c.d, IPv4-compatible: deprecated since 2006 and used by nothing public.
        if starts(zeros(12)) { return "IPv4-compatible (deprecated)" }
        if starts(zeros(10) + [0xff, 0xff]) || starts(zeros(8) + [0xff, 0xff, 0, 0]) || starts([0, 0x64, 0xff, 0x9b] + zeros(8))
            || starts([0, 0x64, 0xff, 0x9b, 0, 1])
        {
            return internalKind(ipv4: Array(bytes[12..<16])).map { "IPv4-embedding (carrying \($0))" }
        }
        if starts([0x20, 0x02]) { return internalKind(ipv4: Array(bytes[2..<6])).map { "6to4 (carrying \($0))" } }
        if starts([0x20, 0x01, 0, 0]) {
            // Teredo: the server's IPv4 address in bytes 4-7, the client's inverted in bytes 12-15.
            let kind = internalKind(ipv4: Array(bytes[4..<8])) ?? internalKind(ipv4: bytes[12..<16].map { ~$0 })
            return kind.map { "Teredo (carrying \($0))" }
        }
        if starts([0x01, 0x00] + zeros(6)) { return "discard-only" }
        if bytes[0] & 0xfe == 0xfc { return "private (unique local)" }
        if bytes[0] == 0xfe && bytes[1] & 0xc0 == 0x80 { return "link-local" }
        if bytes[0] == 0xfe && bytes[1] & 0xc0 == 0xc0 { return "site-local (deprecated)" }
        if bytes[0] == 0xff { return "multicast" }
        if starts([0x20, 0x01, 0x0d, 0xb8]) { return "documentation" }
        return nil
    }

    private static func internalKind(ipv4 bytes: [UInt8]) -> String? {
        switch (bytes[0], bytes[1]) {
        case (0, _): "unspecified"
        case (10, _): "private"
        case (100, 64...127): "shared (carrier-grade NAT)"
        case (127, _): "loopback"
        case (169, 254): "link-local or cloud metadata"
        case (172, 16...31): "private"
        case (192, 168): "private"
        case (192, 0) where bytes[2] == 0 || bytes[2] == 2: "reserved"
        case (198, 18...19): "benchmarking"
        case (224...255, _): "multicast or reserved"
        default: nil
        }
    }
}

/// What an ``AddressPolicy`` says of a URL.
public enum AddressCheck: Sendable, Equatable {
    /// It may be fetched, connecting to the pinned address when there is one.
    case allowed(AddressPin?)
    case refused(String)
}

/// A host name and the checked address its connections must go to: a second lookup could answer
/// an internal address (DNS rebinding).
public struct AddressPin: Sendable, Equatable {
    public var host: String
    public var address: String

    public init(host: String, address: String) {
        self.host = host
        self.address = address
    }
}
