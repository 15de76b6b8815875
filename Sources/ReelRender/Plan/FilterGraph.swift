import Foundation
import ReelTimeline

/// Builds the text of one FFmpeg filter graph: named streams joined by chains of filters.
struct FilterGraph {
    private(set) var statements: [String] = []
    private var nextLabel = 0

    /// A new stream label, unique within the graph.
    mutating func label(_ hint: String) -> String {
        nextLabel += 1
        return "\(hint)\(nextLabel)"
    }

    /// Adds `[inputs]filters[output]` and returns the output label.
    @discardableResult
    mutating func chain(_ inputs: [String], _ filters: [String], hint: String = "s") -> String {
        let output = label(hint)
        chain(inputs, filters, into: output)
        return output
    }

    mutating func chain(_ inputs: [String], _ filters: [String], into output: String) {
        let sources = inputs.map { "[\($0)]" }.joined()
        statements.append("\(sources)\(filters.joined(separator: ","))[\(output)]")
    }

    var script: String { statements.joined(separator: ";\n") }
}

/// Escapes a value for a filter option inside a filter graph: first for the
/// option parser (`\`, `'`, `:`), then for the graph parser (`\`, `'`, `[`, `]`, `,`, `;`).
/// Whatever the value holds, it stays one option value.
func escapeFilterValue(_ value: String) -> String {
    escape(escape(value, ["\\", "'", ":"]), ["\\", "'", "[", "]", ",", ";"])
}

private func escape(_ value: String, _ specials: Set<Character>) -> String {
    var escaped = ""
    for character in value {
        if specials.contains(character) { escaped.append("\\") }
        escaped.append(character)
    }
    return escaped
}

/// A number as FFmpeg options take it: plain decimal, no exponent.
func num(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e12 { return String(Int64(value)) }
    var text = String(format: "%.6f", value)
    while text.hasSuffix("0") { text.removeLast() }
    return text
}

extension FrameRate {
    /// Numbers a stream's frames at this rate (time base one frame, pts the frame index) and
    /// declares the rate, as xfade and concat expect of all their inputs.
    var frameTiming: [String] { ["settb=\(denominator)/\(numerator)", "setpts=N", "fps=\(self)"] }

    /// Frames in `seconds`, at least one.
    func frames(_ seconds: Double) -> Int { max(1, Int((seconds * value).rounded())) }
}
