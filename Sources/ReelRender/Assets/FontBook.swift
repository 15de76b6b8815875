import Foundation

/// Font files by family: the request's own fonts first, then the system's through fontconfig.
struct FontBook: Sendable {
    private var files: [String: String] = [:]
    private var metrics: [String: FontMetrics] = [:]
    /// The folder holding the request's own fonts, for libass.
    private(set) var directory: URL?

    static let fallbackFile = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

    /// The file for `family`; fontconfig's nearest match when neither the request nor the system has it.
    func file(family: String, bold: Bool) -> String {
        files[Self.key(family, bold)] ?? files[Self.key(family, false)] ?? Self.fallbackFile
    }

    /// The advance widths of the file `file(family:bold:)` gives; nil when that file cannot be read as a font.
    func metrics(family: String, bold: Bool) -> FontMetrics? {
        metrics[file(family: family, bold: bold)]
    }

    private static func key(_ family: String, _ bold: Bool) -> String { "\(family.lowercased())|\(bold)" }

    /// Copies the request's fonts into `directory` and looks up every family the timeline names.
    static func make(customFonts: [URL], families: Set<FontRequest>, directory: URL) async -> FontBook {
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
        for request in families where book.files[key(request.family, request.bold)] == nil {
            let pattern = request.family.replacingOccurrences(of: "-", with: "\\-") + (request.bold ? ":weight=bold" : "")
            let match = await fontconfig("fc-match", ["--format", "%{file}", pattern])
            if !match.isEmpty { book.files[key(request.family, request.bold)] = match }
        }
        if !families.isEmpty {
            for file in Set(book.files.values).union([fallbackFile]) { book.metrics[file] = FontMetrics(file: URL(fileURLWithPath: file)) }
        }
        return book
    }

    private static func fontconfig(_ tool: String, _ arguments: [String]) async -> String {
        for folder in ["/usr/bin", "/usr/local/bin"] where FileManager.default.isExecutableFile(atPath: "\(folder)/\(tool)") {
            let result = try? await FFmpegProcess(executable: "\(folder)/\(tool)", arguments: arguments, timeout: .seconds(10)).run()
            return String(decoding: result?.stdout ?? Data(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return ""
    }
}

struct FontRequest: Hashable, Sendable {
    var family: String
    var bold: Bool
}
