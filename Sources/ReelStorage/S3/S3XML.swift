import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// An XML document as a tree of elements and their text: S3's answers are small and shallow.
struct XMLNode: Sendable {
    var name: String
    var text = ""
    var children: [XMLNode] = []

    /// The children named `name`.
    func all(_ name: String) -> [XMLNode] { children.filter { $0.name == name } }

    /// The text of the first child named `name`.
    func value(_ name: String) -> String? { children.first { $0.name == name }?.text }

    /// The document's root, or nil if `data` is not well-formed XML.
    static func parse(_ data: Data) -> XMLNode? {
        let builder = TreeBuilder()
        let parser = XMLParser(data: data)
        parser.delegate = builder
        // An answer from a storage service never needs an outside entity; resolving one could reach anywhere.
        parser.shouldResolveExternalEntities = false
        guard parser.parse() else { return nil }
        return builder.root
    }
}

private final class TreeBuilder: NSObject, XMLParserDelegate {
    private var open: [XMLNode] = []
    var root: XMLNode?

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        open.append(XMLNode(name: elementName))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !open.isEmpty else { return }
        open[open.count - 1].text += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard let node = open.popLast() else { return }
        if open.isEmpty { root = node } else { open[open.count - 1].children.append(node) }
    }
}

/// An answer of the storage service other than the one expected, with S3's error code when it gave one.
public struct S3Error: Error, Sendable, CustomStringConvertible {
    public let status: Int
    /// `NoSuchBucket`, `AccessDenied`, `SignatureDoesNotMatch`…; `HTTP_<status>` when the body named none.
    public let code: String
    public let message: String
    /// What was asked: the method and the object or bucket.
    public let request: String

    init(status: Int, code: String, message: String, request: String) {
        self.status = status
        self.code = code
        self.message = message
        self.request = request
    }

    /// The error an answer's body names.
    init(status: Int, body: Data, request: String) {
        let error = XMLNode.parse(body).flatMap { $0.name == "Error" ? $0 : nil }
        self.init(
            status: status, code: error?.value("Code") ?? "HTTP_\(status)",
            message: error?.value("Message") ?? String(decoding: body.prefix(200), as: UTF8.self), request: request)
    }

    public var description: String { "S3 \(request): \(status) \(code): \(message)" }
}

/// ListObjectsV2's dates, `2009-10-12T17:50:30.000Z`, with or without the fraction.
enum S3Dates {
    static func parse(_ text: String) -> Date? {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return withFraction.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }
}
