import Foundation
import HTTPTypes
import Hummingbird
import ReelStorage

/// Files by signed, expiring URL, with `Range` support and no API key: `GET /files/{job}/{name}`
/// for outputs and `GET /files/uploads/{id}` for uploads. A storage with download URLs of its own
/// (S3) serves the bytes: once the URL's signature is checked, the answer is a redirect there.
struct FilesController {
    let services: AppServices
    private let fileIO = FileIO()

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("files/uploads/:id", use: upload)
        router.get("files/:job/:name", use: output)
    }

    @Sendable func output(_ request: Request, context: AppRequestContext) async throws -> Response {
        let jobID = try context.parameters.require("job")
        let name = try context.parameters.require("name")
        let expires = try checkSignature(request, path: "/files/\(jobID)/\(name)")
        // The signature already binds the path; this keeps a leaked signing secret from reaching outside the outputs.
        guard jobID.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
            name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }), !name.hasPrefix(".")
        else { throw APIError.notFound("no such file") }
        let key = OutputKeys.file(job: jobID, name: name)
        let missing = services.settings.removedOutputMessage
        if let redirect = try await redirect(to: key, until: expires, DownloadPresentation(contentType: Self.mediaType(of: name)), missing: missing) {
            return redirect
        }
        let file = try await services.storage.localFile(at: key)
        return try await serve(
            file, request, context, headers: [.contentType: Self.mediaType(of: name), .cacheControl: "private, max-age=3600"], missing: missing)
    }

    /// An upload is served as the type its bytes were found to be, as an attachment, never sniffed:
    /// whatever it holds, a browser does not run it as a page of this server.
    @Sendable func upload(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let expires = try checkSignature(request, path: "/files/uploads/\(id)")
        guard let upload = try await services.store.upload(id: id) else { throw APIError.notFound("no such upload") }
        let presentation = DownloadPresentation(contentType: upload.mimeType, contentDisposition: Self.attachment(named: upload.name))
        if let redirect = try await redirect(to: upload.storageKey, until: expires, presentation, missing: "no such upload") { return redirect }
        let file = try await services.storage.localFile(at: upload.storageKey)
        return try await serve(
            file, request, context,
            headers: [
                .contentType: upload.mimeType, .contentDisposition: Self.attachment(named: upload.name),
                HTTPField.Name("X-Content-Type-Options")!: "nosniff", .cacheControl: "private, max-age=3600",
            ], missing: "no such upload")
    }

    /// Checks the URL's signature and returns when it expires.
    private func checkSignature(_ request: Request, path: String) throws -> Int {
        let query = request.uri.queryParameters
        guard let expires = query["expires"].flatMap({ Int(String($0)) }), let signature = query["sig"].map(String.init) else {
            throw APIError(.forbidden, "INVALID_SIGNATURE", "a file URL needs its expires and sig parameters; get one from the job or upload")
        }
        switch services.signer.check(path: path, expires: expires, signature: signature) {
        case .invalid: throw APIError(.forbidden, "INVALID_SIGNATURE", "the signature does not match this file")
        case .expired: throw APIError(.forbidden, "URL_EXPIRED", "this file URL has expired; ask the API for a fresh one")
        case .valid: return expires
        }
    }

    /// A redirect to the storage's own URL for `key`, valid as long as the signed URL that led there
    /// (S3 allows 7 days at most); nil where the storage has none. The file is looked for first, so that
    /// a removed one is this server's 404, with its reason.
    private func redirect(to key: String, until expires: Int, _ presentation: DownloadPresentation, missing: String) async throws -> Response? {
        let lifetime = min(max(expires - Int(Date().timeIntervalSince1970), 60), 7 * 24 * 3600)
        guard let url = try await services.storage.downloadURL(for: key, lifetime: lifetime, presentation: presentation) else { return nil }
        guard try await services.storage.contains(key) else { throw APIError.notFound(missing) }
        return Response(status: .found, headers: [.location: url.absoluteString, .cacheControl: "no-store"])
    }

    /// The whole file or the one range asked for; `missing` says why a file that is not there is gone.
    private func serve(
        _ file: URL?, _ request: Request, _ context: AppRequestContext, headers: HTTPFields, missing: String
    ) async throws -> Response {
        guard let path = file?.path, let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue else {
            throw APIError.notFound(missing)
        }
        var headers = headers
        headers[.acceptRanges] = "bytes"
        guard let rangeHeader = request.headers[.range] else {
            headers[.contentLength] = String(size)
            return Response(status: .ok, headers: headers, body: try await open(missing) { try await fileIO.loadFile(path: path, context: context) })
        }
        guard let range = Self.byteRange(rangeHeader, size: size) else {
            var error = APIError(.rangeNotSatisfiable, "RANGE_NOT_SATISFIABLE", "the range \(rangeHeader) is not within the file's \(size) bytes")
            error.headers = [.contentRange: "bytes */\(size)"]
            throw error
        }
        headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(size)"
        headers[.contentLength] = String(range.count)
        return Response(status: .partialContent, headers: headers, body: try await open(missing) { try await fileIO.loadFile(path: path, range: range, context: context) })
    }

    /// Opens the file: the retention janitor or a delete may have removed it since it was looked at,
    /// and that answer must say so, not be the router's bare 404.
    private func open(_ missing: String, _ load: () async throws -> ResponseBody) async throws -> ResponseBody {
        do {
            return try await load()
        } catch {
            throw APIError.notFound(missing)
        }
    }

    /// `attachment` with the display name twice: plain ASCII for old clients, and RFC 8187's
    /// UTF-8 form; neither can end the header or add a parameter.
    static func attachment(named name: String) -> String {
        let ascii = String(name.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" && $0 != ";" ? Character($0) : "_" })
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~")).intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        let encoded = name.addingPercentEncoding(withAllowedCharacters: allowed) ?? "upload"
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
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
