import Foundation
import Synchronization

/// Prefixed, random, time-sortable ids: `job_` + a ULID (48 bits of milliseconds, 80 random bits, Crockford base32).
public enum Identifier {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    /// The last id's millisecond and random part: ids made in the same millisecond count up from it,
    /// so that the files of one upload, say, list in the order they were sent.
    private static let last = Mutex<(milliseconds: UInt64, random: [Int])>((0, []))

    public static func make(_ prefix: String, at date: Date = Date()) -> String {
        let milliseconds = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        let random = last.withLock { last in
            if last.milliseconds == milliseconds, let next = increment(last.random) {
                last.random = next
            } else {
                var generator = SystemRandomNumberGenerator()
                last = (milliseconds, (0..<16).map { _ in Int(generator.next() % 32) })
            }
            return last.random
        }
        var characters: [Character] = []
        for shift in stride(from: 45, through: 0, by: -5) {
            characters.append(alphabet[Int((milliseconds >> UInt64(shift)) & 31)])
        }
        for digit in random { characters.append(alphabet[digit]) }
        return prefix + "_" + String(characters)
    }

    /// The next 80-bit number in base 32, or nil past the largest.
    private static func increment(_ digits: [Int]) -> [Int]? {
        var digits = digits
        for index in digits.indices.reversed() {
            if digits[index] < 31 {
                digits[index] += 1
                return digits
            }
            digits[index] = 0
        }
        return nil
    }

    /// `bytes` random bytes as lowercase hex, for secrets.
    public static func randomHex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return String(byte >> 4, radix: 16) + String(byte & 15, radix: 16)
        }.joined()
    }
}
