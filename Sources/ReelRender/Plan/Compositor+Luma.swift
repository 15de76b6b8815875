import Foundation
import ReelTimeline

extension ClipGroup {
    /// As in Shotstack, a luma clip masks the picture clips it overlaps on its own track: the first one
    /// that overlaps the group masks it while it lasts.
    func masked(byMattesOf track: [ScheduledClip]) -> ClipGroup {
        var group = self
        group.matte = track.first { $0.clip.asset.isMatte && $0.start < end - 1e-6 && $0.end > start + 1e-6 }
        if group.matte != nil, group.glide != nil {
            // The matte stays where it is on the frame: the clip is placed inside its stage, under it.
            group.glide = nil
            group.frame = layouts[0]
        }
        return group
    }
}

extension Compositor {
    /// The group's stream with its alpha replaced by the luma clip's brightness (`alphamerge`) while the
    /// luma clip lasts, and left whole (white) before and after it. Both streams count frames from the
    /// group's start; the luma clip's source is read from its own time, so a chunk draws what a single pass does.
    mutating func mask(_ stream: String, with matte: ScheduledClip, group: ClipGroup) throws(RenderError) -> String {
        guard case .luma(let luma) = matte.clip.asset else { return stream }
        let prepared = try planner.asset(luma.src)
        let lead = matte.start - group.start
        let skipped = max(0, -lead)
        let maskedSeconds = matte.end - max(matte.start, group.start)
        // A still has one frame: it is read whole and held.
        let reading = prepared.info.isStill ? [] : ["-ss", num(matte.sourceStart + skipped), "-t", num(maskedSeconds + 1 / fps.value)]
        let input = plan.addInput(reading + ["-i", prepared.file.path])
        let frame = group.frame
        var filters = [
            "setpts=PTS-STARTPTS", "fps=\(fps)", "scale=\(frame.width):\(frame.height)", "setsar=1", "format=gray",
            "tpad=stop=-1:stop_mode=clone", "trim=end_frame=\(fps.frames(maskedSeconds))",
        ]
        if lead > 0 { filters.append("tpad=start=\(fps.frames(lead)):start_mode=add:color=white") }
        filters += ["tpad=stop=-1:stop_mode=add:color=white", "trim=end_frame=\(fps.frames(group.end - group.start))"]
        let mask = plan.graph.chain(["\(input):v"], filters, hint: "m")
        return plan.graph.chain([stream, mask], ["alphamerge"], hint: "m")
    }
}

extension MediaInfo {
    /// An image rather than a video: ffprobe reads it with an image demuxer and finds no duration.
    var isStill: Bool { duration == nil || formatName.hasSuffix("_pipe") || formatName == "image2" }
}
