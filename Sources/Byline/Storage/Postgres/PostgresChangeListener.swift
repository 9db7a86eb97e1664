import Foundation
import PostgresNIO
import ServiceLifecycle

/// Hears every node's content changes (PostgreSQL `LISTEN`) and hands them to this node's
/// broadcaster.
///
/// It holds one pooled connection while listening. When that connection drops, notifications
/// sent in the meantime are lost, so on reconnecting it announces that anything may have
/// changed before listening again.
struct PostgresChangeListener: Service {
    let database: PostgresDatabase
    let broadcaster: ChangeBroadcaster

    func run() async throws {
        // Waiting for a notification never ends by itself, so shutdown must cancel it.
        try await cancelWhenGracefulShutdown { try await listen() }
    }

    private func listen() async throws {
        var attempt = 0
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let isReconnect = attempt > 0
            attempt += 1
            do {
                try await database.client.withConnection { connection in
                    try await connection.listen(on: PostgresTransaction.channel) { notifications in
                        if isReconnect { broadcaster.publish(.everything) }
                        for try await notification in notifications {
                            let change = try? JSONDecoder().decode(ContentChange.self, from: Data(notification.payload.utf8))
                            broadcaster.publish(change ?? .everything)
                        }
                    }
                }
            } catch {
                database.logger.warning("lost the change notification connection; retrying", metadata: ["error": .string("\(error)")])
            }
            try? await Task.sleep(for: .milliseconds(500))
        }
    }
}
