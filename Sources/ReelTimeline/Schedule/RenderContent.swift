/// What a render's file depends on, written out canonically (the README's "Projects"): two requests
/// with the same text render the same file.
extension RenderRequest {
    /// Raised whenever Reel starts drawing some request differently, so that no file rendered before
    /// passes for one rendered now.
    static let contentVersion = 1

    /// The request as read (merge fields applied, defaults filled in) with each clip at the times its
    /// schedule gives it, `auto` and `end` resolved and the output range applied (a clip the range
    /// leaves out is left out), in the order it is drawn; each source written as `identity` names its
    /// bytes. Its JSON paths, `callback` and `metadata` are left out: they change nothing in the file.
    /// Every other field of the model is written, found by reflection, so that a field added later can
    /// never be left out of the text.
    public func canonicalContent(schedule: TimelineSchedule, identity: (MediaSource) -> String) -> String {
        let tracks = schedule.tracks.map { track in
            track.map { scheduled in
                var clip = scheduled
                clip.path = ""
                clip.clip.start = .at(scheduled.start)
                clip.clip.length = .seconds(scheduled.length)
                return clip
            }
        }
        var settings = timeline
        settings.tracks = []
        var text = "reel-render-content \(Self.contentVersion)\n"
        let parts: [(String, Any)] = [
            ("timeline", settings), ("tracks", tracks), ("output", output), ("duration", schedule.duration), ("soundtrack", schedule.soundtrackOffset),
        ]
        for (name, part) in parts {
            text += name + " "
            Self.write(part, into: &text, identity: identity)
            text += "\n"
        }
        return text
    }

    private static func write(_ value: Any, into text: inout String, identity: (MediaSource) -> String) {
        if let source = value as? MediaSource {
            text += "source(" + identity(source).debugDescription + ")"
            return
        }
        if let string = value as? String {
            text += string.debugDescription
            return
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            if let wrapped = mirror.children.first { write(wrapped.value, into: &text, identity: identity) } else { text += "nil" }
        case .enum where !mirror.children.isEmpty:
            for (label, payload) in mirror.children {
                text += (label ?? "") + "("
                write(payload, into: &text, identity: identity)
                text += ")"
            }
        case .struct, .class, .tuple:
            text += "{"
            for (label, child) in mirror.children {
                text += (label ?? "") + ":"
                write(child, into: &text, identity: identity)
                text += ","
            }
            text += "}"
        case .collection:
            text += "["
            for (_, element) in mirror.children {
                write(element, into: &text, identity: identity)
                text += ","
            }
            text += "]"
        case .dictionary, .set:
            // No order of their own: their elements are written sorted.
            let elements = mirror.children.map { _, element in
                var written = ""
                write(element, into: &written, identity: identity)
                return written
            }
            text += "{" + elements.sorted().joined(separator: ",") + "}"
        default:
            // Numbers, booleans and enums without payloads: Swift writes each the same way every time.
            text += String(describing: value)
        }
    }
}
