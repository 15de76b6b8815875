import Foundation
import HTTPTypes
import Hummingbird
import ReelTimeline

/// An error as every endpoint answers it: `{"error": {"code", "message", "details"}}`.
struct APIError: HTTPResponseError {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    var details: [String: JSONValue]?
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String, details: [String: JSONValue]? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var body: [String: JSONValue] = ["code": .string(code), "message": .string(message)]
        if let details { body["details"] = .object(details) }
        var response = try JSONBody.response(status: status, ["error": JSONValue.object(body)])
        response.headers.append(contentsOf: headers)
        return response
    }

    static func notFound(_ what: String) -> APIError { APIError(.notFound, "NOT_FOUND", what) }
    static func invalidRequest(_ message: String, path: String? = nil) -> APIError {
        APIError(.badRequest, "INVALID_REQUEST", message, details: path.map { ["path": .string($0)] })
    }
}

/// JSON response bodies, with the date and key style of the API.
enum JSONBody {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }()

    static func response(status: HTTPResponse.Status = .ok, _ value: some Encodable, headers: HTTPFields = [:]) throws -> Response {
        let data = try encoder.encode(value)
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
