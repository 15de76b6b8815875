import Foundation
import Testing

/// A plain TCP connection to a loopback port, for clients that misbehave at the byte level:
/// silent, slow, or sending less or more than they announce.
final class RawConnection: @unchecked Sendable {
    private let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        try #require(connected, "cannot connect to 127.0.0.1:\(port)")
    }

    deinit { close(descriptor) }

    /// Sends all of `bytes`; false if the peer stopped taking them for `timeout` seconds or closed.
    @discardableResult
    func send(_ bytes: some Collection<UInt8>, timeout: Double = 5) -> Bool {
        setTimeout(SO_SNDTIMEO, timeout)
        var remaining = Array(bytes)[...]
        while !remaining.isEmpty {
            let sent = remaining.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { return false }
            remaining = remaining.dropFirst(sent)
        }
        return true
    }

    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Reads until what arrived contains `marker`, the peer closes, or `timeout` seconds pass; what arrived.
    func read(until marker: String, timeout: Double) async throws -> String {
        try await offPool { [self] in
            let deadline = Date().addingTimeInterval(timeout)
            var received = Data()
            var buffer = [UInt8](repeating: 0, count: 65536)
            while Date() < deadline, !String(decoding: received, as: UTF8.self).contains(marker) {
                setTimeout(SO_RCVTIMEO, max(0.01, deadline.timeIntervalSinceNow))
                let count = recv(descriptor, &buffer, buffer.count, 0)
                if count == 0 { break }
                if count < 0 {
                    if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { continue }
                    break
                }
                received.append(contentsOf: buffer[0..<count])
            }
            return String(decoding: received, as: UTF8.self)
        }
    }

    /// Reads until the peer closes or `timeout` seconds pass; whether it closed, and what it sent.
    func readUntilClosed(timeout: Double) async throws -> (closed: Bool, received: String) {
        try await offPool { [self] in
            let deadline = Date().addingTimeInterval(timeout)
            var received = Data()
            var buffer = [UInt8](repeating: 0, count: 65536)
            while Date() < deadline {
                setTimeout(SO_RCVTIMEO, max(0.01, deadline.timeIntervalSinceNow))
                let count = recv(descriptor, &buffer, buffer.count, 0)
                if count == 0 { return (true, String(decoding: received, as: UTF8.self)) }
                if count < 0 {
                    if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { continue }
                    return (true, String(decoding: received, as: UTF8.self))
                }
                received.append(contentsOf: buffer[0..<count])
            }
            return (false, String(decoding: received, as: UTF8.self))
        }
    }

    private func setTimeout(_ option: Int32, _ seconds: Double) {
        var value = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - seconds.rounded(.down)) * 1_000_000))
        setsockopt(descriptor, SOL_SOCKET, option, &value, socklen_t(MemoryLayout<timeval>.size))
    }
}
