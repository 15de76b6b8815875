/// A clip's `alias`, and the `alias://NAME` references to it in other clips' `start` and `length`.
extension ClipParser {
    static let aliasScheme = "alias://"
    static let maxAliasLength = 64

    func alias(_ reader: ObjectReader) -> String? {
        guard let name = reader.string("alias", maxLength: Self.maxAliasLength) else { return nil }
        guard isAliasName(name) else {
            log.invalid(reader.path("alias"), Self.aliasRule)
            return nil
        }
        return name
    }

    func reference(_ text: String, at path: String) -> String? {
        let name = String(text.dropFirst(Self.aliasScheme.count))
        guard name.count <= Self.maxAliasLength, isAliasName(name) else {
            log.invalid(path, "must be 'alias://' and a clip's alias: \(Self.aliasRule)")
            return nil
        }
        return name
    }

    private static var aliasRule: String { "an alias is 1 to \(maxAliasLength) letters, digits, '-' or '_'" }

    private func isAliasName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }
    }
}
