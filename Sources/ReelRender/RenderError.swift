import ReelTimeline

/// Why a render did not produce a file. The codes are the job failure codes of DESIGN.md §3.
public struct RenderError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case invalidAsset = "INVALID_ASSET"
        case invalidTimeline = "INVALID_TIMELINE"
        case unsupportedFeature = "UNSUPPORTED_FEATURE"
        case renderTimeout = "RENDER_TIMEOUT"
        case renderFailed = "RENDER_FAILED"
        case canceled = "CANCELED"
        case internalError = "INTERNAL_ERROR"
    }

    public var code: Code
    public var message: String
    /// The JSON path at fault, when one is.
    public var path: String?

    public init(_ code: Code, _ message: String, path: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
    }

    init(_ error: TimelineValidationError) {
        let first = error.issues[0]
        let code: Code =
            switch error.code {
            case .unsupportedFeature: .unsupportedFeature
            case .invalidAsset: .invalidAsset
            case .invalidTimeline, .invalidRequest: .invalidTimeline
            }
        self.init(code, error.description, path: first.path)
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
