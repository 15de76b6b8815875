import Logging
import ReelStore
import ServiceLifecycle

/// Posts the shared store's notifications, every node's job writes, into this node's signals, so that
/// its workers, event streams, running renders' cancels and webhook dispatcher wake as they do for its own writes.
struct NotificationForwarder: Service {
    let notifications: AsyncStream<StoreNotification>
    let signals: JobSignals
    let logger: Logger

    func run() async {
        await cancelWhenGracefulShutdown {
            for await notification in notifications {
                switch notification {
                case .job(let change):
                    signals.post(change)
                case .listening:
                    // Writes made while the listener was away went unheard: workers and the dispatcher look again.
                    logger.debug("listening to the store's notifications")
                    signals.work.post(0)
                    signals.webhooks.post(0)
                }
            }
        }
    }
}
