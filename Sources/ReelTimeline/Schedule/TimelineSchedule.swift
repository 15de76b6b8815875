/// A clip with its times resolved, in seconds of the rendered output.
public struct ScheduledClip: Sendable, Equatable {
    public var clip: Clip
    /// The clip's JSON path, for messages.
    public var path: String
    public var start: Double
    public var length: Double
    /// Seconds cut from the clip's own start by the output range.
    public var phase: Double
    /// The clip's length before the output range cut it.
    public var fullLength: Double

    public var end: Double { start + length }
    /// Where reading the source begins: its trim plus what the range cut, at the source's speed.
    public var sourceStart: Double { clip.asset.trim + phase * clip.asset.speed }
    /// Seconds of the source the clip plays.
    public var sourceLength: Double { length * clip.asset.speed }
}

/// The timeline with every `auto` and `end` resolved and the output range applied.
public struct TimelineSchedule: Sendable, Equatable {
    /// Tracks as in the request, top first, each sorted by start.
    public var tracks: [[ScheduledClip]]
    /// The length of the rendered output.
    public var duration: Double
    /// Seconds into the soundtrack where the output begins.
    public var soundtrackOffset: Double

    /// Resolves clip times. `mediaDurations` holds the probed length of each video and audio source
    /// and the end of each caption file's last cue.
    public static func resolve(
        _ timeline: Timeline, range: OutputRange?, mediaDurations: [MediaSource: Double], limits: TimelineLimits
    ) throws(TimelineValidationError) -> TimelineSchedule {
        let log = IssueLog()
        var times = ClipTimes(timeline, mediaDurations: mediaDurations, log: log)
        var tracks = timeline.tracks.enumerated().map { trackIndex, track in
            track.clips.indices.compactMap { times.scheduled(ClipTimes.ClipID(track: trackIndex, clip: $0)) }
        }
        let fixedEnds = tracks.joined().filter { $0.length.isFinite }.map(\.end)
        guard let timelineEnd = fixedEnds.max(), timelineEnd > 0 else {
            log.invalid("timeline.tracks", "needs at least one clip whose length is not 'end'")
            throw log.error
        }
        for trackIndex in tracks.indices {
            for clipIndex in tracks[trackIndex].indices where !tracks[trackIndex][clipIndex].length.isFinite {
                let clip = tracks[trackIndex][clipIndex]
                guard clip.start < timelineEnd else {
                    log.invalid(clip.path + ".start", "is at or after the end of the timeline (\(format(timelineEnd)) s)")
                    continue
                }
                tracks[trackIndex][clipIndex].length = timelineEnd - clip.start
                tracks[trackIndex][clipIndex].fullLength = timelineEnd - clip.start
            }
            tracks[trackIndex].sort { $0.start < $1.start }
            // A luma matte overlaps the clips it masks.
            checkOverlaps(tracks[trackIndex].filter { !$0.clip.asset.isMatte }, log: log)
        }
        if timelineEnd > limits.maxDuration {
            log.invalid("timeline", "lasts \(format(timelineEnd)) s, more than the \(format(limits.maxDuration)) s allowed")
        }
        let window = outputWindow(range, timelineEnd: timelineEnd, log: log)
        guard log.isEmpty else { throw log.error }
        return TimelineSchedule(
            tracks: tracks.map { $0.compactMap { cut($0, to: window) } },
            duration: window.upperBound - window.lowerBound, soundtrackOffset: window.lowerBound)
    }

    /// Clips on one track meet end to start; they may overlap only where a transition joins them.
    private static func checkOverlaps(_ clips: [ScheduledClip], log: IssueLog) {
        for (previous, next) in zip(clips, clips.dropFirst()) {
            let overlap = previous.end - next.start
            guard overlap > 1e-6 else { continue }
            let joined = next.clip.transition.in != nil || previous.clip.transition.out != nil
            if !joined {
                log.invalid(next.path + ".start", "overlaps \(previous.path), which ends at \(format(previous.end)) s; clips on one track overlap only across a transition")
            } else if overlap > min(previous.length, next.length) - 1e-6 {
                log.invalid(next.path + ".start", "overlaps \(previous.path) by \(format(overlap)) s, more than either clip lasts")
            }
        }
        for (first, third) in zip(clips, clips.dropFirst(2)) where first.end - third.start > 1e-6 {
            log.invalid(third.path + ".start", "overlaps \(first.path); a transition joins two clips, not three")
        }
    }

    private static func outputWindow(_ range: OutputRange?, timelineEnd: Double, log: IssueLog) -> ClosedRange<Double> {
        guard let range else { return 0...timelineEnd }
        guard range.start < timelineEnd else {
            log.invalid("output.range.start", "is at or after the end of the timeline (\(format(timelineEnd)) s)")
            return 0...timelineEnd
        }
        return range.start...min(timelineEnd, range.start + (range.length ?? .infinity))
    }

    private static func cut(_ clip: ScheduledClip, to window: ClosedRange<Double>) -> ScheduledClip? {
        let start = max(clip.start, window.lowerBound)
        let end = min(clip.end, window.upperBound)
        guard end - start > 1e-6 else { return nil }
        var cut = clip
        cut.phase = start - clip.start
        cut.start = start - window.lowerBound
        cut.length = end - start
        return cut
    }
}
