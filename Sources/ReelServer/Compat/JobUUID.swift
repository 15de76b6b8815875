/// A job id written as a UUID, for vendors whose documents and clients use UUIDs: `job_` + a ULID is
/// 128 bits, so each is the other written another way, and nothing needs storing. Any other prefixed
/// ULID (a template's `tpl_`) is written the same way, its prefix given.
enum JobUUID {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// `job_01J…` as `0191…-…`; nil for what is not a job id.
    static func uuid(of jobID: String, prefix: String = "job_") -> String? {
        guard jobID.hasPrefix(prefix) else { return nil }
        let digits = jobID.utf8.dropFirst(prefix.utf8.count)
        guard digits.count == 26 else { return nil }
        var value: UInt128 = 0
        for digit in digits {
            guard let index = alphabet.firstIndex(of: digit) else { return nil }
            value = value << 5 | UInt128(index)
        }
        // 26 digits are 130 bits; a ULID's first digit is at most 7.
        guard digits.first.flatMap({ alphabet.firstIndex(of: $0) }).map({ $0 <= 7 }) == true else { return nil }
        let hex = String(value, radix: 16)
        let padded = String(repeating: "0", count: 32 - hex.count) + hex
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(padded.utf8.dropFirst(range.lowerBound).prefix(range.count))!
        }
        return groups.joined(separator: "-")
    }

    /// The job id a UUID writes; a `job_` id is taken as it is.
    static func jobID(from text: String, prefix: String = "job_") -> String? {
        if text.hasPrefix(prefix) { return text }
        let hex = text.lowercased().filter { $0 != "-" }
        guard text.count == 36, hex.count == 32, var value = UInt128(hex, radix: 16) else { return nil }
        var digits: [UInt8] = []
        for _ in 0..<26 {
            digits.append(alphabet[Int(value & 31)])
            value >>= 5
        }
        return prefix + String(decoding: digits.reversed(), as: UTF8.self)
    }
}
