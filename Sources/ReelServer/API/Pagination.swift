import Foundation
import Hummingbird

/// `limit` and `cursor` of a list request. A cursor is the last item's key, opaque to clients.
struct Pagination {
    var limit: Int
    var after: String?

    init(_ request: Request) throws {
        let query = request.uri.queryParameters
        if let text = query["limit"] {
            guard let limit = Int(String(text)), (1...100).contains(limit) else {
                throw APIError.invalidRequest("limit: must be an integer from 1 to 100", path: "limit")
            }
            self.limit = limit
        } else {
            limit = 20
        }
        if let cursor = query["cursor"], !cursor.isEmpty {
            guard let data = Data(base64URL: String(cursor)), let key = String(data: data, encoding: .utf8) else {
                throw APIError.invalidRequest("cursor: is not a cursor this API returned", path: "cursor")
            }
            after = key
        }
    }

    /// The page of `items` (fetched with `limit + 1`) and the cursor of the next one.
    func page<Item, Output: Encodable>(_ items: [Item], key: (Item) -> String, as transform: (Item) -> Output) -> Page<Output> {
        let shown = Array(items.prefix(limit))
        let next = items.count > limit ? shown.last.map { Data(key($0).utf8).base64URLEncodedString() } : nil
        return Page(data: shown.map(transform), nextCursor: next)
    }
}

extension Data {
    init?(base64URL text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        self.init(base64Encoded: base64)
    }

    func base64URLEncodedString() -> String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
