import Foundation
import PostgresNIO

/// Where the database is and who Reel is there, read from `postgres://user:password@host:port/database`
/// (or `postgresql://`), with `?host=/socket/folder` (and `&port=`) for a Unix socket and `?sslmode=disable|prefer|require`.
struct PostgresAddress: Sendable {
    var host = "localhost"
    var port = 5432
    /// The folder of the server's Unix socket, when connecting through one.
    var socketFolder: String?
    var username = "postgres"
    var password: String?
    var database: String?
    var tls = TLSMode.prefer

    enum TLSMode: String {
        case disable, prefer, require
    }

    init(_ url: String) throws {
        guard PostgresStore.handles(url: url), let components = URLComponents(string: url) else {
            throw PostgresStoreError.invalidURL("not a postgres:// URL")
        }
        if let host = components.host, !host.isEmpty { self.host = host }
        if let port = components.port { self.port = port }
        if let user = components.user, !user.isEmpty { username = user.removingPercentEncoding ?? user }
        password = components.password.map { $0.removingPercentEncoding ?? $0 }
        let name = String(components.path.drop { $0 == "/" })
        if !name.isEmpty { database = name.removingPercentEncoding ?? name }
        for item in components.queryItems ?? [] {
            switch item.name {
            case "host" where item.value?.hasPrefix("/") == true:
                socketFolder = item.value
            case "port":
                if let port = item.value.flatMap(Int.init) { self.port = port }
            case "sslmode":
                switch item.value {
                case "disable", "allow": tls = .disable
                case "prefer", nil: tls = .prefer
                default: tls = .require
                }
            default:
                continue
            }
        }
    }

    var clientConfiguration: PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        if let socketFolder {
            configuration = .init(
                unixSocketPath: "\(socketFolder)/.s.PGSQL.\(port)", username: username, password: password, database: database)
        } else {
            configuration = .init(host: host, port: port, username: username, password: password, database: database, tls: clientTLS)
        }
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }

    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if let socketFolder {
            configuration = .init(
                unixSocketPath: "\(socketFolder)/.s.PGSQL.\(port)", username: username, password: password, database: database)
        } else {
            configuration = .init(host: host, port: port, username: username, password: password, database: database, tls: try connectionTLS())
        }
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }

    private var clientTLS: PostgresClient.Configuration.TLS {
        switch tls {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }

    private func connectionTLS() throws -> PostgresConnection.Configuration.TLS {
        switch tls {
        case .disable: .disable
        case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
    }
}
