import Foundation

/// The advance width of every glyph of a TrueType or OpenType font, read from its `cmap`,
/// `hmtx`, `hhea` and `head` tables, so text is wrapped by the width drawtext will give it; and, for
/// TrueType outlines (`glyf`, `loca`, `maxp`), how far each glyph rises above the baseline.
struct FontMetrics: Sendable {
    private let unitsPerEm: Double
    private let advances: [UInt16]
    private let glyphs: [UInt32: UInt16]
    /// Each glyph's highest point in font units; empty for fonts whose outlines are not TrueType's.
    private let tops: [Int16]

    /// Nil when the file is not an sfnt font (TrueType, OpenType or the first font of a collection).
    init?(file: URL) {
        guard let data = try? Data(contentsOf: file, options: .mappedIfSafe) else { return nil }
        self.init(font: SfntReader(bytes: data))
    }

    private init?(font: SfntReader) {
        var font = font
        if font.tag(at: 0) == "ttcf" {
            guard let first = font.uint32(at: 12) else { return nil }
            font.base = Int(first)
        }
        guard let head = font.table("head"), let unitsPerEm = font.uint16(at: head + 18), unitsPerEm > 0,
            let hhea = font.table("hhea"), let metricCount = font.uint16(at: hhea + 34), metricCount > 0,
            let hmtx = font.table("hmtx"), let cmap = font.table("cmap")
        else { return nil }
        var advances: [UInt16] = []
        for index in 0..<Int(metricCount) {
            guard let advance = font.uint16(at: hmtx + 4 * index) else { return nil }
            advances.append(advance)
        }
        guard let glyphs = font.characterMap(at: cmap) else { return nil }
        self.unitsPerEm = Double(unitsPerEm)
        self.advances = advances
        self.glyphs = glyphs
        tops = Self.tops(font, head: head)
    }

    /// Every glyph's `yMax`, from its `glyf` header; an empty glyph (a space) rises 0.
    private static func tops(_ font: SfntReader, head: Int) -> [Int16] {
        guard let maxp = font.table("maxp"), let count = font.uint16(at: maxp + 4), let loca = font.table("loca"),
            let glyf = font.table("glyf"), let format = font.uint16(at: head + 50)
        else { return [] }
        func offset(_ index: Int) -> Int? {
            format == 0 ? font.uint16(at: loca + 2 * index).map { Int($0) * 2 } : font.uint32(at: loca + 4 * index).map { Int($0) }
        }
        var tops: [Int16] = []
        tops.reserveCapacity(Int(count))
        for index in 0..<Int(count) {
            guard let start = offset(index), let end = offset(index + 1) else { return [] }
            guard end > start else {
                tops.append(0)
                continue
            }
            guard let top = font.uint16(at: glyf + start + 8) else { return [] }
            tops.append(Int16(bitPattern: top))
        }
        return tops
    }

    /// How far the highest glyph of `text` rises above the baseline at `size` pixels, to the nearest pixel, as
    /// drawtext's `max_glyph_a` measures it once FreeType has hinted the outline to the pixel grid;
    /// nil without TrueType outlines.
    func ascent(of text: Substring, size: Double) -> Double? {
        guard !tops.isEmpty else { return nil }
        let highest = text.unicodeScalars.map { tops[min(Int(glyphs[$0.value] ?? 0), tops.count - 1)] }.max() ?? 0
        return (Double(highest) * size / unitsPerEm).rounded()
    }

    /// Whether the font has a glyph for `scalar`; spaces and invisible marks need none.
    func covers(_ scalar: Unicode.Scalar) -> Bool {
        glyphs[scalar.value] != nil || scalar.properties.isWhitespace || scalar.properties.isDefaultIgnorableCodePoint
    }

    /// How wide `text` is drawn at `size` pixels. drawtext advances one glyph per code point
    /// by its hinted width, whole pixels; a missing glyph is drawn as glyph 0.
    func width(of text: Substring, size: Double) -> Double {
        text.unicodeScalars.reduce(0) { total, scalar in
            let glyph = Int(glyphs[scalar.value] ?? 0)
            let advance = advances[min(glyph, advances.count - 1)]
            return total + (Double(advance) * size / unitsPerEm).rounded()
        }
    }
}

/// Bounds-checked big-endian reads from an sfnt file; every read past the end is nil.
private struct SfntReader {
    /// Mapped rather than read: a font may be large, and only its tables' few bytes are read.
    let bytes: Data
    /// Where the font starts: 0, or the first font's offset inside a collection.
    var base = 0

    func uint16(at offset: Int) -> UInt16? {
        guard offset >= 0, offset + 2 <= bytes.count else { return nil }
        let start = bytes.startIndex + offset
        return UInt16(bytes[start]) << 8 | UInt16(bytes[start + 1])
    }

    func uint32(at offset: Int) -> UInt32? {
        guard let high = uint16(at: offset), let low = uint16(at: offset + 2) else { return nil }
        return UInt32(high) << 16 | UInt32(low)
    }

    func tag(at offset: Int) -> String? {
        guard offset >= 0, offset + 4 <= bytes.count else { return nil }
        let start = bytes.startIndex + offset
        return String(decoding: bytes[start..<start + 4], as: UTF8.self)
    }

    /// The file offset of the table named `name`.
    func table(_ name: String) -> Int? {
        guard let count = uint16(at: base + 4) else { return nil }
        for index in 0..<Int(count) {
            let record = base + 12 + 16 * index
            if tag(at: record) == name, let offset = uint32(at: record + 8) { return Int(offset) }
        }
        return nil
    }

    /// Code point → glyph from the best Unicode subtable: full-range (format 12) before BMP-only (format 4).
    func characterMap(at cmap: Int) -> [UInt32: UInt16]? {
        guard let count = uint16(at: cmap + 2) else { return nil }
        var subtables: [(format: UInt16, offset: Int)] = []
        for index in 0..<Int(count) {
            let record = cmap + 4 + 8 * index
            guard let platform = uint16(at: record), let encoding = uint16(at: record + 2),
                let offset = uint32(at: record + 4), let format = uint16(at: cmap + Int(offset))
            else { return nil }
            let unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10))
            if unicode, format == 12 || format == 4 { subtables.append((format, cmap + Int(offset))) }
        }
        guard let best = subtables.max(by: { $0.format < $1.format }) else { return nil }
        return best.format == 12 ? segmentedCoverage(at: best.offset) : segmentMapping(at: best.offset)
    }

    /// More code points than any real font maps: a file claiming more is refused rather than read.
    private static let mappingLimit = 300_000

    private func segmentedCoverage(at table: Int) -> [UInt32: UInt16]? {
        guard let groups = uint32(at: table + 12) else { return nil }
        var map: [UInt32: UInt16] = [:]
        for index in 0..<Int(groups) {
            let group = table + 16 + 12 * index
            guard let first = uint32(at: group), let last = uint32(at: group + 4), let glyph = uint32(at: group + 8),
                first <= last, last <= 0x10FFFF, Int(last - first) < Self.mappingLimit - map.count
            else { return nil }
            for scalar in first...last { map[scalar] = UInt16(truncatingIfNeeded: glyph + (scalar - first)) }
        }
        return map
    }

    private func segmentMapping(at table: Int) -> [UInt32: UInt16]? {
        guard let doubled = uint16(at: table + 6) else { return nil }
        let segments = Int(doubled) / 2
        let ends = table + 14
        let starts = ends + 2 * segments + 2
        let deltas = starts + 2 * segments
        let rangeOffsets = deltas + 2 * segments
        var map: [UInt32: UInt16] = [:]
        var budget = Self.mappingLimit
        for segment in 0..<segments {
            guard let end = uint16(at: ends + 2 * segment), let start = uint16(at: starts + 2 * segment),
                let delta = uint16(at: deltas + 2 * segment), let rangeOffset = uint16(at: rangeOffsets + 2 * segment)
            else { return nil }
            guard start <= end, start != 0xFFFF else { continue }
            budget -= Int(end - start) + 1
            guard budget >= 0 else { return nil }
            for code in start...end {
                var glyph: UInt16
                if rangeOffset == 0 {
                    glyph = code &+ delta
                } else {
                    let slot = rangeOffsets + 2 * segment + Int(rangeOffset) + 2 * Int(code - start)
                    guard let raw = uint16(at: slot) else { return nil }
                    glyph = raw == 0 ? 0 : raw &+ delta
                }
                if glyph != 0 { map[UInt32(code)] = glyph }
            }
        }
        return map
    }
}
