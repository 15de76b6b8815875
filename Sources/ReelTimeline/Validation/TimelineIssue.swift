/// One reason a request was refused, with the JSON path of the field at fault.
public struct TimelineIssue: Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case invalidRequest = "INVALID_REQUEST"
        case invalidTimeline = "INVALID_TIMELINE"
        case unsupportedFeature = "UNSUPPORTED_FEATURE"
        case invalidAsset = "INVALID_ASSET"
    }

    public var code: Code
    public var path: String
    public var message: String

    public init(code: Code, path: String, message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// The issues found in a request, up to a bound, and how many more there were; the first decides the error code.
public struct TimelineValidationError: Error, Sendable, CustomStringConvertible {
    public var issues: [TimelineIssue]
    /// Issues found beyond those listed.
    public var unlisted: Int

    public init(_ issues: [TimelineIssue], unlisted: Int = 0) {
        precondition(!issues.isEmpty)
        self.issues = issues
        self.unlisted = unlisted
    }

    public var code: TimelineIssue.Code { issues[0].code }

    public var description: String { lines.joined(separator: "\n") }

    /// Each issue, then the count of those not listed.
    public var lines: [String] {
        issues.map(\.description) + (unlisted > 0 ? ["and \(unlisted) more issues"] : [])
    }
}
