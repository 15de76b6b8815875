import Foundation
import ReelTimeline
import Synchronization

/// Why a render did not produce a file. The codes are the job failure codes of the README's "Errors of a render".
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

/// Reel's own work outside ffmpeg in a task (reading captions, finding fonts) calls this in its
/// loops, so that a cancel, or the render's deadline, stops it at once.
public func checkNotCanceled() throws(RenderError) {
    if Task.isCancelled { throw RenderError.canceledRender }
}

extension RenderError {
    public static let canceledRender = RenderError(.canceled, "the render was canceled")
}

/// Planning runs on a thread of its own, where no task is current: this flag is how a cancel of
/// the render reaches its loops (text layout).
final class CancellationFlag: Sendable {
    private let raised = Mutex(false)

    func raise() { raised.withLock { $0 = true } }

    func check() throws(RenderError) {
        if raised.withLock({ $0 }) { throw RenderError.canceledRender }
    }
}

/// Runs synchronous, CPU-bound `work` on a thread of its own, so that it never holds one of the
/// concurrency pool's few threads (which the render's deadline, other renders and the HTTP
/// server need), and raises the flag it is given when the calling task is canceled.
func onOwnThread<Value: Sendable>(_ work: @escaping @Sendable (CancellationFlag) throws(RenderError) -> Value) async throws(RenderError) -> Value {
    let flag = CancellationFlag()
    let result = await withTaskCancellationHandler {
        await withCheckedContinuation { (continuation: CheckedContinuation<Result<Value, RenderError>, Never>) in
            Thread {
                do throws(RenderError) {
                    continuation.resume(returning: .success(try work(flag)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }.start()
        }
    } onCancel: {
        flag.raise()
    }
    return try result.get()
}
