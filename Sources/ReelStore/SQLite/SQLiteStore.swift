import Foundation
import GRDB

/// The embedded store: one SQLite file in WAL mode through a GRDB `DatabasePool`.
public final class SQLiteStore: Store {
    let pool: DatabasePool

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        pool = try DatabasePool(path: path, configuration: configuration)
        try Migrations.migrator.migrate(pool)
    }
}
