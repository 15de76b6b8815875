import Foundation

/// The format and size of a still image, read from its header: no process to start for the
/// images that make up most uploads. Formats are those the README's image asset lists.
struct ImageHeader: Equatable {
    var mimeType: String
    var fileExtension: String
    var width: Int
    var height: Int

    /// The largest side accepted: FFmpeg's own limit for a picture is of this order.
    static let maxSide = 32768

    /// JPEG's size comes after its metadata segments, which may fill the first tens of kilobytes.
    static let bytesNeeded = 256 * 1024

    init?(_ bytes: [UInt8]) {
        guard let (mimeType, fileExtension, width, height) = Self.png(bytes) ?? Self.gif(bytes) ?? Self.bmp(bytes) ?? Self.webp(bytes) ?? Self.jpeg(bytes),
            (1...Self.maxSide).contains(width), (1...Self.maxSide).contains(height)
        else { return nil }
        (self.mimeType, self.fileExtension, self.width, self.height) = (mimeType, fileExtension, width, height)
    }

    private typealias Found = (String, String, Int, Int)

    private static func png(_ b: [UInt8]) -> Found? {
        guard b.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), b.count >= 24, b[12..<16].elementsEqual("IHDR".utf8) else { return nil }
        return ("image/png", "png", bigEndian(b, 16, 4), bigEndian(b, 20, 4))
    }

    private static func gif(_ b: [UInt8]) -> Found? {
        guard b.count >= 10, b.starts(with: Array("GIF87a".utf8)) || b.starts(with: Array("GIF89a".utf8)) else { return nil }
        return ("image/gif", "gif", littleEndian(b, 6, 2), littleEndian(b, 8, 2))
    }

    private static func bmp(_ b: [UInt8]) -> Found? {
        guard b.count >= 26, b.starts(with: Array("BM".utf8)), littleEndian(b, 14, 4) >= 40 else { return nil }
        let height = Int32(truncatingIfNeeded: littleEndian(b, 22, 4))
        return ("image/bmp", "bmp", littleEndian(b, 18, 4), Int(height.magnitude))
    }

    private static func webp(_ b: [UInt8]) -> Found? {
        guard b.count >= 30, b.starts(with: Array("RIFF".utf8)), b[8..<12].elementsEqual("WEBP".utf8) else { return nil }
        switch String(decoding: b[12..<16], as: UTF8.self) {
        case "VP8 ": return ("image/webp", "webp", littleEndian(b, 26, 2) & 0x3FFF, littleEndian(b, 28, 2) & 0x3FFF)
        case "VP8L":
            let bits = littleEndian(b, 21, 4)
            return ("image/webp", "webp", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
        case "VP8X": return ("image/webp", "webp", littleEndian(b, 24, 3) + 1, littleEndian(b, 27, 3) + 1)
        default: return nil
        }
    }

    /// Walks the segments to the first frame header (SOF0–SOF15 but DHT, JPG and DAC).
    private static func jpeg(_ b: [UInt8]) -> Found? {
        guard b.starts(with: [0xFF, 0xD8]) else { return nil }
        var index = 2
        while index + 9 < b.count {
            guard b[index] == 0xFF else { return nil }
            let marker = b[index + 1]
            if marker == 0xFF {
                index += 1
                continue
            }
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                return ("image/jpeg", "jpg", bigEndian(b, index + 7, 2), bigEndian(b, index + 5, 2))
            }
            // Markers without a length: start of image, restarts, and the temporary marker.
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) {
                index += 2
                continue
            }
            index += 2 + bigEndian(b, index + 2, 2)
        }
        return nil
    }

    private static func bigEndian(_ b: [UInt8], _ at: Int, _ count: Int) -> Int {
        b[at..<at + count].reduce(0) { $0 << 8 | Int($1) }
    }

    private static func littleEndian(_ b: [UInt8], _ at: Int, _ count: Int) -> Int {
        b[at..<at + count].reversed().reduce(0) { $0 << 8 | Int($1) }
    }
}
