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

/// Every issue found in a request; the first decides the error code.
public struct TimelineValidationError: Error, Sendable, CustomStringConvertible {
    public var issues: [TimelineIssue]

    public init(_ issues: [TimelineIssue]) {
        precondition(!issues.isEmpty)
        self.issues = issues
    }

    public var code: TimelineIssue.Code { issues[0].code }

    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
