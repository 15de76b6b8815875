import Foundation

/// Font files by family: the request's own fonts first, then the system's through fontconfig.
/// drawtext draws with one font file and has no fallback of its own, so for each paragraph with
/// characters its family's font lacks, the book also holds the system font that fontconfig
/// finds for those characters (Noto Sans CJK for Japanese, Symbola for emoji, …).
struct FontBook: Sendable {
    private var files: [String: String] = [:]
    private var fallbacks: [String: String] = [:]
    private var metrics: [String: FontMetrics] = [:]
    /// The folder holding the request's own fonts, for libass.
    private(set) var directory: URL?

    static let fallbackFile = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

    /// The file for `family`; fontconfig's nearest match when neither the request nor the system has it.
    func file(family: String, bold: Bool) -> String {
        files[Self.key(family, bold)] ?? files[Self.key(family, false)] ?? Self.fallbackFile
    }

    /// The font a paragraph is drawn with, and its advance widths (nil when the file cannot be
    /// read as a font): the family's own, or the fallback found for the characters it lacks.
    func face(family: String, bold: Bool, for paragraph: Substring, check: () throws(RenderError) -> Void) throws(RenderError)
        -> (file: String, metrics: FontMetrics?)
    {
        let own = file(family: family, bold: bold)
        guard let ownMetrics = metrics[own],
            let fallback = fallbacks[Self.fallbackKey(family, bold, try Self.missing(paragraph, from: ownMetrics, check: check))]
        else {
            return (own, metrics[own])
        }
        return (fallback, metrics[fallback])
    }

    /// The paragraphs of `text`, split at every kind of line break; `check` is called every few
    /// thousand characters, so that a canceled render stops splitting a long text.
    static func paragraphs(of text: String, check: () throws(RenderError) -> Void) throws(RenderError) -> [Substring] {
        var paragraphs: [Substring] = []
        var start = text.startIndex
        var index = start
        var count = 0
        while index < text.endIndex {
            count += 1
            if count & 4095 == 0 { try check() }
            let next = text.index(after: index)
            if text[index].isNewline {
                paragraphs.append(text[start..<index])
                start = next
            }
            index = next
        }
        return paragraphs + [text[start...]]
    }

    private static func key(_ family: String, _ bold: Bool) -> String { "\(family.lowercased())|\(bold)" }

    private static func fallbackKey(_ family: String, _ bold: Bool, _ missing: [Unicode.Scalar]) -> String {
        key(family, bold) + "|" + missing.map { String($0.value, radix: 16) }.joined(separator: " ")
    }

    /// The characters of `paragraph` that `metrics`' font has no glyph for, in code point order.
    private static func missing(_ paragraph: Substring, from metrics: FontMetrics, check: () throws(RenderError) -> Void) throws(RenderError)
        -> [Unicode.Scalar]
    {
        var missing: Set<Unicode.Scalar> = []
        for (index, scalar) in paragraph.unicodeScalars.enumerated() {
            if index & 4095 == 4095 { try check() }
            if !metrics.covers(scalar) { missing.insert(scalar) }
        }
        return missing.sorted { $0.value < $1.value }
    }

    /// Fallback lookups one render may make: each is a fontconfig process.
    private static let fallbackLookups = 16

    /// Copies the request's fonts into `directory` and looks up every family the timeline's text
    /// names, and a fallback for each of its paragraphs (`families`' values) with characters the font lacks.
    static func make(customFonts: [URL], families: [FontRequest: [Substring]], directory: URL) async throws(RenderError) -> FontBook {
        var book = FontBook()
        if !customFonts.isEmpty {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            book.directory = directory
        }
        for (index, font) in customFonts.enumerated() {
            let copy = directory.appendingPathComponent("font-\(index).\(font.pathExtension.isEmpty ? "ttf" : font.pathExtension)")
            try? FileManager.default.copyItem(at: font, to: copy)
            let output = await fontconfig("fc-scan", ["--format", "%{family}|%{weight}\n", copy.path])
            for line in output.split(separator: "\n") {
                let fields = line.split(separator: "|")
                let bold = fields.count > 1 && (Int(fields[1]) ?? 80) >= 200
                for family in fields.first?.split(separator: ",") ?? [] {
                    book.files[key(String(family), bold)] = book.files[key(String(family), bold)] ?? copy.path
                }
            }
        }
        for request in families.keys where book.files[key(request.family, request.bold)] == nil {
            let match = await fontconfig("fc-match", ["--format", "%{file}", pattern(request)])
            if !match.isEmpty { book.files[key(request.family, request.bold)] = match }
        }
        for file in Set(families.keys.map { book.file(family: $0.family, bold: $0.bold) }) {
            book.metrics[file] = FontMetrics(file: URL(fileURLWithPath: file))
        }
        var lookups = 0
        for (request, paragraphs) in families {
            let own = book.file(family: request.family, bold: request.bold)
            guard let ownMetrics = book.metrics[own] else { continue }
            for paragraph in paragraphs where lookups < fallbackLookups {
                let missing = try missing(paragraph, from: ownMetrics, check: checkNotCanceled)
                let key = fallbackKey(request.family, request.bold, missing)
                guard !missing.isEmpty, book.fallbacks[key] == nil else { continue }
                lookups += 1
                // A pattern of a few dozen characters is enough to find the script's font.
                let charset = missing.prefix(48).map { String($0.value, radix: 16) }.joined(separator: " ")
                let match = await fontconfig("fc-match", ["--format", "%{file}", pattern(request) + ":charset=" + charset])
                guard !match.isEmpty, match != own else { continue }
                if book.metrics[match] == nil { book.metrics[match] = FontMetrics(file: URL(fileURLWithPath: match)) }
                guard let fallbackMetrics = book.metrics[match], missing.contains(where: fallbackMetrics.covers) else { continue }
                book.fallbacks[key] = match
            }
        }
        return book
    }

    /// A fontconfig pattern naming `request`'s family. Validation admits only letters, digits,
    /// spaces, '-', '_' and '.' in a family; of those, '-' would start a size.
    private static func pattern(_ request: FontRequest) -> String {
        request.family.replacingOccurrences(of: "-", with: "\\-") + (request.bold ? ":weight=bold" : "")
    }

    private static func fontconfig(_ tool: String, _ arguments: [String]) async -> String {
        for folder in ["/usr/bin", "/usr/local/bin"] where FileManager.default.isExecutableFile(atPath: "\(folder)/\(tool)") {
            // Generous: a lookup that times out draws the text without its fallback, and under a full machine (the
            // test suite's parallel renders) fc-match once took longer than 10 s. The render's own deadline still holds.
            let result = try? await FFmpegProcess(executable: "\(folder)/\(tool)", arguments: arguments, timeout: .seconds(30)).run()
            return String(decoding: result?.stdout ?? Data(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return ""
    }
}

struct FontRequest: Hashable, Sendable {
    var family: String
    var bold: Bool
}
