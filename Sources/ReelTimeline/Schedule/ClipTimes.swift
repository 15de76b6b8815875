/// Resolves each clip's start and length in seconds of the timeline: an `auto` start follows the previous
/// clip of its track, an `auto` length comes from the media, and `alias://NAME` takes the start or the
/// length of the clip whose `alias` is NAME, on any track (Shotstack's smart clips). A reference to an
/// unknown alias, and references that go round in a cycle, are refused by the path of the field.
struct ClipTimes {
    struct ClipID: Hashable {
        var track: Int
        var clip: Int
    }

    private enum Part: String {
        case start, length
    }

    private struct Field: Hashable {
        var clip: ClipID
        var part: Part
    }

    private let tracks: [Track]
    private let mediaDurations: [MediaSource: Double]
    private let log: IssueLog
    private var aliases: [String: ClipID] = [:]
    /// Every field worked out so far; nil where it could not be, its issue already logged.
    private var resolved: [Field: Double?] = [:]
    /// The fields being worked out: meeting one of them again is a cycle.
    private var pending: Set<Field> = []

    init(_ timeline: Timeline, mediaDurations: [MediaSource: Double], log: IssueLog) {
        tracks = timeline.tracks
        self.mediaDurations = mediaDurations
        self.log = log
        for (trackIndex, track) in tracks.enumerated() {
            for (clipIndex, clip) in track.clips.enumerated() {
                guard let alias = clip.alias else { continue }
                let id = ClipID(track: trackIndex, clip: clipIndex)
                if let first = aliases[alias] {
                    log.invalid(Self.path(id) + ".alias", "'\(alias)' is already the alias of \(Self.path(first))")
                } else {
                    aliases[alias] = id
                }
            }
        }
    }

    static func path(_ id: ClipID) -> String { Timeline.path(track: id.track, clip: id.clip) }

    /// The clip with its times; nil, with the issue logged, when one of them cannot be worked out.
    mutating func scheduled(_ id: ClipID) -> ScheduledClip? {
        guard let start = start(of: id), let length = length(of: id) else { return nil }
        return ScheduledClip(clip: clip(id), path: Self.path(id), start: start, length: length, phase: 0, fullLength: length)
    }

    private func clip(_ id: ClipID) -> Clip { tracks[id.track].clips[id.clip] }

    private mutating func start(of id: ClipID) -> Double? {
        resolve(Field(clip: id, part: .start)) { times in
            switch times.clip(id).start {
            case .at(let seconds): return seconds
            case .auto:
                guard id.clip > 0 else { return 0 }
                let previous = ClipID(track: id.track, clip: id.clip - 1)
                guard let start = times.start(of: previous), let length = times.length(of: previous) else { return nil }
                return start + length
            case .alias(let name):
                return times.target(name, of: Field(clip: id, part: .start)).flatMap { times.start(of: $0) }
            }
        }
    }

    /// Infinite for a length of `end` (and a reference to one), until the timeline's end is known.
    private mutating func length(of id: ClipID) -> Double? {
        resolve(Field(clip: id, part: .length)) { times in
            let clip = times.clip(id)
            switch clip.length {
            case .seconds(let seconds): return seconds
            case .end: return .infinity
            case .alias(let name):
                return times.target(name, of: Field(clip: id, part: .length)).flatMap { times.length(of: $0) }
            case .auto:
                guard clip.asset.hasMediaDuration, let source = clip.asset.lengthSource else { return 3 }
                let duration = times.mediaDurations[source] ?? 0
                let remaining = duration - clip.asset.trim
                guard remaining > 0 else {
                    times.log.invalid(Self.path(id) + ".asset.trim", "is at or beyond the end of the media (\(format(duration)) s long)")
                    return nil
                }
                return remaining / clip.asset.speed
            }
        }
    }

    private mutating func target(_ name: String, of field: Field) -> ClipID? {
        guard let target = aliases[name] else {
            log.invalid(Self.path(field.clip) + "." + field.part.rawValue, "refers to 'alias://\(name)', but no clip has the alias '\(name)'")
            return nil
        }
        return target
    }

    /// Works a field out once; a field met again while it is being worked out closes a cycle.
    private mutating func resolve(_ field: Field, _ work: (inout ClipTimes) -> Double?) -> Double? {
        if let known = resolved[field] { return known }
        guard pending.insert(field).inserted else {
            log.invalid(Self.path(field.clip) + "." + field.part.rawValue, "depends on itself through 'alias://' references and 'auto' starts")
            return nil
        }
        let value = work(&self)
        pending.remove(field)
        resolved[field] = value
        return value
    }
}
