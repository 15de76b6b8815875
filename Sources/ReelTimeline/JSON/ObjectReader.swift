/// Collects issues while a request is read, so that one answer lists them all: the first
/// `maxListed` of them, and a count of the rest, so that a refusal stays small whatever the request.
final class IssueLog {
    static let maxListed = 50
    /// Paths are cut to this many characters: a key may be as long as the body.
    static let maxPathLength = 200

    private(set) var issues: [TimelineIssue] = []
    private(set) var unlisted = 0

    var isEmpty: Bool { issues.isEmpty }

    var error: TimelineValidationError { TimelineValidationError(issues, unlisted: unlisted) }

    /// The code of `invalid` issues: the timeline's rules, but `INVALID_REQUEST` while the fields
    /// around a timeline are read (a template's name and inputs, the body of a template render).
    private var invalidCode = TimelineIssue.Code.invalidTimeline

    func invalid(_ path: String, _ message: String) {
        record(invalidCode, path, message)
    }

    /// Reads with `read`, its invalid values counted as the request's rather than the timeline's.
    func readingRequestFields<Value>(_ read: () -> Value) -> Value {
        invalidCode = .invalidRequest
        defer { invalidCode = .invalidTimeline }
        return read()
    }

    func unsupported(_ path: String, _ message: String) {
        record(.unsupportedFeature, path, message)
    }

    /// Takes the issues of a check that ran on its own, such as the schedule's.
    func add(_ error: TimelineValidationError) {
        for issue in error.issues { record(issue.code, issue.path, issue.message) }
        unlisted += error.unlisted
    }

    /// How many more issues will be listed.
    var room: Int { Self.maxListed - issues.count }

    func countUnlisted(_ count: Int) { unlisted += count }

    private func record(_ code: TimelineIssue.Code, _ path: String, _ message: String) {
        guard issues.count < Self.maxListed else {
            unlisted += 1
            return
        }
        let shownPath = path.count > Self.maxPathLength ? path.prefix(Self.maxPathLength) + "…" : path
        issues.append(TimelineIssue(code: code, path: shownPath, message: message))
    }
}

func joinPath(_ base: String, _ key: String) -> String { base.isEmpty ? key : "\(base).\(key)" }

/// Reads the fields of one JSON object, recording an issue with the field's path
/// for each bad value and, at `finish()`, for each field it never asked about.
final class ObjectReader {
    let path: String
    let log: IssueLog
    private let fields: [String: JSONValue]
    private var read: Set<String> = []

    init?(_ value: JSONValue, at path: String, log: IssueLog) {
        guard case .object(let fields) = value else {
            log.invalid(path, "must be an object, not \(value.typeName)")
            return nil
        }
        self.fields = fields
        self.path = path
        self.log = log
    }

    func path(_ key: String) -> String { joinPath(path, key) }

    /// The field's value; nil when absent or null.
    func value(_ key: String) -> JSONValue? {
        read.insert(key)
        guard let value = fields[key], value != .null else { return nil }
        return value
    }

    func has(_ key: String) -> Bool { value(key) != nil }

    func required(_ key: String) -> JSONValue? {
        guard let value = value(key) else {
            log.invalid(path(key), "is required")
            return nil
        }
        return value
    }

    func number(_ key: String, in range: ClosedRange<Double>? = nil) -> Double? {
        guard let value = value(key) else { return nil }
        return readNumber(value, at: path(key), in: range, log: log)
    }

    func string(_ key: String, required: Bool = false, maxLength: Int = 2048) -> String? {
        guard let value = required ? self.required(key) : self.value(key) else { return nil }
        guard case .string(let text) = value else {
            log.invalid(path(key), "must be a string, not \(value.typeName)")
            return nil
        }
        // Bytes first: counting code points, then characters, of a long string is work in itself.
        let maxCodePoints = 4 * maxLength
        guard text.utf8.count <= 4 * maxCodePoints, text.unicodeScalars.count <= maxCodePoints, text.count <= maxLength else {
            log.invalid(path(key), "must be at most \(maxLength) characters and \(maxCodePoints) Unicode code points long")
            return nil
        }
        return text
    }

    func bool(_ key: String) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else {
            log.invalid(path(key), "must be true or false, not \(value.typeName)")
            return nil
        }
        return flag
    }

    func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, as type: Choice.Type = Choice.self) -> Choice?
    where Choice.RawValue == String {
        guard let text = string(key) else { return nil }
        return readChoice(text, at: path(key), log: log)
    }

    func object(_ key: String) -> ObjectReader? {
        guard let value = value(key) else { return nil }
        return ObjectReader(value, at: path(key), log: log)
    }

    func array(_ key: String, maxCount: Int) -> [JSONValue]? {
        guard let value = value(key) else { return nil }
        guard case .array(let items) = value else {
            log.invalid(path(key), "must be an array, not \(value.typeName)")
            return nil
        }
        guard items.count <= maxCount else {
            log.invalid(path(key), "must have at most \(maxCount) items")
            return nil
        }
        return items
    }

    /// Reports every field that was present but never read: Reel does not implement it. Only
    /// the first few, in key order, are listed: sorting all the keys of a huge object would cost
    /// more than reading it, so the rest are only counted.
    func finish() {
        let unread = fields.keys.filter { !read.contains($0) }
        let listed = smallest(log.room, of: unread)
        for key in listed {
            log.unsupported(path(key), "is not a field Reel supports here")
        }
        log.countUnlisted(unread.count - listed.count)
    }
}

func readNumber(_ value: JSONValue, at path: String, in range: ClosedRange<Double>?, log: IssueLog) -> Double? {
    guard case .number(let number) = value, number.isFinite else {
        log.invalid(path, "must be a number, not \(value.typeName)")
        return nil
    }
    if let range, !range.contains(number) {
        log.invalid(path, "must be between \(format(range.lowerBound)) and \(format(range.upperBound))")
        return nil
    }
    return number
}

func readChoice<Choice: RawRepresentable & CaseIterable>(_ text: String, at path: String, log: IssueLog) -> Choice?
where Choice.RawValue == String {
    if let choice = Choice(rawValue: text) { return choice }
    let allowed = Choice.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
    log.invalid(path, "must be one of \(allowed)")
    return nil
}

/// Formats a number without a trailing ".0" for messages.
func format(_ number: Double) -> String {
    number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
}

/// The `count` smallest of `keys`, in order, in one pass: each key is compared with the largest kept so far.
func smallest(_ count: Int, of keys: [String]) -> [String] {
    guard count > 0 else { return [] }
    var kept: [String] = []
    for key in keys where kept.count < count || key < kept[kept.count - 1] {
        let index = kept.firstIndex { key < $0 } ?? kept.count
        kept.insert(key, at: index)
        if kept.count > count { kept.removeLast() }
    }
    return kept
}
