import Foundation
import HTTPTypes
import Hummingbird
import ReelStorage

/// `GET /files/{job}/{name}?expires=&sig=`: outputs by signed, expiring URL, with `Range` support and no API key.
struct FilesController {
    let services: AppServices
    private let fileIO = FileIO()

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("files/:job/:name", use: download)
    }

    @Sendable func download(_ request: Request, context: AppRequestContext) async throws -> Response {
        let jobID = try context.parameters.require("job")
        let name = try context.parameters.require("name")
        let query = request.uri.queryParameters
        guard let expires = query["expires"].flatMap({ Int(String($0)) }), let signature = query["sig"].map(String.init) else {
            throw APIError(.forbidden, "INVALID_SIGNATURE", "a file URL needs its expires and sig parameters; get one from the job")
        }
        switch services.signer.check(path: "/files/\(jobID)/\(name)", expires: expires, signature: signature) {
        case .invalid: throw APIError(.forbidden, "INVALID_SIGNATURE", "the signature does not match this file")
        case .expired: throw APIError(.forbidden, "URL_EXPIRED", "this file URL has expired; poll the job for a fresh one")
        case .valid: break
        }
        // The signature already binds the path; this keeps a leaked signing secret from reaching outside the outputs.
        guard jobID.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
            name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }), !name.hasPrefix(".")
        else { throw APIError.notFound("no such file") }
        guard let path = try await services.storage.localFile(at: OutputKeys.file(job: jobID, name: name))?.path,
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue else {
            throw APIError.notFound(services.settings.removedOutputMessage)
        }
        var headers: HTTPFields = [.contentType: Self.mediaType(of: name), .acceptRanges: "bytes", .cacheControl: "private, max-age=3600"]
        guard let rangeHeader = request.headers[.range] else {
            headers[.contentLength] = String(size)
            return Response(status: .ok, headers: headers, body: try await open { try await fileIO.loadFile(path: path, context: context) })
        }
        guard let range = Self.byteRange(rangeHeader, size: size) else {
            var error = APIError(.rangeNotSatisfiable, "RANGE_NOT_SATISFIABLE", "the range \(rangeHeader) is not within the file's \(size) bytes")
            error.headers = [.contentRange: "bytes */\(size)"]
            throw error
        }
        headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(size)"
        headers[.contentLength] = String(range.count)
        return Response(status: .partialContent, headers: headers, body: try await open { try await fileIO.loadFile(path: path, range: range, context: context) })
    }

    /// Opens the file: the retention janitor may have removed it since it was looked at, and that
    /// answer must say so, not be the router's bare 404.
    private func open(_ load: () async throws -> ResponseBody) async throws -> ResponseBody {
        do {
            return try await load()
        } catch {
            throw APIError.notFound(services.settings.removedOutputMessage)
        }
    }

    /// One range of `bytes=a-b`, `bytes=a-` or `bytes=-n`, clamped to the file; nil if it lies outside it or is malformed.
    static func byteRange(_ header: String, size: Int) -> ClosedRange<Int>? {
        guard header.hasPrefix("bytes="), size > 0 else { return nil }
        let spec = header.dropFirst("bytes=".count).split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        let parts = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else { return nil }
        if parts[0].isEmpty {
            guard let suffix = Int(parts[1]), suffix > 0 else { return nil }
            return max(0, size - suffix)...(size - 1)
        }
        guard let start = Int(parts[0]), start < size else { return nil }
        if parts[1].isEmpty { return start...(size - 1) }
        guard let end = Int(parts[1]), end >= start else { return nil }
        return start...min(end, size - 1)
    }

    static func mediaType(of name: String) -> String {
        switch URL(fileURLWithPath: name).pathExtension.lowercased() {
        case "mp4": "video/mp4"
        case "webm": "video/webm"
        case "mov": "video/quicktime"
        case "gif": "image/gif"
        case "png": "image/png"
        case "jpg": "image/jpeg"
        case "mp3": "audio/mpeg"
        case "wav": "audio/wav"
        default: "application/octet-stream"
        }
    }
}
