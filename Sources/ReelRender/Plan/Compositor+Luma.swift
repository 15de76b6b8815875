import Foundation
import ReelTimeline

extension ClipGroup {
    /// As in Shotstack, luma clips mask the picture clips they overlap on their own track, each while it
    /// lasts: one at a clip's start and one at its end make a custom transition in and out.
    func masked(byMattesOf track: [ScheduledClip]) -> ClipGroup {
        var group = self
        group.mattes = track.filter { $0.clip.asset.isMatte && $0.start < end - 1e-6 && $0.end > start + 1e-6 }.sorted { $0.start < $1.start }
        return group
    }
}

extension Compositor {
    /// The group's stream with its alpha replaced by its luma clips' brightness (`alphamerge`) while each
    /// lasts (a later one cutting short one it overlaps), and left whole (white) elsewhere. Both streams
    /// count frames from the group's start; each luma clip's source is read from its own time, so a chunk
    /// draws what a single pass does.
    mutating func mask(_ stream: String, with mattes: [ScheduledClip], group: ClipGroup) throws(RenderError) -> String {
        let total = fps.frames(group.end - group.start)
        func frame(_ time: Double) -> Int { min(total, max(0, Int(((time - group.start) * fps.value).rounded()))) }
        var pieces: [String] = []
        var covered = 0
        for (index, matte) in mattes.enumerated() {
            guard case .luma(let luma) = matte.clip.asset else { continue }
            let first = max(covered, frame(matte.start))
            let last = frame(index + 1 < mattes.count ? min(matte.end, mattes[index + 1].start) : matte.end)
            guard last > first else { continue }
            let prepared = try planner.asset(luma.src)
            // Seconds of the matte before the group's first masked frame: none when it starts on the group.
            let skipped = max(0, Double(first) / fps.value + group.start - matte.start)
            let seconds = Double(last - first) / fps.value
            // A still has one frame: it is read whole and held.
            let reading = prepared.info.isStill ? [] : ["-ss", num(matte.sourceStart + skipped), "-t", num(seconds + 1 / fps.value)]
            let input = plan.addInput(reading + ["-i", prepared.file.path])
            var filters = [
                "setpts=PTS-STARTPTS", "fps=\(fps)", "scale=\(group.frame.width):\(group.frame.height)", "setsar=1", "format=gray",
                "tpad=stop=-1:stop_mode=clone", "trim=end_frame=\(last - first)",
            ]
            if first > covered { filters.append("tpad=start=\(first - covered):start_mode=add:color=white") }
            pieces.append(plan.graph.chain(["\(input):v"], filters, hint: "m"))
            covered = last
        }
        guard !pieces.isEmpty else { return stream }
        let joined = pieces.count > 1 ? ["concat=n=\(pieces.count):v=1:a=0"] : []
        let mask = plan.graph.chain(pieces, joined + ["tpad=stop=-1:stop_mode=add:color=white", "trim=end_frame=\(total)"], hint: "m")
        return plan.graph.chain([stream, mask], ["alphamerge"], hint: "m")
    }
}

extension MediaInfo {
    /// An image rather than a video: ffprobe reads it with an image demuxer and finds no duration.
    var isStill: Bool { duration == nil || formatName.hasSuffix("_pipe") || formatName == "image2" }
}
