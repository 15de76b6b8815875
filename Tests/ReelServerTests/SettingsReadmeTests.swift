import Foundation
@testable import ReelServer
import Testing

/// The README's "Server settings" table and `SettingsCatalogue` list the same settings, in the same
/// order, with the same flags, variables and defaults.
@Suite struct SettingsReadmeTests {
    @Test func theReadmeTableListsEverySettingOfTheCatalogueAndNoOther() throws {
        let rows = try Self.readmeRows()
        #expect(rows.map(\.variable) == SettingsCatalogue.all.map { Self.variableCell($0) })
        for (setting, row) in zip(SettingsCatalogue.all, rows) {
            #expect(row.flag == setting.flag.map { "`\($0)`" + (setting.isList ? " (repeatable)" : "") } ?? "—", "\(setting.name)")
            let described = row.default.replacing("`", with: "")
            let rest = described.hasPrefix(setting.shownDefault) ? described.dropFirst(setting.shownDefault.count) : nil
            // The default is followed by its explanation, if any, not by more of a longer number or name.
            let opens = rest.map { $0.first.map { !$0.isLetter && !$0.isNumber && $0 != "." } ?? true } ?? false
            #expect(opens, "\(setting.name): the README's default is \(row.default), the catalogue's \(setting.shownDefault)")
        }
    }

    private static func variableCell(_ setting: any AnySetting) -> String {
        "`\(setting.variable)`" + (setting.isList ? " (comma-separated)" : "")
    }

    /// The rows below the table's header: flag, variable and default.
    private static func readmeRows() throws -> [(flag: String, variable: String, default: String)] {
        let readme = try String(contentsOf: OpenAPITests.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "### Server settings").dropFirst().first).components(separatedBy: "\n#").first ?? ""
        let lines = section.split(separator: "\n").filter { $0.hasPrefix("| ") }.dropFirst()
        return try lines.map { line in
            let cells = line.dropFirst(2).dropLast(2).components(separatedBy: " | ")
            try #require(cells.count == 3, "not a row of three cells: \(line)")
            return (cells[0], cells[1], cells[2])
        }
    }
}
